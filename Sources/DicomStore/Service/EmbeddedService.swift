import DICOM
import Foundation
import GRDB
import ObjectStorage

/// The service on this machine: SQLite index, blob folder and local/Cloud Storage buckets under one data
/// directory. Import operations run in this process or in detached worker processes (`runner`), and
/// survive the front end that started them.
public final class EmbeddedService: DicomService {
    /// The data directory.
    public let dataDirectory: URL
    public let storage: StorageRouter
    let index: StoreIndex
    let blobs: any BlobStore
    let runner: any OperationRunner
    /// Wakes progress streams when an operation run by this process ends.
    let finishSignals = FinishSignals()
    /// Renders frames to 8-bit images for PNG/JPEG exports (the pixel pipeline), when linked in.
    public let renderer: (any PixelPipeline)?

    /// Opens (creating if needed) the service's data directory, and marks operations that a crash cut
    /// off; blobs no instance refers to are removed.
    public init(dataDirectory: URL, storage: StorageRouter, runner: (any OperationRunner)? = nil,
                renderer: (any PixelPipeline)? = ImagingPipeline()) throws {
        self.renderer = renderer
        self.dataDirectory = dataDirectory
        self.storage = storage
        do { try FileManager.default.createDirectory(at: dataDirectory, withIntermediateDirectories: true) } catch {
            throw ServiceError(.unavailable, "cannot create the data directory \(dataDirectory.path): \(error.localizedDescription)")
        }
        index = try StoreIndex(path: dataDirectory.appendingPathComponent("index.sqlite").path)
        blobs = try FileBlobStore(root: dataDirectory.appendingPathComponent("blobs"))
        self.runner = runner ?? InProcessRunner()
        try recover()
    }

    public func serviceAgent(of project: String) -> String {
        ServiceAgent.member(projectNumber: ServiceAgent.localProjectNumber(for: project))
    }

    // MARK: Datasets

    public func createDataset(_ name: DatasetName, labels: [String: String]) async throws -> Dataset {
        let dataset = Dataset(name: name, labels: labels, createTime: Date())
        try await write { db in
            guard try Row.fetchOne(db, sql: "SELECT 1 FROM dataset WHERE name = ?", arguments: [name.description]) == nil else {
                throw ServiceError(.alreadyExists, "dataset \(name) already exists")
            }
            try db.execute(sql: "INSERT INTO dataset (name, project, location, id, labels, createTime) VALUES (?, ?, ?, ?, ?, ?)",
                           arguments: [name.description, name.parent.project, name.parent.location, name.id,
                                       StoreIndex.encode(labels), dataset.createTime.timeIntervalSince1970])
        }
        return dataset
    }

    public func dataset(_ name: DatasetName) async throws -> Dataset {
        try await read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM dataset WHERE name = ?", arguments: [name.description]) else {
                throw ServiceError(.notFound, "dataset \(name) not found")
            }
            return try Self.dataset(row)
        }
    }

    public func datasets(in location: LocationName) async throws -> [Dataset] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM dataset WHERE project = ? AND location = ? ORDER BY id",
                             arguments: [location.project, location.location]).map(Self.dataset)
        }
    }

    public func deleteDataset(_ name: DatasetName, force: Bool) async throws {
        let hashes: [String] = try await write { db in
            guard try Row.fetchOne(db, sql: "SELECT 1 FROM dataset WHERE name = ?", arguments: [name.description]) != nil else {
                throw ServiceError(.notFound, "dataset \(name) not found")
            }
            let stores = try String.fetchAll(db, sql: "SELECT id FROM dicomStore WHERE dataset = ?", arguments: [name.description])
            if !stores.isEmpty, !force {
                throw ServiceError(.failedPrecondition, "dataset \(name) still has DICOM stores (\(stores.joined(separator: ", "))): delete them first, or delete the dataset with --force")
            }
            let running = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM operation WHERE dataset = ? AND done = 0", arguments: [name.description]) ?? 0
            if running > 0 { throw ServiceError(.failedPrecondition, "dataset \(name) has \(running) running operations: cancel them first") }
            let hashes = try String.fetchAll(db, sql: "SELECT contentHash FROM instance WHERE store IN (SELECT name FROM dicomStore WHERE dataset = ?)", arguments: [name.description])
            try db.execute(sql: "DELETE FROM operationLog WHERE operation IN (SELECT name FROM operation WHERE dataset = ?)", arguments: [name.description])
            try db.execute(sql: "DELETE FROM operation WHERE dataset = ?", arguments: [name.description])
            try db.execute(sql: "DELETE FROM dataset WHERE name = ?", arguments: [name.description])
            return hashes
        }
        try await removeUnreferencedBlobs(hashes)
    }

    static func dataset(_ row: Row) throws -> Dataset {
        Dataset(name: try DatasetName(parsing: row["name"]), labels: StoreIndex.decodeLabels(row["labels"]),
                createTime: Date(timeIntervalSince1970: row["createTime"]))
    }

    // MARK: Helpers

    func read<T: Sendable>(_ body: @Sendable @escaping (Database) throws -> T) async throws -> T {
        do { return try await index.pool.read(body) } catch { throw ServiceError(error) }
    }

    func write<T: Sendable>(_ body: @Sendable @escaping (Database) throws -> T) async throws -> T {
        do { return try await index.pool.write(body) } catch { throw ServiceError(error) }
    }

    /// Removes blobs no instance refers to. Skipped while another operation runs (it may have written the
    /// same content and not recorded it yet): recovery collects such blobs later.
    func removeUnreferencedBlobs(_ hashes: [String], runningBesides current: OperationName? = nil) async throws {
        guard !hashes.isEmpty else { return }
        let others = try await read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM operation WHERE done = 0 AND name != ?",
                             arguments: [current?.description ?? ""]) ?? 0
        }
        guard others == 0 else { return }
        // Another writer (an upload, STOW, an import in another process) may have written the same content
        // and not recorded it yet: remove only when no writer holds the blob lock; recovery collects later.
        guard let lock = blobs.collectorLock() else { return }
        defer { lock.release() }
        for hash in Set(hashes) {
            let used = try await read { db in
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM instance WHERE contentHash = ?", arguments: [hash]) ?? 0
            }
            if used == 0 { try blobs.remove(hash) }
        }
    }
}

extension EmbeddedService {
    /// Where the data goes when a user names `folder` as the data directory: the folder itself when it
    /// is absent, empty or already a data directory (it holds `index.sqlite`), else a `dicom-console`
    /// folder inside it. Opening a service clears its `staging/` and unreferenced files under `blobs/`,
    /// which must never touch a folder of the user's own files.
    public static func dataDirectory(choosing folder: URL) -> URL {
        let manager = FileManager.default
        let entries = (try? manager.contentsOfDirectory(atPath: folder.path)) ?? []
        if entries.isEmpty || entries.contains("index.sqlite") { return folder }
        return folder.appendingPathComponent("dicom-console")
    }
}
