import ObjectStorage
import Foundation
import GRDB

/// The embedded index: datasets, stores, instances, operations and their logs in one SQLite database
/// (WAL mode, so the console, the CLI and operation workers in other processes read while one writes).
final class StoreIndex: Sendable {
    let pool: DatabasePool

    init(path: String) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA foreign_keys = ON")
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            try Self.migrator.migrate(pool)
        } catch {
            throw ServiceError(.unavailable, "cannot open the index \(path): \(error)")
        }
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE dataset (
                    name TEXT PRIMARY KEY, project TEXT NOT NULL, location TEXT NOT NULL, id TEXT NOT NULL,
                    labels TEXT NOT NULL, createTime DOUBLE NOT NULL);
                CREATE TABLE dicomStore (
                    name TEXT PRIMARY KEY, dataset TEXT NOT NULL REFERENCES dataset(name) ON DELETE CASCADE,
                    id TEXT NOT NULL, labels TEXT NOT NULL, createTime DOUBLE NOT NULL);
                CREATE TABLE instance (
                    store TEXT NOT NULL REFERENCES dicomStore(name) ON DELETE CASCADE,
                    studyInstanceUID TEXT NOT NULL, seriesInstanceUID TEXT NOT NULL, sopInstanceUID TEXT NOT NULL,
                    sopClassUID TEXT NOT NULL, modality TEXT, patientID TEXT, patientName TEXT, studyDate TEXT,
                    studyDescription TEXT, seriesNumber INTEGER, instanceNumber INTEGER,
                    transferSyntaxUID TEXT NOT NULL, numberOfFrames INTEGER NOT NULL, size INTEGER NOT NULL,
                    storageClass TEXT NOT NULL, contentHash TEXT NOT NULL,
                    createTime DOUBLE NOT NULL, updateTime DOUBLE NOT NULL,
                    PRIMARY KEY (store, sopInstanceUID));
                CREATE INDEX instanceBySeries ON instance(store, studyInstanceUID, seriesInstanceUID);
                CREATE INDEX instanceByHash ON instance(contentHash);
                CREATE TABLE operation (
                    name TEXT PRIMARY KEY, dataset TEXT NOT NULL, kind TEXT NOT NULL, store TEXT NOT NULL,
                    request TEXT NOT NULL, createTime DOUBLE NOT NULL, endTime DOUBLE,
                    success INTEGER NOT NULL DEFAULT 0, failure INTEGER NOT NULL DEFAULT 0,
                    pending INTEGER NOT NULL DEFAULT 0, cancelRequested INTEGER NOT NULL DEFAULT 0,
                    done INTEGER NOT NULL DEFAULT 0, error TEXT, workerPID INTEGER, heartbeat DOUBLE);
                CREATE INDEX operationByDataset ON operation(dataset, createTime);
                CREATE TABLE operationLog (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT, operation TEXT NOT NULL, time DOUBLE NOT NULL,
                    resource TEXT NOT NULL, code TEXT NOT NULL, message TEXT NOT NULL);
                CREATE INDEX logByOperation ON operationLog(operation, seq);
                """)
        }
        return migrator
    }

    static func encode(_ labels: [String: String]) -> String {
        let data = (try? JSONEncoder().encode(labels)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    static func decodeLabels(_ text: String) -> [String: String] {
        (try? JSONDecoder().decode([String: String].self, from: Data(text.utf8))) ?? [:]
    }
}
