import DICOM
import DicomStore
import Foundation
import NIOHTTP1
import ObjectStorage

/// Instances through DICOMweb (`STORE/dicomWeb/`): QIDO-RS searches and a WADO-RS instance retrieve.
extension RemoteService {
    /// Results asked for per QIDO page.
    static let qidoPageSize = 1000

    public func studies(in store: StoreName) async throws -> [StudySummary] {
        try await search(store, "studies").map(QIDOShapes.parseStudy).sorted { $0.studyInstanceUID < $1.studyInstanceUID }
    }

    public func series(in store: StoreName, study: String) async throws -> [SeriesSummary] {
        try await search(store, "studies/\(try Self.segment(study))/series")
            .map { try QIDOShapes.parseSeries($0, study: study) }
            .sorted { ($0.seriesNumber ?? .max, $0.seriesInstanceUID) < ($1.seriesNumber ?? .max, $1.seriesInstanceUID) }
    }

    public func instances(in store: StoreName, study: String, series: String?) async throws -> [Instance] {
        var path = "studies/\(try Self.segment(study))"
        if let series { path += "/series/\(try Self.segment(series))" }
        return try await search(store, path + "/instances").map(QIDOShapes.parseInstance)
            .sorted { ($0.instanceNumber ?? .max, $0.sopInstanceUID) < ($1.instanceNumber ?? .max, $1.sopInstanceUID) }
    }

    public func instanceBytes(in store: StoreName, sopInstanceUID: String) async throws -> Data {
        let found = try await search(store, "instances", query: [("SOPInstanceUID", try Self.segment(sopInstanceUID))])
        guard let first = found.first else {
            throw ServiceError(.notFound, "no instance \(sopInstanceUID) in \(store)")
        }
        let instance = try QIDOShapes.parseInstance(first)
        let path = "\(store)/dicomWeb/studies/\(instance.studyInstanceUID)/series/\(instance.seriesInstanceUID)/instances/\(instance.sopInstanceUID)"
        let response = try await transport.send(.GET, transport.url(path), accept: "application/dicom; transfer-syntax=*")
        let contentType = response.headers.first(name: "Content-Type") ?? ""
        if contentType.lowercased().hasPrefix("multipart/") {
            guard let part = Multipart.firstPart(of: response.body, contentType: contentType) else {
                throw ServiceError(.internal, "the server's multipart answer for \(sopInstanceUID) has no part")
            }
            return part
        }
        return response.body
    }

    /// Every page of a QIDO search (`limit`/`offset`), as DICOM JSON objects. A server that ignores
    /// `limit` (answers more) is taken to have answered everything.
    private func search(_ store: StoreName, _ path: String, query: [(String, String?)] = []) async throws -> [JSONValue] {
        var results: [JSONValue] = []
        while true {
            let url = transport.url("\(store)/dicomWeb/\(path)", query + [("includefield", "all"),
                                    ("limit", String(Self.qidoPageSize)), ("offset", String(results.count))])
            let answer = try await transport.json(.GET, url, accept: "application/dicom+json")
            let page = answer.arrayValue ?? []
            results += page
            if page.count != Self.qidoPageSize { return results }
        }
    }

    /// A UID as a path segment: digits and dots only.
    static func segment(_ uid: String) throws -> String {
        guard !uid.isEmpty, uid.utf8.count <= 64, uid.allSatisfy({ $0 == "." || ($0.isASCII && $0.isNumber) }) else {
            throw ServiceError(.invalidArgument, "\"\(uid)\" is not a DICOM UID (digits and dots, at most 64 characters)")
        }
        return uid
    }
}

/// Just enough of `multipart/related` to take the first part's body.
enum Multipart {
    static func firstPart(of body: Data, contentType: String) -> Data? {
        guard let boundaryRange = contentType.range(of: "boundary=") else { return nil }
        var boundary = String(contentType[boundaryRange.upperBound...].prefix { $0 != ";" })
        boundary = boundary.trimmingCharacters(in: CharacterSet(charactersIn: "\" "))
        let delimiter = Data("--\(boundary)".utf8)
        guard let start = body.range(of: delimiter),
              let headersEnd = body.range(of: Data("\r\n\r\n".utf8), in: start.upperBound..<body.endIndex),
              let end = body.range(of: Data("\r\n--\(boundary)".utf8), in: headersEnd.upperBound..<body.endIndex) else { return nil }
        return body.subdata(in: headersEnd.upperBound..<end.lowerBound)
    }
}
