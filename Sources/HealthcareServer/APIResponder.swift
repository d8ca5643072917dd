import DicomStore
import Foundation
import ObjectStorage
import Hummingbird
import Synchronization

/// Every request: credentials checked, routed, errors turned into google.rpc.Status, one log line.
struct APIResponder: HTTPResponder {
    typealias Context = BasicRequestContext

    let service: EmbeddedService
    let configuration: HealthcareServer.Configuration
    /// Recently retrieved instances' bytes.
    let retrieveCache: BlobCache
    let log = RequestLog()
    let uploads = ResumableUploads()

    func respond(to request: Request, context: Context) async throws -> Response {
        let start = ContinuousClock.now
        var response: Response
        do {
            try authorize(request)
            let api = try APIRequest(request, configuration: configuration)
            response = try await route(api)
        } catch {
            response = APIError.response(for: error)
        }
        if configuration.logRequests {
            log.write(method: request.method.rawValue, path: request.uri.path, status: response.status.code,
                      duration: ContinuousClock.now - start)
        }
        return response
    }

    private func route(_ request: APIRequest) async throws -> Response {
        let segments = request.segments
        switch segments.first {
        case "v1", "v1beta1":
            return try await HealthcareRoutes(service: service, retrieveCache: retrieveCache).handle(request, path: Array(segments.dropFirst()))
        case "storage" where segments.count > 1 && segments[1] == "v1":
            return try await StorageRoutes(storage: service.storage, staging: service.stagingFolder, uploads: uploads)
                .handle(request, path: Array(segments.dropFirst(2)))
        case "upload" where segments.count > 2 && segments[1] == "storage" && segments[2] == "v1":
            return try await StorageRoutes(storage: service.storage, staging: service.stagingFolder, uploads: uploads)
                .upload(request, path: Array(segments.dropFirst(3)))
        default:
            throw ServiceError(.notFound, "no such resource: \(request.rawPath) (the API is under /v1/, DICOMweb under …/dicomStores/S/dicomWeb/, buckets under /storage/v1/)")
        }
    }

    /// `Authorization: Bearer TOKEN` against the configured token, compared in constant time.
    private func authorize(_ request: Request) throws {
        guard case .token(let expected) = configuration.access else { return try refuseBrowsers(request) }
        guard let header = request.headers[.authorization] else {
            throw ServiceError(.unauthenticated, "Request is missing required authentication credential. Expected OAuth 2 access token or other valid authentication credential (Authorization: Bearer TOKEN).")
        }
        let prefix = "Bearer "
        guard header.count > prefix.count, header.prefix(prefix.count).lowercased() == prefix.lowercased(),
              Self.constantTimeEqual(Array(header.utf8.dropFirst(prefix.count)), Array(expected.utf8)) else {
            throw ServiceError(.unauthenticated, "Request had invalid authentication credentials. Expected OAuth 2 access token or other valid authentication credential.")
        }
    }

    /// Open access is for programs on this machine: a web page must not drive the server through the
    /// user's browser (cross-site requests carry `Origin`; DNS rebinding carries a foreign `Host`).
    private func refuseBrowsers(_ request: Request) throws {
        if request.headers[.origin] != nil {
            throw ServiceError(.permissionDenied, "cross-origin requests are refused by a server open without a token")
        }
        let authority = request.head.authority ?? ""
        var host = authority
        if host.hasPrefix("["), let end = host.firstIndex(of: "]") {
            host = String(host[host.index(after: host.startIndex)..<end])
        } else if let colon = host.lastIndex(of: ":") {
            host = String(host[..<colon])
        }
        guard HealthcareServer.isLoopback(host.lowercased()) else {
            throw ServiceError(.permissionDenied, "Host \"\(authority)\" is not a loopback name: a server open without a token answers only requests addressed to 127.0.0.1, ::1 or localhost")
        }
    }

    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices { difference |= a[index] ^ b[index] }
        return difference == 0
    }
}

/// One line per request on standard error: time, method, path, status, duration.
final class RequestLog: Sendable {
    private let lock = Mutex(())

    func write(method: String, path: String, status: Int, duration: Duration) {
        let milliseconds = Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
        let line = "\(RESTShapes.time(Date())) \(method) \(path) \(status) \(String(format: "%.1f", milliseconds))ms\n"
        lock.withLock { _ in FileHandle.standardError.write(Data(line.utf8)) }
    }
}
