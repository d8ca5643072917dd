import AsyncHTTPClient
import DICOM
import DicomStore
import Foundation
import NIOCore
import NIOHTTP1
import ObjectStorage

/// The HTTP layer of `RemoteService`: bearer tokens (refreshed once on a 401), retries of idempotent
/// calls on 429/5xx and connection failures, and google.rpc.Status answers as `ServiceError`s.
struct RESTTransport: Sendable {
    /// One answer.
    struct Response: Sendable {
        var status: Int
        var headers: HTTPHeaders
        var body: Data
        var text: String { String(decoding: body, as: UTF8.self) }
    }

    let client: HTTPClient
    let tokens: GoogleTokenSource
    /// The server's root without a trailing slash (`https://healthcare.googleapis.com`).
    let root: String
    let timeout: Duration
    /// Attempts of an idempotent call.
    let attempts = 4
    /// The largest body read (an instance's Part-10 bytes).
    static let bodyLimit = 1 << 30

    /// `ROOT/v1/PATH?QUERY`, query values percent-encoded and nil ones left out.
    func url(_ path: String, _ query: [(String, String?)] = []) -> String {
        let items = query.compactMap { key, value in value.map { "\(key)=\(Self.encode($0))" } }
        return "\(root)/v1/\(path)" + (items.isEmpty ? "" : "?" + items.joined(separator: "&"))
    }

    /// Percent-encodes everything but RFC 3986's unreserved characters.
    static func encode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics.intersection(CharacterSet(charactersIn: Unicode.Scalar(0)..<Unicode.Scalar(128)))
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }

    /// Sends a request and returns its 2xx answer; other answers are thrown as `ServiceError`s.
    func send(_ method: HTTPMethod, _ url: String, body: JSONValue? = nil, accept: String = "application/json",
              idempotent: Bool? = nil) async throws -> Response {
        let retry = idempotent ?? (method == .GET || method == .DELETE)
        var attempt = 1
        while true {
            do {
                let response = try await execute(method, url, body: body, accept: accept)
                if (200..<300).contains(response.status) { return response }
                let error = RESTShapes.parseError(httpStatus: response.status, body: response.text)
                if retry, attempt < attempts, [408, 429, 500, 502, 503, 504].contains(response.status) {
                    try await backOff(attempt)
                    attempt += 1
                    continue
                }
                throw explained(error)
            } catch let error as ServiceError {
                throw error
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                guard retry, attempt < attempts else {
                    throw ServiceError(.unavailable, "cannot reach \(root): \(error)")
                }
                try await backOff(attempt)
                attempt += 1
            }
        }
    }

    /// Sends a request and parses its JSON answer (an empty answer is `{}`).
    func json(_ method: HTTPMethod, _ url: String, body: JSONValue? = nil, accept: String = "application/json") async throws -> JSONValue {
        let response = try await send(method, url, body: body, accept: accept)
        let text = response.text
        if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { return .object([]) }
        do {
            return try JSONValue.parse(text)
        } catch {
            throw ServiceError(.internal, "\(root) answered \(url) with text that is not JSON: \(text.prefix(200))")
        }
    }

    /// One attempt, authenticated; a 401 with refreshable credentials fetches a new token and tries once more.
    private func execute(_ method: HTTPMethod, _ url: String, body: JSONValue?, accept: String) async throws -> Response {
        var refreshed = false
        while true {
            var request = HTTPClientRequest(url: url)
            request.method = method
            request.headers.add(name: "User-Agent", value: "dicom-console-healthcare-client/1")
            request.headers.add(name: "Accept", value: accept)
            do {
                if let authorization = try await tokens.authorization() {
                    request.headers.add(name: "Authorization", value: authorization)
                }
            } catch {
                throw ServiceError(error)
            }
            if let body {
                request.headers.add(name: "Content-Type", value: "application/json")
                request.body = .bytes(ByteBuffer(string: body.serialized()))
            }
            let response = try await client.execute(request, timeout: .nanoseconds(Int64(timeout.components.seconds) * 1_000_000_000))
            let status = Int(response.status.code)
            let limit = (200..<300).contains(status) ? Self.bodyLimit : 1 << 20
            let data = Data(try await response.body.collect(upTo: limit).readableBytesView)
            if status == 401, tokens.canRefresh, !refreshed {
                await tokens.invalidate()
                refreshed = true
                continue
            }
            return Response(status: status, headers: response.headers, body: data)
        }
    }

    /// Adds what to do to errors that need the user's action.
    private func explained(_ error: ServiceError) -> ServiceError {
        switch error.code {
        case .unauthenticated:
            ServiceError(.unauthenticated, "\(error.message) (\(root) refused the credentials: pass --access-token TOKEN or set DICOM_CONSOLE_ACCESS_TOKEN; for Google's API, `gcloud auth login` or GOOGLE_APPLICATION_CREDENTIALS)")
        default: error
        }
    }

    private func backOff(_ attempt: Int) async throws {
        let base = 200 * (1 << (attempt - 1))
        try await Task.sleep(for: .milliseconds(base + Int.random(in: 0...base / 2)))
    }
}
