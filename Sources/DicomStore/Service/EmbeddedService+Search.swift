import Foundation
import ObjectStorage
import GRDB

/// Searches across a store (DICOMweb's store-level QIDO): series and instances with optional study,
/// series and SOP Instance UID filters, and one instance by UID.
extension EmbeddedService {
    /// Series of the store (or of one study), ordered by study, series number and UID.
    public func findSeries(in store: StoreName, study: String?) async throws -> [SeriesSummary] {
        try await read { db in
            var sql = """
                SELECT studyInstanceUID, seriesInstanceUID, MAX(modality) AS modality, MAX(seriesNumber) AS seriesNumber,
                       COUNT(*) AS instances, SUM(size) AS bytes FROM instance WHERE store = ?
                """
            var arguments: StatementArguments = [store.description]
            if let study { sql += " AND studyInstanceUID = ?"; arguments += [study] }
            sql += " GROUP BY studyInstanceUID, seriesInstanceUID ORDER BY studyInstanceUID, seriesNumber, seriesInstanceUID"
            return try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
                SeriesSummary(studyInstanceUID: row["studyInstanceUID"], seriesInstanceUID: row["seriesInstanceUID"],
                              modality: row["modality"], seriesNumber: row["seriesNumber"], instanceCount: row["instances"],
                              totalBytes: row["bytes"])
            }
        }
    }

    /// Instances of the store matching every filter given.
    public func findInstances(in store: StoreName, study: String? = nil, series: String? = nil,
                              sopInstanceUID: String? = nil) async throws -> [Instance] {
        try await read { db in
            var sql = "SELECT * FROM instance WHERE store = ?"
            var arguments: StatementArguments = [store.description]
            if let study { sql += " AND studyInstanceUID = ?"; arguments += [study] }
            if let series { sql += " AND seriesInstanceUID = ?"; arguments += [series] }
            if let sopInstanceUID { sql += " AND sopInstanceUID = ?"; arguments += [sopInstanceUID] }
            sql += " ORDER BY studyInstanceUID, seriesInstanceUID, instanceNumber, sopInstanceUID"
            return try Row.fetchAll(db, sql: sql, arguments: arguments).map(Self.instance)
        }
    }

    /// The stored bytes of one instance (mapped, not read), checked to belong to the study and series
    /// given; `notFound` otherwise.
    public func instanceBytes(in store: StoreName, study: String, series: String?, sopInstanceUID: String) async throws -> Data {
        let hash = try await read { db in
            var sql = "SELECT contentHash FROM instance WHERE store = ? AND sopInstanceUID = ? AND studyInstanceUID = ?"
            var arguments: StatementArguments = [store.description, sopInstanceUID, study]
            if let series { sql += " AND seriesInstanceUID = ?"; arguments += [series] }
            guard let hash = try String.fetchOne(db, sql: sql, arguments: arguments) else {
                throw ServiceError(.notFound, "instance \(sopInstanceUID) not found in study \(study)\(series.map { ", series \($0)" } ?? "") of \(store)")
            }
            return hash
        }
        return try blobs.read(hash)
    }
}

extension EmbeddedService {
    /// The stored Part-10 bytes of an instance found by a search (mapped, not read).
    public func bytes(of instance: Instance) throws -> Data {
        try blobs.read(instance.contentHash)
    }

    /// The file holding an instance's stored bytes (read it at once: garbage collection removes the
    /// blob when the instance is deleted).
    public func blobPath(of instance: Instance) -> String {
        blobs.path(instance.contentHash)
    }

    /// One instance by its UIDs (a point query on a cached statement), nil when absent.
    public func instance(in store: StoreName, study: String, series: String?, sopInstanceUID: String) async throws -> Instance? {
        do {
            return try await index.pool.read { db in
                var sql = "SELECT * FROM instance WHERE store = ? AND sopInstanceUID = ? AND studyInstanceUID = ?"
                var arguments: StatementArguments = [store.description, sopInstanceUID, study]
                if let series { sql += " AND seriesInstanceUID = ?"; arguments += [series] }
                return try Row.fetchOne(db.cachedStatement(sql: sql), arguments: arguments).map(Self.instance)
            }
        } catch { throw ServiceError(error) }
    }
}
