import Foundation
import GRDB
import ObjectStorage

extension EmbeddedService {
    public func importDicom(into store: StoreName, gcsURI: String, storageClass: StorageClass?) async throws -> Operation {
        _ = try await self.store(store)
        do {
            let uri = try StorageURI(gcsURI)
            _ = try ObjectPattern(uri.path.isEmpty ? "**" : uri.path)  // a bad pattern fails the request itself
        } catch {
            throw ServiceError(error)
        }
        let request = ImportRequest(gcsSource: .init(uri: gcsURI),
                                    blobStorageSettings: storageClass.map { .init(blobStorageClass: $0.rawValue) })
        return try await startOperation(.importDicomData, store: store, requestJSON: request.json)
    }

    /// Records an operation and asks the runner to run it; an operation that cannot be started is ended
    /// at once with the reason, never left looking as if it were running.
    func startOperation(_ kind: Operation.Kind, store: StoreName, requestJSON: String) async throws -> Operation {
        let operation = try await createOperation(kind: kind, store: store, requestJSON: requestJSON)
        do {
            try runner.start(operation.name, service: self)
        } catch {
            let failure = ServiceError(error)
            try await finish(operation.name, counter: .init(), error: .init(code: failure.code, message: failure.message, sampleErrors: []))
            throw failure
        }
        return operation
    }

    /// Runs an operation in this process: claims it (so no second worker runs it), then does the work.
    public func run(_ name: OperationName) async {
        do {
            let claimed = try await write { db -> Bool in
                try db.execute(sql: "UPDATE operation SET workerPID = ?, heartbeat = ? WHERE name = ? AND done = 0 AND workerPID IS NULL",
                               arguments: [Int(getpid()), Date().timeIntervalSince1970, name.description])
                return db.changesCount == 1
            }
            guard claimed else { return }
            let operation = try await self.operation(name)
            switch operation.kind {
            case .importDicomData:
                let request = try JSONDecoder().decode(ImportRequest.self, from: Data(operation.requestJSON.utf8))
                var job = ImportJob(service: self, operation: operation, request: request)
                await job.run()
            case .exportDicomData:
                if let metadata = try? JSONDecoder().decode(MetadataExportRequest.self, from: Data(operation.requestJSON.utf8)) {
                    var job = MetadataExportJob(service: self, operation: operation, table: metadata.sqliteDestination)
                    await job.run()
                } else {
                    let request = try JSONDecoder().decode(ExportRequest.self, from: Data(operation.requestJSON.utf8))
                    var job = ExportJob(service: self, operation: operation, request: request)
                    await job.run()
                }
            }
        } catch {
            let failure = ServiceError(error)
            try? await finish(name, counter: .init(), error: .init(code: failure.code, message: failure.message, sampleErrors: []))
        }
    }
}
