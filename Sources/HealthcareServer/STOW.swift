import DICOM
import DicomStore
import Foundation
import ObjectStorage
import Hummingbird

/// STOW-RS: `POST …/dicomWeb/studies[/{study}]` with `multipart/related; type="application/dicom"` (or a
/// single `application/dicom` body). The body is streamed to a staging file and mapped, each part is
/// stored on its own, and the answer lists what was stored and what failed (PS3.18 §10.5).
struct STOW {
    let service: EmbeddedService
    let store: StoreName
    let base: String

    func store(_ request: APIRequest, study: String?) async throws -> Response {
        let contentType = MediaType(Substring(request.headers[.contentType] ?? ""))
        let boundary: String?
        switch contentType.type {
        case "multipart/related":
            guard (contentType.parameters["type"] ?? "application/dicom") == "application/dicom" else {
                throw HTTPStatusError.unsupportedMediaType("STOW-RS takes parts of type application/dicom, not \(contentType.parameters["type"] ?? "")")
            }
            guard let value = contentType.parameters["boundary"], !value.isEmpty else {
                throw ServiceError(.invalidArgument, "the multipart/related Content-Type has no boundary")
            }
            boundary = value
        case "application/dicom": boundary = nil
        default:
            throw HTTPStatusError.unsupportedMediaType("STOW-RS takes multipart/related; type=\"application/dicom\" or application/dicom, not \"\(contentType.type)\"")
        }
        _ = try await service.store(store)
        let (staging, lock) = try await service.stagingFolder()
        defer { lock.release() }
        let path = staging.appendingPathComponent("stow-" + UUID().uuidString).path
        defer { unlink(path) }
        _ = try await request.saveBody(to: path)
        let body = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
        var objects: [Data] = []
        if let boundary {
            for (index, part) in try Multipart.parts(of: body, boundary: boundary).enumerated() {
                let type = MediaType(Substring(part.headers["content-type"] ?? "application/dicom")).type
                guard type == "application/dicom" else {
                    throw HTTPStatusError.unsupportedMediaType("part \(index + 1) is \(type); STOW-RS here takes application/dicom parts")
                }
                objects.append(part.content)
            }
        } else {
            objects = [body]
        }
        guard !objects.isEmpty else { throw ServiceError(.invalidArgument, "the request holds no DICOM object") }
        let results = try await service.storeInstances(objects, into: store, study: study)
        return response(results, request: request, study: study)
    }

    private func response(_ results: [StoredInstanceResult], request: APIRequest, study: String?) -> Response {
        let root = request.publicBase + base
        var stored: [JSONValue] = [], failed: [JSONValue] = []
        for result in results {
            switch result {
            case .stored(let instance):
                stored.append(.object([
                    ("00081150", Self.attribute("UI", .string(instance.sopClassUID))),
                    ("00081155", Self.attribute("UI", .string(instance.sopInstanceUID))),
                    ("00081190", Self.attribute("UR", .string("\(root)/studies/\(instance.studyInstanceUID)/series/\(instance.seriesInstanceUID)/instances/\(instance.sopInstanceUID)"))),
                ]))
            case .failed(let sopClass, let sop, let code, let message):
                var members: [(String, JSONValue)] = []
                if let sopClass { members.append(("00081150", Self.attribute("UI", .string(sopClass)))) }
                if let sop { members.append(("00081155", Self.attribute("UI", .string(sop)))) }
                // 0xC000 cannot understand; 0x0111 duplicate SOP instance; 0x0110 processing failure.
                let reason = code == .invalidArgument ? 0xC000 : code == .alreadyExists ? 0x0111 : 0x0110
                members.append(("00081197", Self.attribute("US", .number(String(reason)))))
                // Error Comment: why, in words (the failure reason codes alone do not say).
                members.append(("00000902", Self.attribute("LO", .string(message))))
                failed.append(.object(members))
            }
        }
        var members: [(String, JSONValue)] = []
        if let study { members.append(("00081190", Self.attribute("UR", .string("\(root)/studies/\(study)")))) }
        if !failed.isEmpty { members.append(("00081198", .object([("vr", .string("SQ")), ("Value", .array(failed))]))) }
        if !stored.isEmpty { members.append(("00081199", .object([("vr", .string("SQ")), ("Value", .array(stored))]))) }
        let status: HTTPResponse.Status = failed.isEmpty ? .ok : stored.isEmpty ? .conflict : .accepted
        var buffer = ByteBuffer()
        buffer.writeString(JSONValue.object(members).serialized())
        return Response(status: status, headers: [.contentType: "application/dicom+json"], body: .init(byteBuffer: buffer))
    }

    private static func attribute(_ vr: String, _ value: JSONValue) -> JSONValue {
        .object([("vr", .string(vr)), ("Value", .array([value]))])
    }
}
