import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// URL building for the JSON API: percent-encoding of path segments and query values.
enum GCSPath {
    /// RFC 3986 unreserved characters: everything else is percent-encoded, `/` included.
    private static let unreserved = CharacterSet(
        charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    /// `text` with every character but the unreserved ones percent-encoded (UTF-8).
    static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? text
    }

    /// `?a=b&c=d` from the items whose value is not nil, or "" when there are none.
    static func query(_ items: [(String, String?)]) -> String {
        let pairs = items.compactMap { name, value in value.map { "\(encode(name))=\(encode($0))" } }
        return pairs.isEmpty ? "" : "?" + pairs.joined(separator: "&")
    }
}

extension Duration {
    /// The duration as NIO's `TimeAmount`.
    var gcsTimeAmount: TimeAmount { .nanoseconds(Int64(min(gcsSeconds, 1e9) * 1e9)) }
}

/// The HTTP layer of `GCSStorage`: authentication, retries, error mapping.
struct GCSHTTP: Sendable {
    /// A response whose body has been read.
    struct Response: Sendable {
        /// The HTTP status code.
        var status: Int
        /// The headers.
        var headers: HTTPHeaders
        /// The body.
        var body: Data

        /// Whether the status is 2xx.
        var isSuccess: Bool { (200..<300).contains(status) }
    }

    /// The client.
    let client: HTTPClient
    /// Where tokens come from.
    let authenticator: GCSAuthenticator
    /// The retry policy, applied.
    let retrier: GCSRetrier
    /// The endpoint, without a trailing `/`.
    let base: String
    /// Who the caller is, for messages.
    let account: String
    /// How long an attempt may wait for the response head.
    let timeout: Duration
    /// The largest body read into memory (JSON answers; error bodies are cut at 1 MiB).
    static let bodyLimit = 64 << 20

    /// Reads a whole body, up to `limit` bytes.
    static func collect(_ body: HTTPClientResponse.Body, limit: Int = bodyLimit) async throws -> Data {
        let buffer = try await body.collect(upTo: limit)
        return Data(buffer.readableBytesView)
    }

    /// Sends a request and reads its answer, with retries (when `idempotent`) on 408, 429, 5xx and
    /// connection errors, and one token refresh on 401. Returns the final response whatever its status.
    /// - Parameter body: a function that makes the body (called again for each attempt).
    func send(_ method: HTTPMethod, _ url: String, headers: [(String, String)] = [],
              body: (@Sendable () -> ByteBuffer)? = nil, resource: GCSResource, idempotent: Bool = true,
              timeout: Duration? = nil) async throws -> Response {
        try await retrier.run(idempotent: idempotent, resource: resource) { _ in
            let answer = try await attempt(method, url, headers: headers, body: body, timeout: timeout)
            if GCSRetryPolicy.isRetryable(status: answer.status) {
                throw GCSRetryableFailure(error: GCSErrorMapping.error(
                    status: answer.status, body: answer.body, resource: resource, account: account))
            }
            return answer
        }
    }

    /// One attempt, no retries: the response whatever its status; connection failures are thrown as is.
    func attempt(_ method: HTTPMethod, _ url: String, headers: [(String, String)] = [],
                 body: (@Sendable () -> ByteBuffer)? = nil, timeout: Duration? = nil) async throws -> Response {
        let response = try await execute(method, url, headers: headers, body: body, timeout: timeout)
        let status = Int(response.status.code)
        let limit = (200..<300).contains(status) ? Self.bodyLimit : 1 << 20
        return Response(status: status, headers: response.headers,
                        body: try await Self.collect(response.body, limit: limit))
    }

    /// Sends a GET and returns the response as soon as its head arrives, its body unread (for streamed
    /// downloads). Retries as `send` does; any non-2xx answer is thrown as a `StorageError`.
    func open(_ url: String, resource: GCSResource) async throws -> HTTPClientResponse {
        try await retrier.run(idempotent: true, resource: resource) { _ in
            let response = try await execute(.GET, url, headers: [], body: nil, timeout: nil)
            let status = Int(response.status.code)
            if (200..<300).contains(status) { return response }
            let data = try await Self.collect(response.body, limit: 1 << 20)
            let answer = Response(status: status, headers: response.headers, body: data)
            if GCSRetryPolicy.isRetryable(status: status) {
                throw GCSRetryableFailure(error: GCSErrorMapping.error(
                    status: status, body: data, resource: resource, account: account))
            }
            throw await failure(answer, resource: resource)
        }
    }

    /// Sends a request and decodes its 2xx JSON answer; other answers are thrown as `StorageError`s.
    func json<T: Decodable>(_ type: T.Type, _ method: HTTPMethod, _ url: String, headers: [(String, String)] = [],
                            body: (@Sendable () -> ByteBuffer)? = nil, resource: GCSResource,
                            idempotent: Bool = true, timeout: Duration? = nil) async throws -> T {
        let response = try await send(method, url, headers: headers, body: body, resource: resource,
                                      idempotent: idempotent, timeout: timeout)
        guard response.isSuccess else { throw await failure(response, resource: resource) }
        return try decode(type, from: response.body, resource: resource)
    }

    /// Decodes a JSON answer, with an error that names the resource when it does not fit.
    func decode<T: Decodable>(_ type: T.Type, from data: Data, resource: GCSResource) throws -> T {
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch {
            throw StorageError(.internal, """
                Cloud Storage answered for \(resource.uri) with JSON this client cannot read: \(error) \
                (body starts: \(String(decoding: data.prefix(200), as: UTF8.self)))
                """)
        }
    }

    /// The `StorageError` for a failed answer. A 404 about an object that does not say whether the bucket
    /// or the object is missing (the emulator's bare "Not Found") is settled by asking for the bucket.
    func failure(_ response: Response, resource: GCSResource) async -> StorageError {
        if response.status == 404, case .object(let bucket, _) = resource {
            switch GCSErrorMapping.bucketIsMissing(in: response.body) {
            case true?: return GCSErrorMapping.notFound(.bucket(bucket))
            case false?: return GCSErrorMapping.notFound(resource)
            case nil:
                if await bucketExists(bucket) == false { return GCSErrorMapping.notFound(.bucket(bucket)) }
                return GCSErrorMapping.notFound(resource)
            }
        }
        return GCSErrorMapping.error(status: response.status, body: response.body, resource: resource, account: account)
    }

    /// Whether a bucket exists: true, false, or nil when that cannot be told.
    func bucketExists(_ bucket: String) async -> Bool? {
        guard let response = try? await send(.GET, "\(base)/storage/v1/b/\(GCSPath.encode(bucket))",
                                             resource: .bucket(bucket)) else { return nil }
        if response.isSuccess { return true }
        return response.status == 404 ? false : nil
    }

    /// One attempt, authenticated; refreshes the token and tries again once if it was refused (401).
    private func execute(_ method: HTTPMethod, _ url: String, headers: [(String, String)],
                         body: (@Sendable () -> ByteBuffer)?, timeout: Duration?) async throws -> HTTPClientResponse {
        var refreshed = false
        while true {
            var request = HTTPClientRequest(url: url)
            request.method = method
            request.headers.add(name: "User-Agent", value: "dicom-console-object-storage/1")
            if let authorization = try await authenticator.authorization() {
                request.headers.add(name: "Authorization", value: authorization)
            }
            for (name, value) in headers { request.headers.add(name: name, value: value) }
            if let body { request.body = .bytes(body()) }
            let response = try await client.execute(request, timeout: (timeout ?? self.timeout).gcsTimeAmount)
            if response.status == .unauthorized, authenticator.canRefresh, !refreshed {
                _ = try? await Self.collect(response.body, limit: 1 << 20)
                await authenticator.invalidate()
                refreshed = true
                continue
            }
            return response
        }
    }
}
