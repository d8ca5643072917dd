import DICOM
import Foundation
import ObjectStorage

/// What became of one object an export meant to write.
enum ExportOutcome: Sendable {
    case written(String)
    /// Written to a local bucket as a temporary file, to be published (made durable, then named) by the job.
    case staged(StagedObject)
    case failed(resource: String, code: ServiceError.Code, message: String)
}

/// Exports one instance: reads its blob, turns it into the objects the format asks for, and writes them.
struct ExportContext: Sendable {
    let service: EmbeddedService
    let bucket: String
    /// The folder under the bucket, empty or ending with `/`.
    let folder: String
    let format: ExportFormat
    /// The bucket is local: objects are staged, and published by the job in batches.
    let stagesLocally: Bool
    /// The bucket's folders this export has created and checked.
    let folders = VerifiedFolders()

    func export(_ item: ExportItem) async -> [ExportOutcome] {
        let base = folder + item.study + "/" + item.series + "/" + item.sop
        let resource = "/studies/\(item.study)/series/\(item.series)/instances/\(item.sop)"
        do {
            let bytes = try service.blobs.read(item.hash)
            let objects = try makeObjects(bytes, base: base, resource: resource)
            if stagesLocally { return try stage(objects) }
            var outcomes: [ExportOutcome] = []
            for (name, data, contentType) in objects {
                _ = try await service.storage.write(bucket: bucket, object: name, contentType: contentType, data: data)
                outcomes.append(.written(name))
            }
            return outcomes
        } catch {
            let failure = ServiceError(error)
            return [.failed(resource: resource, code: failure.code, message: failure.message)]
        }
    }

    /// A local bucket's objects as temporary files, all or none: the job publishes them in batches.
    private func stage(_ objects: [(String, Data, String)]) throws -> [ExportOutcome] {
        let local = service.storage.local
        var staged: [StagedObject] = []
        do {
            for (name, data, contentType) in objects {
                staged.append(try local.stage(bucket: bucket, object: name, contentType: contentType, data: data, folders: folders))
            }
        } catch {
            local.discard(staged)
            throw error
        }
        return staged.map { .staged($0) }
    }

    /// The objects (name, bytes, content type) of one instance.
    private func makeObjects(_ bytes: Data, base: String, resource: String) throws -> [(String, Data, String)] {
        switch format {
        case .dicomAsStored:
            return [(base + ".dcm", bytes, "application/dicom")]
        case .dicom(let syntax):
            let file = try DICOMFile(data: bytes)
            if file.transferSyntax == syntax { return [(base + ".dcm", bytes, "application/dicom")] }
            let encoded: Data
            if !syntax.isEncapsulated, file.dataSet[.pixelData]?.fragments == nil {
                encoded = try file.encoded(as: syntax)
            } else if let renderer = service.renderer {
                encoded = try renderer.transcode(file, to: syntax)
            } else {
                throw ServiceError(.failedPrecondition, "transcoding from \(file.transferSyntax.name) to \(syntax.name) needs the pixel pipeline, which this build does not have yet")
            }
            return [(base + ".dcm", encoded, "application/dicom; transfer-syntax=\(syntax.uid)")]
        case .octetStream(let uncompressed):
            let file = try DICOMFile(data: bytes)
            return try named(PixelFrames.frames(of: file, uncompressed: uncompressed, pipeline: service.renderer), base: base, ext: "", type: "application/octet-stream")
        case .png, .jpeg:
            let file = try DICOMFile(data: bytes)
            guard file.dataSet[.pixelData] != nil else { throw ServiceError(.invalidArgument, "the instance has no Pixel Data to render") }
            guard let renderer = service.renderer else { throw ServiceError(.failedPrecondition, "rendering needs the pixel pipeline") }
            let images = try renderer.images(of: file, format: format == .png ? .png : .jpeg)
            return named(images, base: base, ext: format.fileExtension, type: format == .png ? "image/png" : "image/jpeg")
        }
    }

    /// One object per frame: `SOP.ext` for a single frame, `SOP/N.ext` (N from 1) for several.
    private func named(_ frames: [Data], base: String, ext: String, type: String) -> [(String, Data, String)] {
        if frames.count == 1 { return [(base + ext, frames[0], type)] }
        return frames.enumerated().map { (base + "/\($0.offset + 1)" + ext, $0.element, type) }
    }
}
