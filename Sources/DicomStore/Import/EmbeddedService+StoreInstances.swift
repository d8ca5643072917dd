import DICOM
import Foundation
import ObjectStorage

/// What became of one object a client stored directly (DICOMweb STOW-RS).
public enum StoredInstanceResult: Sendable, Equatable {
    /// Stored (or already there with the same content).
    case stored(Instance)
    /// Refused: not DICOM, a missing UID, a different study than the request names, or the same SOP
    /// Instance UID with other content.
    case failed(sopClassUID: String?, sopInstanceUID: String?, code: ServiceError.Code, message: String)
}

extension EmbeddedService {
    /// A folder for files on their way in (uploads), and a lock to hold while they are there: recovery in
    /// any process clears the folder only when no writer holds the blob lock.
    public func stagingFolder() async throws -> (folder: URL, lock: BlobLock) {
        let folder = dataDirectory.appendingPathComponent("staging")
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return (folder, try await blobs.writerLock(waiting: .seconds(60)))
    }

    /// Stores Part-10 objects sent by a client into a store, each on its own: a bad object fails alone.
    /// Blobs are durable before one transaction records the instances, as imports do. `study`, when given,
    /// is the Study Instance UID every object must have (STOW-RS to `studies/{study}`).
    public func storeInstances(_ objects: [Data], into store: StoreName, study: String? = nil) async throws -> [StoredInstanceResult] {
        _ = try await self.store(store)
        let lock = try await blobs.writerLock(waiting: .seconds(60))
        defer { lock.release() }  // released before the orphans are removed too (release is idempotent)
        var outcomes: [ImportOutcome] = []
        for (index, bytes) in objects.enumerated() {
            let resource = "part \(index + 1)"
            let outcome: ImportOutcome
            do {
                let file = try DICOMFile(data: bytes)
                if let study, let found = file.dataSet.string(.studyInstanceUID), found != study {
                    outcome = .failure(resource: resource, code: .invalidArgument,
                                       message: "Study Instance UID \(found) is not the study \(study) the request names")
                } else {
                    outcome = try ImportStep.ingest(file, bytes: bytes, path: nil, resource: resource, blobs: blobs, storageClass: .standard)
                }
            } catch let error as DICOMError {
                outcome = .failure(resource: resource, code: .invalidArgument, message: "not a valid DICOM object: \(error)")
            }
            outcomes.append(outcome)
        }
        if outcomes.contains(where: { if case .instance = $0 { true } else { false } }) { try blobs.synchronize() }
        let storeName = store.description
        let compared = try await ImportJob.compareWithStored(outcomes, store: storeName, service: self)
        let recorded = try await write { [outcomes] db in
            try outcomes.map { try ImportJob.record($0, store: storeName, compared: compared, in: db) }
        }
        var orphaned: [String] = []
        let results = zip(recorded, objects).map { outcome, bytes -> StoredInstanceResult in
            switch outcome {
            case .instance(let instance, _): return .stored(instance)
            case .identical(let instance, _, let redundant):
                orphaned.append(redundant)
                return .stored(instance)
            case .notProcessed:
                return .failed(sopClassUID: nil, sopInstanceUID: nil, code: .cancelled, message: "the request was cancelled")
            case .failure(_, let code, let message):
                let dataSet = try? DICOMFile(data: bytes, options: .headerOnly).dataSet
                return .failed(sopClassUID: dataSet?.string(.sopClassUID), sopInstanceUID: dataSet?.string(.sopInstanceUID),
                               code: code, message: message)
            case .duplicate(let key, _, let message):
                orphaned.append(key)
                let dataSet = try? DICOMFile(data: bytes, options: .headerOnly).dataSet
                return .failed(sopClassUID: dataSet?.string(.sopClassUID), sopInstanceUID: dataSet?.string(.sopInstanceUID),
                               code: .alreadyExists, message: message)
            }
        }
        lock.release()
        try await removeUnreferencedBlobs(orphaned)
        return results
    }
}
