import DICOM
import DICOMImaging
import DicomStore
import Foundation
import ObjectStorage
import Hummingbird

/// WADO-RS frames (pixel data per frame, as stored or uncompressed) and rendered images (JPEG or PNG).
struct FrameRoutes {
    let service: EmbeddedService

    /// `frames/1,3`: one part per frame, `application/octet-stream` (uncompressed, the default) or as
    /// stored with `transfer-syntax=*`.
    func frames(_ request: APIRequest, instance: Instance, list: String) async throws -> Response {
        let numbers = try Self.frameNumbers(list)
        guard numbers.count <= max(1, instance.numberOfFrames) else {
            throw ServiceError(.invalidArgument, "frame list names \(numbers.count) frames; instance \(instance.sopInstanceUID) has \(instance.numberOfFrames)")
        }
        var asStored = false
        var acceptable = false
        for range in MediaType.accepted(request.headers[.accept]) {
            let type = range.type == "multipart/related" ? (range.parameters["type"] ?? "application/octet-stream") : range.type
            if range.isAny || type == "*/*" || type == "application/octet-stream" {
                acceptable = true
                asStored = range.parameters["transfer-syntax"] == "*"
                break
            }
        }
        guard acceptable else {
            throw HTTPStatusError.notAcceptable("frames are offered as multipart/related; type=\"application/octet-stream\"[; transfer-syntax=*]")
        }
        let file = try DICOMFile(data: try service.bytes(of: instance))
        let all = try PixelFrames.frames(of: file, uncompressed: !asStored, pipeline: service.renderer)
        for number in numbers where number > all.count {
            throw ServiceError(.notFound, "frame \(number) does not exist: instance \(instance.sopInstanceUID) has \(all.count)")
        }
        let syntax = asStored ? instance.transferSyntaxUID : RetrieveChoice.defaultSyntax
        let boundary = Multipart.boundary()
        var body = ByteBuffer()
        for (index, number) in numbers.enumerated() {
            if index > 0 { body.writeString("\r\n") }
            var header = Multipart.partHeader(boundary: boundary, contentType: "application/octet-stream; transfer-syntax=\(syntax)")
            body.writeBuffer(&header)
            body.writeBytes(all[number - 1])
        }
        var closing = Multipart.closing(boundary: boundary)
        body.writeBuffer(&closing)
        return Response(status: .ok, headers: [.contentType: Multipart.contentType(partType: "application/octet-stream", boundary: boundary,
                                                                                   transferSyntax: syntax)],
                        body: .init(byteBuffer: body))
    }

    /// `rendered`: one frame as `image/jpeg` (the default) or `image/png`.
    func rendered(_ request: APIRequest, instance: Instance, frame: Int) async throws -> Response {
        var format: ImageFormat?
        for range in MediaType.accepted(request.headers[.accept]) {
            if range.type == "image/png" { format = .png; break }
            if range.type == "image/jpeg" || range.type == "image/*" || range.isAny { format = .jpeg; break }
        }
        guard let format else { throw HTTPStatusError.notAcceptable("rendered images are offered as image/jpeg or image/png") }
        guard frame <= instance.numberOfFrames else {
            throw ServiceError(.notFound, "frame \(frame) does not exist: instance \(instance.sopInstanceUID) has \(instance.numberOfFrames)")
        }
        let file = try DICOMFile(data: try service.bytes(of: instance))
        let image: Data
        do {
            let rendered = try file.renderFrame(frame - 1)
            image = format == .png ? try rendered.pngData() : try rendered.jpegData(quality: 90)
        } catch {
            throw ServiceError(.failedPrecondition, "instance \(instance.sopInstanceUID) cannot be rendered: \(error)")
        }
        return Response(status: .ok, headers: [.contentType: format == .png ? "image/png" : "image/jpeg"],
                        body: .init(byteBuffer: ByteBuffer(bytes: image)))
    }

    /// `1,3,5` → [1, 3, 5]; frame numbers start at 1.
    static func frameNumbers(_ list: String) throws -> [Int] {
        let numbers = list.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !numbers.isEmpty, numbers.allSatisfy({ ($0 ?? 0) >= 1 }) else {
            throw ServiceError(.invalidArgument, "frame list \"\(list)\" must be frame numbers from 1, separated by commas")
        }
        return numbers.compactMap { $0 }
    }
}
