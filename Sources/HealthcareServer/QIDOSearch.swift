import DICOM
import DicomStore
import Foundation
import ObjectStorage
import Hummingbird

/// QIDO-RS searches of a store, answered as `application/dicom+json`.
struct QIDOSearch {
    let service: EmbeddedService
    let store: StoreName

    func studies(_ request: APIRequest) async throws -> Response {
        let query = try QIDOQuery(request)
        let found = try await service.studies(in: store).filter { study in
            var values = QIDOResult.values(study)
            if let wanted = query.matches["00080061"] {
                // Multi-valued: the study matches when any of its modalities is one asked for.
                values["00080061"] = study.modalities.first { QIDOQuery.match($0, wanted, vr: "UI") } ?? ""
            }
            return query.accepts(values)
        }
        return Self.respond(query.page(found).map(QIDOShapes.study))
    }

    func series(_ request: APIRequest, study: String?) async throws -> Response {
        let query = try QIDOQuery(request)
        let found = try await service.findSeries(in: store, study: study).filter { query.accepts(QIDOResult.values($0)) }
        return Self.respond(query.page(found).map(QIDOShapes.series))
    }

    func instances(_ request: APIRequest, study: String?, series: String?) async throws -> Response {
        let query = try QIDOQuery(request)
        // A SOP Instance UID (or study/series) in the query narrows the index lookup itself.
        // Only a single, non-empty UID narrows the lookup (lists and empty values go to the matcher).
        func single(_ tag: String) -> String? {
            query.matches[tag].flatMap { $0.isEmpty || $0.contains(",") || $0.contains("\\") ? nil : $0 }
        }
        let sop = single("00080018")
        let studyUID = study ?? single("0020000D")
        let seriesUID = series ?? single("0020000E")
        let found = try await service.findInstances(in: store, study: studyUID, series: seriesUID, sopInstanceUID: sop)
            .filter { query.accepts(QIDOResult.values($0)) }
        return Self.respond(query.page(found).map(QIDOShapes.instance))
    }

    static func respond(_ results: [JSONValue]) -> Response {
        var buffer = ByteBuffer()
        buffer.writeString(JSONValue.array(results).serialized())
        return Response(status: .ok, headers: [.contentType: "application/dicom+json"], body: .init(byteBuffer: buffer))
    }
}
