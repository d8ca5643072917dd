import DICOM
import Foundation
import GRDB
import ObjectStorage

/// One instance chosen for export.
struct ExportItem: Sendable {
    var study: String
    var series: String
    var sop: String
    var hash: String
    var frames: Int
}

/// One export operation's work: pick the instances (all, or what the filter file names), write each as
/// the format asks under `uriPrefix/STUDY/SERIES/`, with bounded concurrency and batched progress.
struct ExportJob {
    let service: EmbeddedService
    let operation: Operation
    let request: ExportRequest
    var progress: OperationProgress
    var processed: Int64 = 0
    var cancelled = false

    /// Instances exported at once (`DICOM_CONSOLE_EXPORT_CONCURRENCY`, as imports have theirs).
    static let concurrency = max(1, Int(ProcessInfo.processInfo.environment["DICOM_CONSOLE_EXPORT_CONCURRENCY"] ?? "") ?? 4)

    init(service: EmbeddedService, operation: Operation, request: ExportRequest) {
        self.service = service
        self.operation = operation
        self.request = request
        progress = OperationProgress(name: operation.name)
    }

    mutating func run() async {
        let heartbeat = OperationHeartbeat.start(service, operation.name)
        defer { heartbeat.cancel() }
        do {
            try await exportAll()
            try await service.finish(operation.name, counter: progress.counter, error: finalError())
        } catch {
            let failure = ServiceError(error)
            try? await service.finish(operation.name, counter: progress.counter,
                                      error: .init(code: failure.code, message: failure.message, sampleErrors: progress.samples))
        }
    }

    private mutating func exportAll() async throws {
        let format = try ExportFormat(mimeType: request.gcsDestination.mimeType)
        let destination = try StorageURI(request.gcsDestination.uriPrefix)
        let storage = service.storage
        _ = try await storage.bucket(destination.bucket)
        let agent = service.serviceAgent(of: operation.store.dataset.parent.project)
        let access = try await BucketAccess.check(storage, bucket: destination.bucket, member: agent, need: .write,
                                                  grantTool: storage.grantTool(for: destination.bucket))
        if case .missing = access { throw ServiceError(.permissionDenied, access.explanation(agent: agent, bucket: destination.bucket)) }
        let items = try await selectItems()
        let context = ExportContext(service: service, bucket: destination.bucket,
                                    folder: destination.path.hasSuffix("/") || destination.path.isEmpty ? destination.path : destination.path + "/",
                                    format: format, stagesLocally: storage.local.hasBucket(destination.bucket))
        var batch = ExportBatch()
        defer { storage.local.discard(batch.staged) }  // left only when the group failed
        try await withThrowingTaskGroup(of: (ExportItem, [ExportOutcome]).self) { group in
            var next = 0
            var inFlight = 0
            while next < items.count, inFlight < Self.concurrency {
                let item = items[next]
                group.addTask { (item, await context.export(item)) }
                next += 1
                inFlight += 1
            }
            while let (item, outcomes) = try await group.next() {
                inFlight -= 1
                batch.add(item, outcomes)
                if batch.isDue { settle(batch.take(), bucket: destination.bucket) }
                if progress.isDue, try await progress.save(service: service, pending: Int64(items.count) - processed) {
                    cancelled = true
                    group.cancelAll()
                }
                if !cancelled, next < items.count {
                    let item = items[next]
                    group.addTask { (item, await context.export(item)) }
                    next += 1
                    inFlight += 1
                }
            }
        }
        settle(batch.take(), bucket: destination.bucket)
        if context.stagesLocally, progress.counter.success > 0 { try storage.local.sync(bucket: destination.bucket) }
        _ = try await progress.save(service: service, pending: Int64(items.count) - processed)
    }

    /// Counts finished instances, publishing a local bucket's staged objects first (one `syncfs`, then
    /// renames): an instance is a success once its objects are durable and named.
    private mutating func settle(_ finished: [(ExportItem, [ExportOutcome])], bucket: String) {
        let staged = ExportBatch.staged(in: finished)
        var publishFailure: ServiceError?
        do { try service.storage.local.publish(staged, bucket: bucket) } catch { publishFailure = ServiceError(error) }
        for (item, outcomes) in finished {
            processed += 1
            if case .failed(let resource, let code, let message)? = outcomes.first(where: { if case .failed = $0 { true } else { false } }) {
                progress.failed(resource, code, message)
            } else if let publishFailure {
                progress.failed("/studies/\(item.study)/series/\(item.series)/instances/\(item.sop)", publishFailure.code, publishFailure.message)
            } else {
                progress.succeeded()
            }
        }
    }

    /// Every instance of the store, or those the filter file names (names not in the store are failures).
    private mutating func selectItems() async throws -> [ExportItem] {
        let store = operation.store.description
        guard let text = request.filterText else {
            return try await service.read { db in
                try Row.fetchAll(db, sql: "SELECT studyInstanceUID, seriesInstanceUID, sopInstanceUID, contentHash, numberOfFrames FROM instance WHERE store = ? ORDER BY studyInstanceUID, seriesInstanceUID, instanceNumber, sopInstanceUID",
                                 arguments: [store]).map(Self.item)
            }
        }
        let filter = try FilterFile(parsing: text, source: request.filterConfig?.resourcePathsGcsUri ?? "filter file")
        var items: [ExportItem] = []
        var seen = Set<String>()
        for resource in filter.resources {
            var sql = "SELECT studyInstanceUID, seriesInstanceUID, sopInstanceUID, contentHash, numberOfFrames FROM instance WHERE store = ? AND studyInstanceUID = ?"
            var arguments: StatementArguments = [store, resource.study]
            if let series = resource.series { sql += " AND seriesInstanceUID = ?"; arguments += [series] }
            if let instance = resource.instance { sql += " AND sopInstanceUID = ?"; arguments += [instance] }
            let found = try await service.read { [sql, arguments] db in try Row.fetchAll(db, sql: sql + " ORDER BY seriesInstanceUID, instanceNumber, sopInstanceUID", arguments: arguments).map(Self.item) }
            if found.isEmpty {
                progress.failed(resource.path, .notFound, "line \(resource.line): \(resource.path) is not in the store")
            }
            for item in found where seen.insert(item.sop).inserted { items.append(item) }
        }
        return items
    }

    static func item(_ row: Row) -> ExportItem {
        ExportItem(study: row[0], series: row[1], sop: row[2], hash: row[3], frames: row[4])
    }

    private func finalError() -> Operation.Failure? {
        if cancelled {
            return .init(code: .cancelled, message: "cancelled on request after \(progress.counter.success) exported and \(progress.counter.failure) failed", sampleErrors: progress.samples)
        }
        guard progress.counter.failure > 0 else { return nil }
        return .init(code: progress.samples.first?.code ?? .internal,
                     message: "\(progress.counter.failure) of \(progress.counter.success + progress.counter.failure) resources could not be exported; the log of operation \(operation.name.id) lists each (dicom-console operations logs \(operation.name.id))",
                     sampleErrors: progress.samples)
    }
}
