import ObjectStorage
import Foundation
import GRDB

/// The running tally of an operation's worker: counters, sample errors and log lines not yet saved,
/// saved together in one transaction that also returns whether a cancel was asked for.
struct OperationProgress {
    let name: OperationName
    var counter = Operation.Counter()
    var samples: [Operation.SampleError] = []
    private var pendingLogs: [(String, ServiceError.Code, String)] = []
    private var since = ContinuousClock.now

    init(name: OperationName) { self.name = name }

    mutating func succeeded() { counter.success += 1 }

    mutating func failed(_ resource: String, _ code: ServiceError.Code, _ message: String) {
        counter.failure += 1
        if samples.count < 10 { samples.append(.init(resource: resource, code: code, message: message)) }
        pendingLogs.append((resource, code, message))
    }

    /// True when a quarter of a second has passed since the last save.
    var isDue: Bool { ContinuousClock.now - since >= .milliseconds(250) || pendingLogs.count >= 64 }

    /// Saves counters (with `pending` left) and log lines; returns true when a cancel was requested.
    mutating func save(service: EmbeddedService, pending: Int64) async throws -> Bool {
        counter.pending = max(0, pending)
        let logs = pendingLogs, counter = self.counter, name = self.name
        pendingLogs = []
        since = ContinuousClock.now
        return try await service.write { db in
            for (resource, code, message) in logs {
                try db.execute(sql: "INSERT INTO operationLog (operation, time, resource, code, message) VALUES (?, ?, ?, ?, ?)",
                               arguments: [name.description, Date().timeIntervalSince1970, resource, code.rawValue, message])
            }
            try db.execute(sql: "UPDATE operation SET success = ?, failure = ?, pending = ?, heartbeat = ? WHERE name = ?",
                           arguments: [counter.success, counter.failure, counter.pending, Date().timeIntervalSince1970, name.description])
            return try Bool.fetchOne(db, sql: "SELECT cancelRequested FROM operation WHERE name = ?", arguments: [name.description]) ?? false
        }
    }
}

/// Keeps an operation's heartbeat fresh while its worker lives (recovery treats a 30 s silence as a crash).
enum OperationHeartbeat {
    static func start(_ service: EmbeddedService, _ name: OperationName) -> Task<Void, Never> {
        Task {
            while !Task.isCancelled {
                try? await service.write { db in
                    try db.execute(sql: "UPDATE operation SET heartbeat = ? WHERE name = ?",
                                   arguments: [Date().timeIntervalSince1970, name.description])
                }
                try? await Task.sleep(for: .seconds(5))
            }
        }
    }
}
