import DICOM
import Foundation
import GRDB
import ObjectStorage

/// One import operation's work: list the objects the URI matches (page by page), stage, validate and
/// store each with bounded concurrency, and commit results in batches: blobs are made durable first,
/// then one index transaction records instances, failures, counters and a heartbeat.
struct ImportJob {
    let service: EmbeddedService
    let operation: Operation
    let request: ImportRequest
    var counter = Operation.Counter()
    var samples: [Operation.SampleError] = []
    var discovered: Int64 = 0
    var processed: Int64 = 0
    var cancelled = false
    /// Blobs of instances refused as duplicates, removed at the end.
    var orphans: [String] = []

    static let concurrency = Int(ProcessInfo.processInfo.environment["DICOM_CONSOLE_IMPORT_CONCURRENCY"] ?? "") ?? 4
    /// How many listed objects may wait for work: bounds memory whatever the bucket's size.
    static let listAhead = 4000

    init(service: EmbeddedService, operation: Operation, request: ImportRequest) {
        self.service = service
        self.operation = operation
        self.request = request
    }

    mutating func run() async {
        let heartbeat = OperationHeartbeat.start(service, operation.name)
        defer { heartbeat.cancel() }
        do {
            let lock = try await service.blobs.writerLock(waiting: .seconds(600))
            defer { lock.release() }
            try await importAll()
            // Blobs of refused duplicates go once this writer is done (collection needs no writer at work),
            // before the operation says it is done: a client that sees `done` sees the store as it stays.
            lock.release()
            try? await service.removeUnreferencedBlobs(orphans, runningBesides: operation.name)
            try await service.finish(operation.name, counter: counter, error: finalError())
        } catch {
            let failure = ServiceError(error)
            try? await service.finish(operation.name, counter: counter,
                                      error: .init(code: failure.code, message: failure.message, sampleErrors: samples))
        }
    }

    private mutating func importAll() async throws {
        let uri = try StorageURI(request.gcsSource.uri)
        let storageClass = try request.blobStorageSettings?.blobStorageClass.map(StorageClass.init(parsing:)) ?? .standard
        let storage = service.storage
        _ = try await storage.bucket(uri.bucket)
        let agent = service.serviceAgent(of: operation.store.dataset.parent.project)
        let access = try await BucketAccess.check(storage, bucket: uri.bucket, member: agent, need: .read,
                                                  grantTool: storage.grantTool(for: uri.bucket))
        if case .missing = access {
            throw ServiceError(.permissionDenied, access.explanation(agent: agent, bucket: uri.bucket))
        }
        let staging = service.dataDirectory.appendingPathComponent("staging")
        try? FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true)
        let stream = try storage.objects(matching: uri)
        var iterator = stream.makeAsyncIterator()
        var listingDone = false
        var batch = ImportBatch()
        // Listed ahead of the work (bounded), so that `pending` says how much is left.
        var queue: [ObjectInfo] = []
        var head = 0
        try await withThrowingTaskGroup(of: ImportOutcome.self) { group in
            var inFlight = 0
            func more(_ group: inout ThrowingTaskGroup<ImportOutcome, any Error>) async throws {
                if !listingDone, queue.count - head < Self.listAhead / 2 {
                    if head > 0 { queue.removeFirst(head); head = 0 }
                    while !listingDone, queue.count < Self.listAhead {
                        guard let object = try await iterator.next() else { listingDone = true; break }
                        queue.append(object)
                        discovered += 1
                    }
                }
                while inFlight < Self.concurrency, head < queue.count, !cancelled {
                    let object = queue[head]
                    head += 1
                    inFlight += 1
                    group.addTask { [service] in
                        await ImportStep.process(object, storage: storage, blobs: service.blobs, staging: staging, storageClass: storageClass)
                    }
                }
            }
            try await more(&group)
            while let outcome = try await group.next() {
                inFlight -= 1
                batch.add(outcome)
                if batch.isDue {
                    try await commit(&batch)
                    if cancelled { group.cancelAll() }
                }
                try await more(&group)
            }
            try await commit(&batch)
        }
    }

    /// Makes the batch's blobs durable, then records it in one transaction; notes a cancel request.
    private mutating func commit(_ batch: inout ImportBatch) async throws {
        let outcomes = batch.take()
        if !outcomes.isEmpty { try service.blobs.synchronize() }
        let storeName = operation.store.description
        let decided = try await Self.compareWithStored(outcomes, store: storeName, service: service)
        let (results, cancelRequested) = try await service.write { [operation] db -> ([ImportOutcome], Bool) in
            var results: [ImportOutcome] = []
            for outcome in outcomes { results.append(try Self.record(outcome, store: storeName, compared: decided, in: db)) }
            for result in results {
                let entry: (String, ServiceError.Code, String)
                switch result {
                case .instance, .identical: continue
                case .failure(let resource, let code, let message): entry = (resource, code, message)
                case .duplicate(_, let resource, let message): entry = (resource, .alreadyExists, message)
                }
                try db.execute(sql: "INSERT INTO operationLog (operation, time, resource, code, message) VALUES (?, ?, ?, ?, ?)",
                               arguments: [operation.name.description, Date().timeIntervalSince1970, entry.0, entry.1.rawValue, entry.2])
            }
            let cancel = try Bool.fetchOne(db, sql: "SELECT cancelRequested FROM operation WHERE name = ?", arguments: [operation.name.description]) ?? false
            return (results, cancel)
        }
        var orphaned: [String] = []
        for result in results {
            processed += 1
            switch result {
            case .instance: counter.success += 1
            case .identical(_, _, let redundant):
                counter.success += 1
                orphaned.append(redundant)
            case .failure(let resource, let code, let message):
                counter.failure += 1
                if samples.count < 10 { samples.append(.init(resource: resource, code: code, message: message)) }
            case .duplicate(let key, let resource, let message):
                counter.failure += 1
                orphaned.append(key)
                if samples.count < 10 { samples.append(.init(resource: resource, code: .alreadyExists, message: message)) }
            }
        }
        counter.pending = max(0, discovered - processed)
        let snapshot = counter
        try await service.write { [operation] db in
            try db.execute(sql: "UPDATE operation SET success = ?, failure = ?, pending = ?, heartbeat = ? WHERE name = ?",
                           arguments: [snapshot.success, snapshot.failure, snapshot.pending, Date().timeIntervalSince1970,
                                       operation.name.description])
        }
        orphans += orphaned
        if cancelRequested { cancelled = true }
    }

    /// What comparing new blobs with the stored blobs of the same SOP Instance UIDs found, keyed by the
    /// new blob's key: the stored key it equals, or why the two could not be compared.
    struct Comparisons: Sendable {
        var identical: [String: String] = [:]
        var unreadable: [String: String] = [:]
    }

    /// Compares, before the write transaction (a 100 MB comparison must not hold SQLite's only writer),
    /// each new blob whose SOP Instance UID is stored under another key. Only large blobs need it: two
    /// content keys that differ name different bytes.
    static func compareWithStored(_ outcomes: [ImportOutcome], store: String, service: EmbeddedService) async throws -> Comparisons {
        let instances = outcomes.compactMap { outcome -> Instance? in
            if case .instance(let instance, _) = outcome { return instance }
            return nil
        }
        var comparisons = Comparisons()
        guard !instances.isEmpty else { return comparisons }
        let stored = try await service.read { db in
            try Dictionary(Row.fetchAll(db, sql: "SELECT sopInstanceUID, contentHash FROM instance WHERE store = ? AND sopInstanceUID IN (\(Array(repeating: "?", count: instances.count).joined(separator: ",")))",
                                        arguments: StatementArguments([store] + instances.map(\.sopInstanceUID))).map { ($0[0] as String, $0[1] as String) },
                           uniquingKeysWith: { first, _ in first })
        }
        for instance in instances {
            guard let existing = stored[instance.sopInstanceUID], existing != instance.contentHash,
                  existing.count != 64 || instance.contentHash.count != 64 else { continue }
            do {
                if try service.blobs.sameBytes(existing, instance.contentHash) { comparisons.identical[instance.contentHash] = existing }
            } catch {
                comparisons.unreadable[instance.contentHash] = ServiceError(error).message
            }
        }
        return comparisons
    }

    /// Inserts an instance, or decides it is already there (same content: success; other content: kept,
    /// failure), with what `compareWithStored` found for blobs stored under other keys.
    static func record(_ outcome: ImportOutcome, store: String, compared: Comparisons, in db: Database) throws -> ImportOutcome {
        guard case .instance(let instance, let resource) = outcome else { return outcome }
        if let existing = try String.fetchOne(db, sql: "SELECT contentHash FROM instance WHERE store = ? AND sopInstanceUID = ?",
                                              arguments: [store, instance.sopInstanceUID]) {
            if existing == instance.contentHash { return outcome }
            if compared.identical[instance.contentHash] == existing {
                var kept = instance
                kept.contentHash = existing
                return .identical(kept, resource: resource, redundantKey: instance.contentHash)
            }
            if let problem = compared.unreadable[instance.contentHash] {
                return .failure(resource: resource, code: .internal,
                                message: "could not compare with the stored instance \(instance.sopInstanceUID): \(problem)")
            }
            return .duplicate(key: instance.contentHash, resource: resource,
                              message: "SOP Instance UID \(instance.sopInstanceUID) is already in the store with different content; the stored instance is kept")
        }
        try db.execute(sql: """
            INSERT INTO instance (store, studyInstanceUID, seriesInstanceUID, sopInstanceUID, sopClassUID, modality, patientID,
                patientName, studyDate, studyDescription, seriesNumber, instanceNumber, transferSyntaxUID, numberOfFrames, size,
                storageClass, contentHash, createTime, updateTime)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [store, instance.studyInstanceUID, instance.seriesInstanceUID, instance.sopInstanceUID,
                             instance.sopClassUID, instance.modality, instance.patientID, instance.patientName,
                             instance.studyDate, instance.studyDescription, instance.seriesNumber, instance.instanceNumber,
                             instance.transferSyntaxUID, instance.numberOfFrames, instance.size, instance.storageClass.rawValue,
                             instance.contentHash, instance.createTime.timeIntervalSince1970, instance.updateTime.timeIntervalSince1970])
        return outcome
    }

    private func finalError() -> Operation.Failure? {
        if cancelled {
            return .init(code: .cancelled, message: "cancelled on request after \(counter.success) imported and \(counter.failure) failed; \(counter.pending) not processed", sampleErrors: samples)
        }
        if discovered == 0 {
            return .init(code: .notFound, message: "\(request.gcsSource.uri) matches no objects", sampleErrors: [])
        }
        guard counter.failure > 0 else { return nil }
        let code = samples.contains { $0.code == .invalidArgument } ? ServiceError.Code.invalidArgument : (samples.first?.code ?? .internal)
        return .init(code: code,
                     message: "\(counter.failure) of \(counter.success + counter.failure) objects could not be imported; the log of operation \(operation.name.id) lists each (dicom-console operations logs \(operation.name.id))",
                     sampleErrors: samples)
    }
}
