import Foundation
import GRDB
import NIOPosix
import ObjectStorage

/// Committing a batch of import results: blobs made durable, then one transaction that records the
/// instances, logs the failures and moves the operation's counters.
extension ImportJob {
    /// What the committed batches added up to.
    struct Tally: Sendable {
        var counter = Operation.Counter()
        var samples: [Operation.SampleError] = []
        var processed: Int64 = 0
        /// Blobs of instances refused as duplicates (or stored twice), removed at the end.
        var orphans: [String] = []
    }

    /// Commits `outcomes` on top of `tally` (with `discovered` objects listed so far) and returns the
    /// new tally and whether a cancel was requested. Runs while the next batch is being processed.
    /// `syncfs` waits for the disk on one of `threads`, not on one of Swift's cooperative threads.
    static func commit(_ outcomes: [ImportOutcome], onto tally: Tally, discovered: Int64, operation: Operation,
                       service: EmbeddedService, threads: NIOThreadPool) async throws -> (Tally, cancelRequested: Bool) {
        if !outcomes.isEmpty {
            let blobs = service.blobs
            try await threads.runIfActive { try blobs.synchronize() }
        }
        let storeName = operation.store.description
        let decided = try await compareWithStored(outcomes, store: storeName, service: service)
        return try await service.write { db -> (Tally, Bool) in
            var tally = tally
            let log = try db.cachedStatement(sql: "INSERT INTO operationLog (operation, time, resource, code, message) VALUES (?, ?, ?, ?, ?)")
            for outcome in outcomes {
                let result = try record(outcome, store: storeName, compared: decided, in: db)
                let failure: (resource: String, code: ServiceError.Code, message: String)?
                switch result {
                case .notProcessed:
                    continue  // not counted: it stays pending
                case .instance:
                    failure = nil
                case .identical(_, _, let redundant):
                    tally.orphans.append(redundant)
                    failure = nil
                case .failure(let resource, let code, let message):
                    failure = (resource, code, message)
                case .duplicate(let key, let resource, let message):
                    tally.orphans.append(key)
                    failure = (resource, .alreadyExists, message)
                }
                tally.processed += 1
                guard let failure else {
                    tally.counter.success += 1
                    continue
                }
                tally.counter.failure += 1
                if tally.samples.count < 10 {
                    tally.samples.append(.init(resource: failure.resource, code: failure.code, message: failure.message))
                }
                try log.execute(arguments: [operation.name.description, Date().timeIntervalSince1970, failure.resource,
                                            failure.code.rawValue, failure.message])
            }
            tally.counter.pending = max(0, discovered - tally.processed)
            try db.execute(sql: "UPDATE operation SET success = ?, failure = ?, pending = ?, heartbeat = ? WHERE name = ?",
                           arguments: [tally.counter.success, tally.counter.failure, tally.counter.pending,
                                       Date().timeIntervalSince1970, operation.name.description])
            let cancel = try Bool.fetchOne(db, sql: "SELECT cancelRequested FROM operation WHERE name = ?",
                                           arguments: [operation.name.description]) ?? false
            return (tally, cancel)
        }
    }

    /// What comparing new blobs with the stored blobs of the same SOP Instance UIDs found, keyed by the
    /// new blob's key: the stored key it equals, or why the two could not be compared.
    struct Comparisons: Sendable {
        var identical: [String: String] = [:]
        var unreadable: [String: String] = [:]
    }

    /// Compares, before the write transaction (a 100 MB comparison must not hold SQLite's only writer),
    /// each new blob whose SOP Instance UID is stored under another key, unless the two keys alone say
    /// the bytes differ (`BlobKey.certainlyDifferent`): large blobs, and keys of different schemes.
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
                  !BlobKey.certainlyDifferent(existing, instance.contentHash) else { continue }
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
        let stored = try db.cachedStatement(sql: "SELECT contentHash FROM instance WHERE store = ? AND sopInstanceUID = ?")
        if let existing = try String.fetchOne(stored, arguments: [store, instance.sopInstanceUID]) {
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
        try db.cachedStatement(sql: """
            INSERT INTO instance (store, studyInstanceUID, seriesInstanceUID, sopInstanceUID, sopClassUID, modality, patientID,
                patientName, studyDate, studyDescription, seriesNumber, instanceNumber, transferSyntaxUID, numberOfFrames, size,
                storageClass, contentHash, createTime, updateTime)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [store, instance.studyInstanceUID, instance.seriesInstanceUID, instance.sopInstanceUID,
                             instance.sopClassUID, instance.modality, instance.patientID, instance.patientName,
                             instance.studyDate, instance.studyDescription, instance.seriesNumber, instance.instanceNumber,
                             instance.transferSyntaxUID, instance.numberOfFrames, instance.size, instance.storageClass.rawValue,
                             instance.contentHash, instance.createTime.timeIntervalSince1970, instance.updateTime.timeIntervalSince1970])
        return outcome
    }
}
