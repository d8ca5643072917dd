import DICOM
import DicomStore
import Foundation
import NIOHTTP1
import ObjectStorage

extension RemoteService {
    public func importDicom(into store: StoreName, gcsURI: String, storageClass: StorageClass?) async throws -> DicomOperation {
        var body: [(String, JSONValue)] = [("gcsSource", .object([("uri", .string(gcsURI))]))]
        if let storageClass {
            body.append(("blobStorageSettings", .object([("blobStorageClass", .string(storageClass.rawValue))])))
        }
        return try await start("\(store):import", body: .object(body), store: store)
    }

    public func exportDicom(from store: StoreName, uriPrefix: String, mimeType: String?,
                            filter: FilterSource?) async throws -> DicomOperation {
        var destination: [(String, JSONValue)] = [("uriPrefix", .string(uriPrefix))]
        if let mimeType { destination.append(("mimeType", .string(mimeType))) }
        var body: [(String, JSONValue)] = [("gcsDestination", .object(destination))]
        switch filter {
        case .bucket(let uri)?:
            body.append(("filterConfig", .object([("resourcePathsGcsUri", .string(uri))])))
        case .text(_, let name)?:
            throw ServiceError(.invalidArgument, "the filter file \(name) is on this machine, which the server cannot read: copy it to a bucket (`dicom-console storage cp \(name) gs://BUCKET/filter.txt`) and pass its gs:// URI")
        case nil:
            break
        }
        return try await start("\(store):export", body: .object(body), store: store)
    }

    public func exportMetadata(from store: StoreName, to table: MetadataTable) async throws -> DicomOperation {
        let destination: JSONValue = .object([("tableUri", .string(table.uri)),
                                              ("writeDisposition", .string(table.disposition.rawValue))])
        return try await start("\(store):export", body: .object([("bigqueryDestination", destination)]), store: store)
    }

    public func operation(_ name: OperationName) async throws -> DicomOperation {
        try parseOperation(try await transport.json(.GET, transport.url(name.description)))
    }

    public func operations(in dataset: DatasetName, done: Bool?, kind: DicomOperation.Kind?) async throws -> [DicomOperation] {
        let filter = done.map { "done=\($0)" }
        let listed = try await pages("\(dataset)/operations", key: "operations", query: [("filter", filter)]).map(parseOperation)
        return listed.filter { (kind == nil || $0.kind == kind) && (done == nil || $0.done == done) }
            .sorted { ($0.createTime, Int($0.name.id) ?? 0) > ($1.createTime, Int($1.name.id) ?? 0) }
    }

    public func cancel(_ name: OperationName) async throws -> DicomOperation {
        _ = try await transport.send(.POST, transport.url("\(name):cancel"), body: .object([]), idempotent: true)
        return try await operation(name)
    }

    public func progress(of name: OperationName) -> AsyncThrowingStream<DicomOperation, any Error> {
        let interval = configuration.pollInterval
        return AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    while true {
                        let snapshot = try await self.operation(name)
                        continuation.yield(snapshot)
                        if snapshot.done { break }
                        try await Task.sleep(for: interval)
                    }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    /// The operation's failures from this product's `:logs` method; Google keeps them in Cloud Logging,
    /// so against Google's API this is `unimplemented`, naming the operation's `logsUrl`.
    public func logs(of name: OperationName) async throws -> [OperationLogEntry] {
        if configuration.isGoogle {
            let answer = try await transport.json(.GET, transport.url(name.description))
            let url = answer["metadata"]?["logsUrl"]?.stringValue ?? "Cloud Logging (resource.type=healthcare_dataset)"
            throw ServiceError(.unimplemented, "Google's API keeps an operation's per-object log in Cloud Logging: open \(url)")
        }
        var entries: [OperationLogEntry] = []
        var token: String?
        repeat {
            let page = try await transport.json(.GET, transport.url("\(name):logs", [("pageToken", token)]))
            entries += (page["entries"]?.arrayValue ?? []).map(RESTShapes.parseLogEntry)
            token = page["nextPageToken"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
        } while token != nil
        return entries
    }

    /// Posts a request that starts an operation, and remembers the operation's store.
    private func start(_ path: String, body: JSONValue, store: StoreName) async throws -> DicomOperation {
        let answer = try await transport.json(.POST, transport.url(path), body: body)
        let operation = try RESTShapes.parseOperation(answer, store: store)
        remember(operation, store: store)
        return operation
    }
}
