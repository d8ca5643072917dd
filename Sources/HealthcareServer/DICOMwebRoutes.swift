import DICOM
import DicomStore
import Foundation
import ObjectStorage
import Hummingbird

/// DICOMweb on `…/dicomStores/S/dicomWeb/`: QIDO-RS searches, WADO-RS retrieval (instances, metadata,
/// frames, rendered images) and STOW-RS.
struct DICOMwebRoutes {
    let service: EmbeddedService
    let store: StoreName
    /// `/v1/…/dicomWeb`, for retrieve URLs.
    let base: String
    /// Recently retrieved instances' bytes.
    let retrieveCache: BlobCache

    func handle(_ request: APIRequest, path: [String]) async throws -> Response {
        let p = path
        switch (request.method, p.count) {
        case (.post, 1) where p[0] == "studies":
            return try await STOW(service: service, store: store, base: base).store(request, study: nil)
        case (.post, 2) where p[0] == "studies":
            return try await STOW(service: service, store: store, base: base).store(request, study: p[1])
        case (.get, _): break
        default: throw methodNotAllowed(request)
        }
        let search = QIDOSearch(service: service, store: store)
        switch p.count {
        case 1 where p[0] == "studies": return try await search.studies(request)
        case 1 where p[0] == "series": return try await search.series(request, study: nil)
        case 1 where p[0] == "instances": return try await search.instances(request, study: nil, series: nil)
        case 2 where p[0] == "studies": return try await retrieve(request, study: p[1], series: nil, sop: nil)
        case 3 where p[0] == "studies" && p[2] == "metadata": return try await metadata(request, study: p[1], series: nil, sop: nil)
        case 3 where p[0] == "studies" && p[2] == "series": return try await search.series(request, study: p[1])
        case 3 where p[0] == "studies" && p[2] == "instances": return try await search.instances(request, study: p[1], series: nil)
        case 4 where p[0] == "studies" && p[2] == "series": return try await retrieve(request, study: p[1], series: p[3], sop: nil)
        case 5 where p[2] == "series" && p[4] == "metadata": return try await metadata(request, study: p[1], series: p[3], sop: nil)
        case 5 where p[2] == "series" && p[4] == "instances": return try await search.instances(request, study: p[1], series: p[3])
        case 6 where p[2] == "series" && p[4] == "instances": return try await retrieve(request, study: p[1], series: p[3], sop: p[5])
        case 7 where p[4] == "instances" && p[6] == "metadata": return try await metadata(request, study: p[1], series: p[3], sop: p[5])
        case 7 where p[4] == "instances" && p[6] == "rendered":
            return try await FrameRoutes(service: service).rendered(request, instance: try await instance(p[1], p[3], p[5]), frame: 1)
        case 8 where p[4] == "instances" && p[6] == "frames":
            return try await FrameRoutes(service: service).frames(request, instance: try await instance(p[1], p[3], p[5]), list: p[7])
        case 9 where p[4] == "instances" && p[6] == "frames" && p[8] == "rendered":
            let frames = try FrameRoutes.frameNumbers(p[7])
            guard frames.count == 1 else { throw ServiceError(.invalidArgument, "rendered takes one frame number, not \(p[7])") }
            return try await FrameRoutes(service: service).rendered(request, instance: try await instance(p[1], p[3], p[5]), frame: frames[0])
        default:
            throw ServiceError(.notFound, "no such DICOMweb resource: \(request.rawPath)")
        }
    }

    /// One instance, checked to be in that study and series.
    func instance(_ study: String, _ series: String, _ sop: String) async throws -> Instance {
        guard let found = try await service.instance(in: store, study: study, series: series, sopInstanceUID: sop) else {
            throw ServiceError(.notFound, "instance \(sop) of series \(series), study \(study) not found in \(store)")
        }
        return found
    }

    private func selection(study: String, series: String?, sop: String?) async throws -> [Instance] {
        if let sop {
            guard let found = try await service.instance(in: store, study: study, series: series, sopInstanceUID: sop) else {
                throw ServiceError(.notFound, "instance \(sop) not found in study \(study)\(series.map { ", series \($0)" } ?? "") of \(store)")
            }
            return [found]
        }
        let found = try await service.findInstances(in: store, study: study, series: series, sopInstanceUID: sop)
        guard !found.isEmpty else {
            let what = sop.map { "instance \($0)" } ?? series.map { "series \($0)" } ?? "study \(study)"
            throw ServiceError(.notFound, "\(what) not found in \(store)")
        }
        return found
    }

    /// WADO-RS: `multipart/related; type="application/dicom"` (any resource) or `application/dicom`
    /// (one instance); `transfer-syntax=*` as stored, else transcoded (default explicit VR little endian).
    private func retrieve(_ request: APIRequest, study: String, series: String?, sop: String?) async throws -> Response {
        let instances = try await selection(study: study, series: series, sop: sop)
        let choice = try RetrieveChoice(accept: request.headers[.accept], single: sop != nil)
        let service = self.service
        if !choice.multipart {
            let bytes = try Self.encoded(instances[0], choice.transferSyntax, service, cache: retrieveCache)
            return Response(status: .ok, headers: [.contentType: "application/dicom; transfer-syntax=\(choice.transferSyntax ?? instances[0].transferSyntaxUID)"],
                            body: .init(byteBuffer: bytes))
        }
        // Check the first instance before the status line goes out; later failures end the stream.
        let cache = retrieveCache
        let first = try Self.encoded(instances[0], choice.transferSyntax, service, cache: cache)
        let boundary = Multipart.boundary()
        let headers: HTTPFields = [.contentType: Multipart.contentType(partType: "application/dicom", boundary: boundary,
                                                                      transferSyntax: choice.transferSyntax ?? "*")]
        return Response(status: .ok, headers: headers, body: ResponseBody { writer in
            for (index, instance) in instances.enumerated() {
                let bytes = index == 0 ? first : try Self.encoded(instance, choice.transferSyntax, service, cache: cache)
                if index > 0 { try await writer.write(ByteBuffer(string: "\r\n")) }
                let type = "application/dicom; transfer-syntax=\(choice.transferSyntax ?? instance.transferSyntaxUID)"
                try await writer.write(Multipart.partHeader(boundary: boundary, contentType: type))
                try await writer.write(bytes)
            }
            try await writer.write(Multipart.closing(boundary: boundary))
            try await writer.finish(nil)
        })
    }

    /// The instance's bytes as stored (from the cache, or read straight into the response buffer), or
    /// transcoded to `syntax`.
    static func encoded(_ instance: Instance, _ syntax: String?, _ service: EmbeddedService, cache: BlobCache) throws -> ByteBuffer {
        guard let syntax, syntax != instance.transferSyntaxUID else {
            return try cache.bytes(key: instance.contentHash) { service.blobPath(of: instance) }
        }
        let target = TransferSyntax.lookup(syntax)
        guard target.isKnown, let pipeline = service.renderer else {
            throw HTTPStatusError.notAcceptable("transfer syntax \(syntax) is not one this store can transcode to")
        }
        do { return ByteBuffer(bytes: try pipeline.transcode(DICOMFile(data: service.bytes(of: instance)), to: target)) } catch {
            throw HTTPStatusError.notAcceptable("instance \(instance.sopInstanceUID) cannot be transcoded from \(instance.transferSyntaxUID) to \(syntax): \(ServiceError(error).message); ask for transfer-syntax=*")
        }
    }

    /// WADO-RS metadata: the DICOM JSON of each instance, bulk data left out.
    private func metadata(_ request: APIRequest, study: String, series: String?, sop: String?) async throws -> Response {
        let instances = try await selection(study: study, series: series, sop: sop)
        var items: [JSONValue] = []
        for instance in instances {
            let file = try DICOMFile(data: try service.bytes(of: instance), options: .headerOnly)
            items.append(DICOMJSON.object(for: file.dataSet, options: .init(bulkDataThreshold: 4096, bulkDataURI: { _ in nil })))
        }
        var buffer = ByteBuffer()
        buffer.writeString(JSONValue.array(items).serialized())
        return Response(status: .ok, headers: [.contentType: "application/dicom+json"], body: .init(byteBuffer: buffer))
    }
}

/// What a retrieve's `Accept` asks for.
struct RetrieveChoice {
    var multipart: Bool
    /// nil: as stored (`*`).
    var transferSyntax: String?

    static let defaultSyntax = "1.2.840.10008.1.2.1"

    init(accept: String?, single: Bool) throws {
        for range in MediaType.accepted(accept) {
            let syntax = range.parameters["transfer-syntax"] ?? Self.defaultSyntax
            switch range.type {
            case "multipart/related" where (range.parameters["type"] ?? "application/dicom") == "application/dicom",
                 _ where range.isAny:
                multipart = true
                transferSyntax = syntax == "*" ? nil : syntax
                return
            case "application/dicom" where single:
                multipart = false
                transferSyntax = syntax == "*" ? nil : syntax
                return
            default: continue
            }
        }
        throw HTTPStatusError.notAcceptable("Accept \"\(accept ?? "")\" is not offered: use multipart/related; type=\"application/dicom\"[; transfer-syntax=UID|*]\(single ? " or application/dicom" : "")")
    }
}
