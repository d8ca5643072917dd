import DICOM
import Foundation
import GRDB
import NIOPosix
import ObjectStorage

/// One import operation's work: list the objects the URI matches (page by page), stage, validate and
/// store each with bounded concurrency, and commit results in batches: blobs are made durable first,
/// then one index transaction records instances, failures, counters and a heartbeat. A batch commits
/// while the next is being processed (a commit of 1,000 instances takes tens of milliseconds).
struct ImportJob {
    let service: EmbeddedService
    let operation: Operation
    let request: ImportRequest
    /// What the commits so far recorded.
    var tally = Tally()
    var discovered: Int64 = 0
    var cancelled = false

    /// Objects in work at once, each on its own thread of `threads`: many more than cores, because a
    /// blob's direct write waits for the disk. On 2 cores and a virtio disk, 2,000 × 130 KB took 0.34–0.37 s
    /// with 8, 0.28–0.30 s with 16 (24 and 32: no better). At most this many read buffers are in use.
    static let concurrency = max(1, Int(ProcessInfo.processInfo.environment["DICOM_CONSOLE_IMPORT_CONCURRENCY"] ?? "") ?? 16)
    /// How many listed objects may wait for work: bounds memory whatever the bucket's size.
    static let listAhead = 4000
    /// How many objects are listed between two results.
    static let listingPage = 256

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
            try? await service.removeUnreferencedBlobs(tally.orphans, runningBesides: operation.name)
            try await service.finish(operation.name, counter: tally.counter, error: finalError())
        } catch {
            let failure = ServiceError(error)
            try? await service.finish(operation.name, counter: tally.counter,
                                      error: .init(code: failure.code, message: failure.message, sampleErrors: tally.samples))
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
        let threads = NIOThreadPool(numberOfThreads: Self.concurrency)
        threads.start()
        defer { threads.shutdownGracefully { _ in } }
        let buffers = ReadBuffers(capacity: ImportStep.inMemoryLimit)
        let localFiles = storage.local.hasBucket(uri.bucket) ? try storage.local.files(of: uri.bucket) : nil
        let staging = service.dataDirectory.appendingPathComponent("staging")
        try? FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true)
        let stream = try storage.objects(matching: uri, firstPageSize: 2 * Self.concurrency)
        var iterator = stream.makeAsyncIterator()
        var listingDone = false
        var batch = ImportBatch()
        // Listed ahead of the work (bounded), so that `pending` says how much is left.
        var queue: [ObjectInfo] = []
        var head = 0
        var order = ListingOrder<ImportOutcome>()
        var dispatched = 0
        try await withThrowingTaskGroup(of: (Int, ImportOutcome).self) { group in
            var inFlight = 0
            func more(_ group: inout ThrowingTaskGroup<(Int, ImportOutcome), any Error>) async throws {
                // Listed a page at a time, so that work starts at once and the list stays ahead of it.
                if !listingDone, queue.count - head < Self.listAhead / 2 {
                    if head > 0, head >= queue.count / 2 { queue.removeFirst(head); head = 0 }
                    var page = 0
                    while !listingDone, page < Self.listingPage {
                        guard let object = try await iterator.next() else { listingDone = true; break }
                        queue.append(object)
                        discovered += 1
                        page += 1
                    }
                }
                while inFlight < Self.concurrency, head < queue.count, !cancelled {
                    let (object, position) = (queue[head], dispatched)
                    head += 1
                    dispatched += 1
                    inFlight += 1
                    group.addTask { [service] in
                        (position, await ImportStep.process(object, localFiles: localFiles, storage: storage, blobs: service.blobs,
                                                            staging: staging, storageClass: storageClass, threads: threads, buffers: buffers))
                    }
                }
            }
            var committing: Task<(Tally, cancelRequested: Bool), any Error>?
            // Waits for the commit in progress, then starts committing what the batch holds.
            func commit(_ batch: inout ImportBatch) async throws {
                if let previous = committing { try await settle(previous) }
                let outcomes = batch.take()
                let (tally, discovered, operation, service) = (tally, discovered, operation, service)
                committing = Task {
                    try await Self.commit(outcomes, onto: tally, discovered: discovered, operation: operation, service: service,
                                          threads: threads)
                }
            }
            do {
                try await more(&group)
                while let (position, outcome) = try await group.next() {
                    inFlight -= 1
                    for ready in order.arrived(outcome, at: position) { batch.add(ready) }
                    if batch.isDue {
                        try await commit(&batch)
                        if cancelled { group.cancelAll() }
                    }
                    try await more(&group)
                }
                try await commit(&batch)
                if let last = committing { try await settle(last) }
            } catch {
                // A commit still running finishes first, so that the counters the operation ends with
                // are the ones recorded.
                if let last = committing { try? await settle(last) }
                throw error
            }
        }
    }

    /// Takes in a finished commit's tally; notes a cancel request.
    private mutating func settle(_ commit: Task<(Tally, cancelRequested: Bool), any Error>) async throws {
        let (committed, cancelRequested) = try await commit.value
        tally = committed
        if cancelRequested { cancelled = true }
    }

    private func finalError() -> Operation.Failure? {
        if cancelled {
            return .init(code: .cancelled, message: "cancelled on request after \(tally.counter.success) imported and \(tally.counter.failure) failed; \(tally.counter.pending) not processed", sampleErrors: tally.samples)
        }
        if discovered == 0 {
            return .init(code: .notFound, message: "\(request.gcsSource.uri) matches no objects", sampleErrors: [])
        }
        guard tally.counter.failure > 0 else { return nil }
        let code = tally.samples.contains { $0.code == .invalidArgument } ? ServiceError.Code.invalidArgument : (tally.samples.first?.code ?? .internal)
        return .init(code: code,
                     message: "\(tally.counter.failure) of \(tally.counter.success + tally.counter.failure) objects could not be imported; the log of operation \(operation.name.id) lists each (dicom-console operations logs \(operation.name.id))",
                     sampleErrors: tally.samples)
    }
}
