import ObjectStorage
import Foundation
import GRDB
#if canImport(Glibc)
import Glibc
#endif

extension EmbeddedService {
    public func operation(_ name: OperationName) async throws -> Operation {
        try await read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM operation WHERE name = ?", arguments: [name.description]) else {
                throw ServiceError(.notFound, "operation \(name) not found")
            }
            return try Self.operation(row)
        }
    }

    public func operations(in dataset: DatasetName, done: Bool?, kind: Operation.Kind?) async throws -> [Operation] {
        try await read { db in
            var sql = "SELECT * FROM operation WHERE dataset = ?"
            var arguments: StatementArguments = [dataset.description]
            if let done { sql += " AND done = ?"; arguments += [done] }
            if let kind { sql += " AND kind = ?"; arguments += [kind.rawValue] }
            return try Row.fetchAll(db, sql: sql + " ORDER BY createTime DESC, name DESC", arguments: arguments).map(Self.operation)
        }
    }

    public func cancel(_ name: OperationName) async throws -> Operation {
        try await write { db in
            guard try Row.fetchOne(db, sql: "SELECT 1 FROM operation WHERE name = ?", arguments: [name.description]) != nil else {
                throw ServiceError(.notFound, "operation \(name) not found")
            }
            try db.execute(sql: "UPDATE operation SET cancelRequested = 1 WHERE name = ? AND done = 0", arguments: [name.description])
        }
        return try await operation(name)
    }

    public func logs(of name: OperationName) async throws -> [OperationLogEntry] {
        _ = try await operation(name)
        return try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM operationLog WHERE operation = ? ORDER BY seq", arguments: [name.description]).map { row in
                OperationLogEntry(time: Date(timeIntervalSince1970: row["time"]), resource: row["resource"],
                                  code: ServiceError.Code(rawValue: row["code"]) ?? .internal, message: row["message"])
            }
        }
    }

    /// Polls the index (which sees writes of worker processes too) every 50 ms until the operation is done.
    public func progress(of name: OperationName) -> AsyncThrowingStream<Operation, any Error> {
        AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    while !Task.isCancelled {
                        let current = try await self.operation(name)
                        continuation.yield(current)  // every poll: a live view's heartbeat, even when nothing moved
                        if current.done { break }
                        // 20 polls a second: a live view gets well over the 4 updates a second it needs
                        // (a read costs ~0.1 ms); an operation that ends in this process wakes it at once.
                        await self.finishSignals.wait(for: name.description, upTo: .milliseconds(50))
                        try Task.checkCancellation()
                    }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    /// Records a new operation for a store; its ID is time-ordered, as the cloud's numeric IDs are unique.
    func createOperation(kind: Operation.Kind, store: StoreName, requestJSON: String) async throws -> Operation {
        let now = Date()
        let id = String(UInt64(now.timeIntervalSince1970 * 1_000_000) * 1000 + UInt64.random(in: 0..<1000))
        let operation = Operation(name: OperationName(store.dataset, id: id), kind: kind, store: store, requestJSON: requestJSON,
                                  createTime: now, endTime: nil, counter: .init(), cancelRequested: false, done: false, error: nil)
        try await write { db in
            try db.execute(sql: "INSERT INTO operation (name, dataset, kind, store, request, createTime) VALUES (?, ?, ?, ?, ?, ?)",
                           arguments: [operation.name.description, store.dataset.description, kind.rawValue,
                                       store.description, requestJSON, now.timeIntervalSince1970])
        }
        return operation
    }

    /// Ends an operation with its final counters and error (nil: success).
    func finish(_ name: OperationName, counter: Operation.Counter, error: Operation.Failure?) async throws {
        let errorJSON = try error.map { String(decoding: try JSONEncoder().encode($0), as: UTF8.self) }
        try await write { db in
            try db.execute(sql: """
                UPDATE operation SET done = 1, endTime = ?, success = ?, failure = ?, pending = ?, error = ?, heartbeat = ?
                WHERE name = ?
                """, arguments: [Date().timeIntervalSince1970, counter.success, counter.failure, counter.pending,
                                 errorJSON, Date().timeIntervalSince1970, name.description])
        }
        finishSignals.finished(name.description)
    }

    /// Marks operations whose worker is gone (a crash, `kill -9`) as cut off, and removes blobs that no
    /// instance refers to and leftovers of interrupted writes.
    func recover() throws {
        let now = Date().timeIntervalSince1970
        let orphans: [(String, Int64, Int64, Int64)] = try index.pool.write { db in
            let rows = try Row.fetchAll(db, sql: "SELECT name, workerPID, heartbeat, createTime, success, failure, pending FROM operation WHERE done = 0")
            var cut: [(String, Int64, Int64, Int64)] = []
            for row in rows {
                let pid: Int32? = row["workerPID"]
                let heartbeat: Double = row["heartbeat"] ?? row["createTime"]
                let alive = pid.map { kill($0, 0) == 0 || errno == EPERM } ?? false
                let stale = now - heartbeat > 30
                if (pid != nil && !alive) || stale {
                    cut.append((row["name"], row["success"], row["failure"], row["pending"]))
                }
            }
            for (name, success, failure, pending) in cut {
                let failure = Operation.Failure(
                    code: .aborted,
                    message: "the operation was cut off: its process ended (crash or kill) after \(success) succeeded and \(failure) failed, with \(pending) pending. Instances imported before that are kept; run it again to finish (identical instances are skipped).",
                    sampleErrors: [])
                try db.execute(sql: "UPDATE operation SET done = 1, endTime = ?, error = ? WHERE name = ?",
                               arguments: [now, String(decoding: try JSONEncoder().encode(failure), as: UTF8.self), name])
            }
            return cut
        }
        _ = orphans
        // A live worker (in any process) may be writing blobs it has not recorded yet: collect later.
        guard let lock = blobs.collectorLock() else { return }
        defer { lock.release() }
        let running = try index.pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM operation WHERE done = 0") ?? 0 }
        guard running == 0 else { return }
        try blobs.removeTemporaries()
        for name in (try? FileManager.default.contentsOfDirectory(atPath: dataDirectory.appendingPathComponent("staging").path)) ?? [] {
            try? FileManager.default.removeItem(at: dataDirectory.appendingPathComponent("staging").appendingPathComponent(name))
        }
        let referenced = Set(try index.pool.read { db in try String.fetchAll(db, sql: "SELECT DISTINCT contentHash FROM instance") })
        for key in try blobs.allKeys() where !referenced.contains(key) { try blobs.remove(key) }
    }

    static func operation(_ row: Row) throws -> Operation {
        let errorText: String? = row["error"]
        return Operation(
            name: try OperationName(parsing: row["name"]), kind: Operation.Kind(rawValue: row["kind"]) ?? .importDicomData,
            store: try StoreName(parsing: row["store"]), requestJSON: row["request"],
            createTime: Date(timeIntervalSince1970: row["createTime"]),
            endTime: (row["endTime"] as Double?).map { Date(timeIntervalSince1970: $0) },
            counter: .init(success: row["success"], failure: row["failure"], pending: row["pending"]),
            cancelRequested: row["cancelRequested"], done: row["done"],
            error: try errorText.map { try JSONDecoder().decode(Operation.Failure.self, from: Data($0.utf8)) })
    }
}
