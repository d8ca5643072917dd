import ObjectStorage
import DICOM
import Foundation
import GRDB

/// The cloud's metadata export (to BigQuery), into a SQLite table: one row per instance, one column per
/// top-level attribute keyword (added as new keywords appear), sequences as DICOM JSON, multi-valued
/// attributes as JSON arrays. Bulk data (pixels, OB/OW/UN) is left out.
struct MetadataExportJob {
    let service: EmbeddedService
    let operation: Operation
    let table: MetadataTable
    var progress: OperationProgress

    init(service: EmbeddedService, operation: Operation, table: MetadataTable) {
        self.service = service
        self.operation = operation
        self.table = table
        progress = OperationProgress(name: operation.name)
    }

    mutating func run() async {
        let heartbeat = OperationHeartbeat.start(service, operation.name)
        defer { heartbeat.cancel() }
        do {
            try await exportAll()
            let error: Operation.Failure? = progress.counter.failure == 0 ? nil
                : .init(code: progress.samples.first?.code ?? .internal, message: "\(progress.counter.failure) instances could not be exported", sampleErrors: progress.samples)
            try await service.finish(operation.name, counter: progress.counter, error: error)
        } catch {
            let failure = ServiceError(error)
            try? await service.finish(operation.name, counter: progress.counter,
                                      error: .init(code: failure.code, message: failure.message, sampleErrors: progress.samples))
        }
    }

    private mutating func exportAll() async throws {
        let hashes = try await service.read { [store = operation.store.description] db in
            try String.fetchAll(db, sql: "SELECT contentHash FROM instance WHERE store = ? ORDER BY studyInstanceUID, seriesInstanceUID, instanceNumber, sopInstanceUID", arguments: [store])
        }
        let database: DatabaseQueue
        do { database = try DatabaseQueue(path: table.databasePath) } catch {
            throw ServiceError(.invalidArgument, "cannot open \(table.databasePath): \(error)")
        }
        let name = table.table
        var columns = try await Self.prepare(database, table: name, disposition: table.disposition)
        var batch: [[String: DatabaseValue]] = []
        for (index, hash) in hashes.enumerated() {
            do {
                let file = try DICOMFile(data: service.blobs.read(hash), options: .headerOnly)
                batch.append(Self.row(file.dataSet))
                progress.succeeded()
            } catch {
                let failure = ServiceError(error)
                progress.failed("blob \(hash)", failure.code, failure.message)
            }
            if batch.count == 200 || index == hashes.count - 1 {
                let rows = batch
                batch = []
                columns = try await database.write { [columns] db in
                    var known = columns
                    for row in rows {
                        for key in row.keys where !known.contains(key) {
                            try db.execute(sql: "ALTER TABLE \(name) ADD COLUMN \"\(key)\"")
                            known.insert(key)
                        }
                        let keys = row.keys.sorted()
                        try db.execute(sql: "INSERT INTO \(name) (\(keys.map { "\"\($0)\"" }.joined(separator: ", "))) VALUES (\(keys.map { _ in "?" }.joined(separator: ", ")))",
                                       arguments: StatementArguments(keys.map { row[$0] ?? .null }))
                    }
                    return known
                }
                if try await progress.save(service: service, pending: Int64(hashes.count - index - 1)) { break }
            }
        }
    }

    /// Creates the table if needed and applies the write disposition; returns its columns.
    private static func prepare(_ database: DatabaseQueue, table: String, disposition: MetadataTable.Disposition) async throws -> Set<String> {
        try await database.write { db in
            if try !db.tableExists(table) {
                try db.execute(sql: "CREATE TABLE \(table) (StudyInstanceUID TEXT, SeriesInstanceUID TEXT, SOPInstanceUID TEXT)")
            }
            let rows = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table)") ?? 0
            switch disposition {
            case .writeEmpty where rows > 0:
                throw ServiceError(.failedPrecondition, "table \(table) already has \(rows) rows (WRITE_EMPTY); use WRITE_TRUNCATE or WRITE_APPEND")
            case .writeTruncate: try db.execute(sql: "DELETE FROM \(table)")
            default: break
            }
            return Set(try db.columns(in: table).map(\.name))
        }
    }

    /// One instance's row: keyword → SQLite value.
    static func row(_ dataSet: DataSet) -> [String: DatabaseValue] {
        var row: [String: DatabaseValue] = [:]
        let characterSet = dataSet.characterSet()
        for element in dataSet.elements where !element.tag.isGroupLength && !element.vr.isBulk {
            guard let keyword = DataDictionary.keyword(for: element.tag), !element.tag.isPrivate else { continue }
            let json = DICOMJSON.attribute(element, characterSet: characterSet, options: .init())
            guard let values = json["Value"]?.arrayValue, !values.isEmpty else { row[keyword] = .null; continue }
            if element.vr == .SQ || values.count > 1 {
                row[keyword] = JSONValue.array(values).serialized().databaseValue
                continue
            }
            switch values[0] {
            case .string(let text): row[keyword] = text.databaseValue
            case .number(let text): row[keyword] = Int64(text)?.databaseValue ?? Double(text)?.databaseValue ?? .null
            case .object: row[keyword] = (values[0]["Alphabetic"]?.stringValue ?? values[0].serialized()).databaseValue
            default: row[keyword] = .null
            }
        }
        return row
    }
}
