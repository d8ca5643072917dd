import DICOM
import Foundation
import NIOPosix
import ObjectStorage
#if canImport(Glibc)
import Glibc
#endif

/// What became of one object.
enum ImportOutcome: Sendable {
    /// A valid instance, stored as a blob, to be recorded.
    case instance(Instance, resource: String)
    /// The object failed on its own (not DICOM, truncated, missing a UID, unreadable…).
    case failure(resource: String, code: ServiceError.Code, message: String)
    /// Same SOP Instance UID as a stored instance, other content: the new blob is to be removed.
    case duplicate(key: String, resource: String, message: String)
    /// Same SOP Instance UID and the same bytes as a stored instance whose blob has another key (large
    /// blobs are not keyed by content): a success, and the new blob is to be removed.
    case identical(Instance, resource: String, redundantKey: String)
    /// Not processed: the operation was cancelled before the object's turn (it stays pending).
    case notProcessed(resource: String)
}

/// When a batch of results is committed: a quarter of a second's worth (so counters move at least four
/// times a second), or sooner once this many are waiting. Each commit costs a `syncfs` that waits for the
/// disk: at 64 results, 2,000 small objects paid 31 of them, most of an export's time.
enum BatchPolicy {
    static let interval = Duration.milliseconds(250)
    static let maximumCount = 1_024
    /// An import commits beside the work on the next batch (`ImportJob`), so smaller batches cost it no
    /// time; they shorten the last commit, which nothing overlaps.
    static let importMaximumCount = 256
}

/// Results waiting to be committed (see `BatchPolicy`).
struct ImportBatch {
    private var outcomes: [ImportOutcome] = []
    private var since = ContinuousClock.now

    mutating func add(_ outcome: ImportOutcome) { outcomes.append(outcome) }

    var isDue: Bool { outcomes.count >= BatchPolicy.importMaximumCount || ContinuousClock.now - since >= BatchPolicy.interval }

    mutating func take() -> [ImportOutcome] {
        defer { outcomes = []; since = ContinuousClock.now }
        return outcomes
    }
}

/// Results put back in listing order: objects finish out of order on many threads, and which of two
/// objects with one SOP Instance UID is recorded first (and kept) must not depend on timing. Holds at
/// most as many results as objects are in work.
struct ListingOrder<Item> {
    private var waiting: [Int: Item] = [:]
    private var next = 0

    /// Takes the result of the object at `position` (0, 1, 2… as dispatched); returns the results that
    /// are now in order, possibly none.
    mutating func arrived(_ item: Item, at position: Int) -> [Item] {
        waiting[position] = item
        var ready: [Item] = []
        while let item = waiting.removeValue(forKey: next) {
            ready.append(item)
            next += 1
        }
        return ready
    }
}

/// Importing one object: stage it as a file (a local bucket's file is used in place; a Cloud Storage
/// object is downloaded), validate the whole structure (lengths, sequences), read the identifying
/// attributes, and store the bytes as a blob.
enum ImportStep {
    static let required: [(Tag, String)] = [(.sopClassUID, "SOPClassUID"), (.sopInstanceUID, "SOPInstanceUID"),
                                            (.studyInstanceUID, "StudyInstanceUID"), (.seriesInstanceUID, "SeriesInstanceUID")]

    /// Objects smaller than this are read into memory whole (into `ReadBuffers` of this capacity).
    static let inMemoryLimit = 4 << 20

    /// Processes one object; the blocking work (reading, parsing, hashing, writing the blob) runs on
    /// `threads`, so that direct writes waiting for the disk do not hold Swift's cooperative threads.
    /// `localFiles`: the object's bucket when it is a local one (its files are read in place).
    static func process(_ object: ObjectInfo, localFiles: LocalFiles?, storage: StorageRouter, blobs: any BlobStore, staging: URL,
                        storageClass: StorageClass, threads: NIOThreadPool, buffers: ReadBuffers) async -> ImportOutcome {
        let resource = object.uri
        var downloaded: String?
        defer { if let downloaded { unlink(downloaded) } }
        do {
            let path: String
            if let localFiles {
                path = try localFiles.path(of: object.name)
            } else {
                let target = staging.appendingPathComponent("download-" + UniqueName.next()).path
                downloaded = target
                try await download(object, from: storage, to: target)
                path = target
            }
            return try await threads.runIfActive {
                try ingest(fileAt: path, resource: resource, blobs: blobs, storageClass: storageClass, buffers: buffers)
            }
        } catch is CancellationError {
            return .notProcessed(resource: resource)
        } catch {
            let failure = ServiceError(error)
            return .failure(resource: resource, code: failure.code, message: failure.message)
        }
    }

    /// Reads, validates and stores the file at `path` (blocking).
    static func ingest(fileAt path: String, resource: String, blobs: any BlobStore, storageClass: StorageClass,
                       buffers: ReadBuffers) throws -> ImportOutcome {
        // Small files are read once (into a reused aligned buffer, for the blob's direct write) and stored
        // from memory; large ones (nil here) are mapped to parse and copied by the kernel, so memory stays
        // flat whatever their size.
        let bytes: Data?
        do { bytes = try buffers.read(path) } catch {
            if access(path, F_OK) != 0 { throw ServiceError(.notFound, "the object vanished before it was read") }
            throw error
        }
        if bytes?.isEmpty == true {
            return .failure(resource: resource, code: .invalidArgument, message: "the object is empty (0 bytes), not a DICOM file")
        }
        let file: DICOMFile
        do { file = try bytes.map { try DICOMFile(data: $0) } ?? DICOMFile(path: path, options: .full) } catch let error as DICOMError {
            return .failure(resource: resource, code: .invalidArgument, message: "not a valid DICOM file: \(error)")
        }
        return try ingest(file, bytes: bytes, path: path, resource: resource, blobs: blobs, storageClass: storageClass)
    }

    /// Checks a parsed object's identifying attributes and stores its bytes as a blob: `bytes` when
    /// in memory, else the file at `path`. A raw data set (no preamble or meta) is stored as Part 10.
    static func ingest(_ file: DICOMFile, bytes: Data?, path: String?, resource: String, blobs: any BlobStore,
                       storageClass: StorageClass) throws -> ImportOutcome {
        let dataSet = file.dataSet
        for (tag, keyword) in required where dataSet.string(tag) == nil {
            return .failure(resource: resource, code: .invalidArgument, message: "missing required attribute \(keyword) \(tag)")
        }
        let key: String
        let size: Int64
        if file.preamble != nil, !file.fileMetaInformation.isEmpty {
            if let bytes {
                key = try bytes.withUnsafeBytes { try blobs.put($0) }
                size = Int64(bytes.count)
            } else {
                guard let path else { throw ServiceError(.internal, "no bytes nor file to store for \(resource)") }
                (key, size) = try blobs.put(fileAt: path)
            }
        } else {
            // A raw data set (no preamble or meta group): stored as Part 10, losslessly re-encoded.
            let bytes = try file.encoded()
            key = try bytes.withUnsafeBytes { try blobs.put($0) }
            size = Int64(bytes.count)
        }
        let now = Date()
        return .instance(Instance(
            studyInstanceUID: dataSet.string(.studyInstanceUID)!, seriesInstanceUID: dataSet.string(.seriesInstanceUID)!,
            sopInstanceUID: dataSet.string(.sopInstanceUID)!, sopClassUID: dataSet.string(.sopClassUID)!,
            modality: dataSet.string(.modality), patientID: dataSet.string(.patientID),
            patientName: dataSet.string(.patientName), studyDate: dataSet.string(.studyDate),
            studyDescription: dataSet.string(.studyDescription), seriesNumber: dataSet.int(.seriesNumber),
            instanceNumber: dataSet.int(.instanceNumber), transferSyntaxUID: file.transferSyntax.uid,
            numberOfFrames: dataSet.int(.numberOfFrames) ?? 1, size: size, storageClass: storageClass, contentHash: key,
            createTime: now, updateTime: now), resource: resource)
    }

    static func download(_ object: ObjectInfo, from storage: StorageRouter, to path: String) async throws {
        guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
            throw ServiceError(.internal, "cannot create \(path)")
        }
        defer { try? handle.close() }
        for try await chunk in try await storage.read(bucket: object.bucket, object: object.name) {
            try handle.write(contentsOf: chunk)
        }
    }
}
