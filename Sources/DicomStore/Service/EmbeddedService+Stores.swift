import ObjectStorage
import Foundation
import GRDB

extension EmbeddedService {
    public func createStore(_ name: StoreName, labels: [String: String]) async throws -> DicomStore {
        let now = Date()
        try await write { db in
            guard try Row.fetchOne(db, sql: "SELECT 1 FROM dataset WHERE name = ?", arguments: [name.dataset.description]) != nil else {
                throw ServiceError(.notFound, "dataset \(name.dataset) not found: create it first")
            }
            guard try Row.fetchOne(db, sql: "SELECT 1 FROM dicomStore WHERE name = ?", arguments: [name.description]) == nil else {
                throw ServiceError(.alreadyExists, "DICOM store \(name) already exists")
            }
            try db.execute(sql: "INSERT INTO dicomStore (name, dataset, id, labels, createTime) VALUES (?, ?, ?, ?, ?)",
                           arguments: [name.description, name.dataset.description, name.id, StoreIndex.encode(labels),
                                       now.timeIntervalSince1970])
        }
        return DicomStore(name: name, labels: labels, createTime: now, studyCount: 0, seriesCount: 0, instanceCount: 0, totalBytes: 0)
    }

    public func store(_ name: StoreName) async throws -> DicomStore {
        try await read { db in
            guard let row = try Row.fetchOne(db, sql: Self.storeQuery + " WHERE s.name = ? GROUP BY s.name", arguments: [name.description]) else {
                throw ServiceError(.notFound, "DICOM store \(name) not found")
            }
            return try Self.store(row)
        }
    }

    public func stores(in dataset: DatasetName) async throws -> [DicomStore] {
        try await read { db in
            try Row.fetchAll(db, sql: Self.storeQuery + " WHERE s.dataset = ? GROUP BY s.name ORDER BY s.id",
                             arguments: [dataset.description]).map(Self.store)
        }
    }

    public func deleteStore(_ name: StoreName) async throws {
        let hashes: [String] = try await write { db in
            guard try Row.fetchOne(db, sql: "SELECT 1 FROM dicomStore WHERE name = ?", arguments: [name.description]) != nil else {
                throw ServiceError(.notFound, "DICOM store \(name) not found")
            }
            let running = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM operation WHERE store = ? AND done = 0", arguments: [name.description]) ?? 0
            if running > 0 { throw ServiceError(.failedPrecondition, "DICOM store \(name) has \(running) running operations: cancel them first") }
            let hashes = try String.fetchAll(db, sql: "SELECT contentHash FROM instance WHERE store = ?", arguments: [name.description])
            try db.execute(sql: "DELETE FROM dicomStore WHERE name = ?", arguments: [name.description])
            return hashes
        }
        try await removeUnreferencedBlobs(hashes)
    }

    static let storeQuery = """
        SELECT s.name, s.labels, s.createTime, COUNT(DISTINCT i.studyInstanceUID) AS studies,
               COUNT(DISTINCT i.seriesInstanceUID) AS series, COUNT(i.sopInstanceUID) AS instances,
               COALESCE(SUM(i.size), 0) AS bytes
        FROM dicomStore s LEFT JOIN instance i ON i.store = s.name
        """

    static func store(_ row: Row) throws -> DicomStore {
        DicomStore(name: try StoreName(parsing: row["name"]), labels: StoreIndex.decodeLabels(row["labels"]),
                   createTime: Date(timeIntervalSince1970: row["createTime"]), studyCount: row["studies"],
                   seriesCount: row["series"], instanceCount: row["instances"], totalBytes: row["bytes"])
    }

    // MARK: Instances

    public func studies(in store: StoreName) async throws -> [StudySummary] {
        try await read { db in
            try Row.fetchAll(db, sql: """
                SELECT studyInstanceUID, MAX(patientID) AS patientID, MAX(patientName) AS patientName,
                       MAX(studyDate) AS studyDate, MAX(studyDescription) AS studyDescription,
                       COUNT(DISTINCT seriesInstanceUID) AS series, COUNT(*) AS instances, SUM(size) AS bytes,
                       GROUP_CONCAT(DISTINCT modality) AS modalities
                FROM instance WHERE store = ? GROUP BY studyInstanceUID ORDER BY studyInstanceUID
                """, arguments: [store.description]).map { row in
                let modalities: String? = row["modalities"]
                return StudySummary(studyInstanceUID: row["studyInstanceUID"], patientID: row["patientID"], patientName: row["patientName"],
                                    studyDate: row["studyDate"], studyDescription: row["studyDescription"], seriesCount: row["series"],
                                    instanceCount: row["instances"], totalBytes: row["bytes"],
                                    modalities: Set((modalities ?? "").split(separator: ",").map(String.init)).sorted())
            }
        }
    }

    public func series(in store: StoreName, study: String) async throws -> [SeriesSummary] {
        try await read { db in
            try Row.fetchAll(db, sql: """
                SELECT seriesInstanceUID, MAX(modality) AS modality, MAX(seriesNumber) AS seriesNumber,
                       COUNT(*) AS instances, SUM(size) AS bytes
                FROM instance WHERE store = ? AND studyInstanceUID = ?
                GROUP BY seriesInstanceUID ORDER BY seriesNumber, seriesInstanceUID
                """, arguments: [store.description, study]).map { row in
                SeriesSummary(studyInstanceUID: study, seriesInstanceUID: row["seriesInstanceUID"], modality: row["modality"],
                              seriesNumber: row["seriesNumber"], instanceCount: row["instances"], totalBytes: row["bytes"])
            }
        }
    }

    public func instances(in store: StoreName, study: String, series: String?) async throws -> [Instance] {
        try await read { db in
            let filter = series == nil ? "" : " AND seriesInstanceUID = ?"
            var arguments: StatementArguments = [store.description, study]
            if let series { arguments += [series] }
            return try Row.fetchAll(db, sql: "SELECT * FROM instance WHERE store = ? AND studyInstanceUID = ?" + filter
                                    + " ORDER BY seriesInstanceUID, instanceNumber, sopInstanceUID", arguments: arguments).map(Self.instance)
        }
    }

    public func instanceBytes(in store: StoreName, sopInstanceUID: String) async throws -> Data {
        let hash = try await read { db in
            guard let hash = try String.fetchOne(db, sql: "SELECT contentHash FROM instance WHERE store = ? AND sopInstanceUID = ?",
                                                 arguments: [store.description, sopInstanceUID]) else {
                throw ServiceError(.notFound, "instance \(sopInstanceUID) not found in \(store)")
            }
            return hash
        }
        return try blobs.read(hash)
    }

    static func instance(_ row: Row) throws -> Instance {
        Instance(studyInstanceUID: row["studyInstanceUID"], seriesInstanceUID: row["seriesInstanceUID"],
                 sopInstanceUID: row["sopInstanceUID"], sopClassUID: row["sopClassUID"], modality: row["modality"],
                 patientID: row["patientID"], patientName: row["patientName"], studyDate: row["studyDate"],
                 studyDescription: row["studyDescription"], seriesNumber: row["seriesNumber"],
                 instanceNumber: row["instanceNumber"], transferSyntaxUID: row["transferSyntaxUID"],
                 numberOfFrames: row["numberOfFrames"], size: row["size"],
                 storageClass: StorageClass(rawValue: row["storageClass"]) ?? .standard, contentHash: row["contentHash"],
                 createTime: Date(timeIntervalSince1970: row["createTime"]), updateTime: Date(timeIntervalSince1970: row["updateTime"]))
    }
}
