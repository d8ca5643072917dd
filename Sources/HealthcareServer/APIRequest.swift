import DICOM
import DicomStore
import Foundation
import ObjectStorage
import Hummingbird
import NIOCore

/// One request as the handlers see it: method, path segments (percent-decoded one by one, so an
/// encoded `/` never splits or joins segments), query parameters, headers and the body.
struct APIRequest: Sendable {
    let method: HTTPRequest.Method
    /// The raw path, e.g. `/v1/projects/p/locations/l/datasets`.
    let rawPath: String
    /// The decoded segments after the leading `/`.
    let segments: [String]
    /// Query parameters in order (a name may repeat).
    let query: [(String, String)]
    let headers: HTTPFields
    /// `host:port` as the client addressed the server (for retrieve URLs).
    let authority: String
    let body: RequestBody
    let configuration: HealthcareServer.Configuration

    init(_ request: Request, configuration: HealthcareServer.Configuration) throws {
        method = request.method
        rawPath = request.uri.path
        headers = request.headers
        authority = request.head.authority ?? "localhost"
        body = request.body
        self.configuration = configuration
        segments = try Self.segments(of: rawPath)
        query = Self.parameters(request.uri.query ?? "")
    }

    /// Splits and decodes a path; refuses `.`/`..` segments, NUL and undecodable escapes.
    static func segments(of path: String) throws -> [String] {
        var segments: [String] = []
        // Split on the byte `/` (ASCII never occurs inside a multi-byte character): splitting the String
        // walks grapheme clusters, which costs more than the request's database lookup.
        for bytes in path.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: true) {
            let raw = String(decoding: bytes, as: UTF8.self)
            if !bytes.contains(UInt8(ascii: "%")) {
                // Nothing to decode: the common case, kept off Foundation's slower path.
                guard raw != ".", raw != ".." else { throw ServiceError(.invalidArgument, "the path segment \"\(raw)\" is not allowed") }
                segments.append(raw)
                continue
            }
            guard let decoded = raw.removingPercentEncoding else {
                throw ServiceError(.invalidArgument, "the path segment \"\(raw)\" has an invalid percent escape")
            }
            guard decoded != ".", decoded != "..", !decoded.contains("\0") else {
                throw ServiceError(.invalidArgument, "the path segment \"\(raw)\" is not allowed")
            }
            segments.append(decoded)
        }
        return segments
    }

    /// `a=1&b=x%20y` → [("a","1"), ("b","x y")] (`+` is a space, as forms encode it).
    static func parameters(_ query: String) -> [(String, String)] {
        query.split(separator: "&").compactMap { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map {
                String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String($0)
            }
            guard let name = parts.first, !name.isEmpty else { return nil }
            return (name, parts.count > 1 ? parts[1] : "")
        }
    }

    /// The server's base URL as this client reaches it: the configured public URL, else `http://` + `Host`.
    var publicBase: String { configuration.publicURL ?? "http://\(authority)" }

    /// The first value of a query parameter.
    func parameter(_ name: String) -> String? { query.first { $0.0 == name }?.1 }

    /// Google's standard parameters, which every method of the API takes.
    static let standardParameters: Set<String> = ["alt", "fields", "key", "prettyPrint", "quotaUser", "access_token",
                                                  "oauth_token", "callback", "upload_protocol", "uploadType", "$.xgafv"]

    /// Refuses a query parameter that is neither one of `names` nor a standard one, as the API does
    /// (a misspelt `pageSize` must not silently give the default page).
    func acceptParameters(_ names: Set<String> = []) throws {
        for (name, _) in query where !names.contains(name) && !Self.standardParameters.contains(name) {
            throw ServiceError(.invalidArgument, "Invalid JSON payload received. Unknown name \"\(name)\": Cannot bind query parameter. Field '\(name)' could not be found in request message.")
        }
    }

    /// An integer query parameter within `range`; `invalidArgument` otherwise.
    func intParameter(_ name: String, in range: ClosedRange<Int>) throws -> Int? {
        guard let text = parameter(name) else { return nil }
        guard let value = Int(text), range.contains(value) else {
            throw ServiceError(.invalidArgument, "\(name) must be an integer from \(range.lowerBound) to \(range.upperBound), not \"\(text)\"")
        }
        return value
    }

    /// The body as JSON (an empty body is `{}`), bounded by the configured JSON limit.
    func json() async throws -> JSONValue {
        let buffer = try await bytes(limit: Int64(configuration.maximumJSONBytes))
        let text = String(buffer: buffer)
        if text.allSatisfy(\.isWhitespace) { return .object([]) }
        do { return try JSONValue.parse(text) } catch {
            throw ServiceError(.invalidArgument, "Invalid JSON payload received. \(error)")
        }
    }

    /// The whole body in memory, refusing more than `limit` bytes.
    func bytes(limit: Int64) async throws -> ByteBuffer {
        if let length = headers[.contentLength].flatMap(Int64.init), length > limit { throw PayloadTooLarge(limit: limit) }
        var collected = ByteBuffer()
        for try await chunk in body {
            guard Int64(collected.readableBytes + chunk.readableBytes) <= limit else { throw PayloadTooLarge(limit: limit) }
            var chunk = chunk
            collected.writeBuffer(&chunk)
        }
        return collected
    }

    /// Appends the body to a resumable upload's file: the first `skipping` bytes (already kept) are
    /// dropped; the body must hold `expected` bytes. Returns the file's new size.
    func appendBody(to path: String, skipping: Int64, expected: Int64, startingSize: Int64) async throws -> Int64 {
        let limit = configuration.maximumUploadBytes
        guard expected <= limit, skipping <= expected, startingSize <= limit - (expected - skipping) else {
            throw PayloadTooLarge(limit: limit)
        }
        guard let handle = FileHandle(forWritingAtPath: path) else { throw ServiceError(.internal, "cannot open the upload's staging file") }
        defer { try? handle.close() }
        // Whatever a chunk cut off midway left beyond the kept bytes goes.
        try handle.truncate(atOffset: UInt64(startingSize))
        try handle.seek(toOffset: UInt64(startingSize))
        var seen: Int64 = 0, size = startingSize
        for try await chunk in body {
            var bytes = chunk
            let skip = Int(max(0, min(Int64(bytes.readableBytes), skipping - seen)))
            seen += Int64(bytes.readableBytes)
            guard seen <= expected else { throw ServiceError(.invalidArgument, "the chunk holds more bytes than its Content-Range says") }
            bytes.moveReaderIndex(forwardBy: skip)
            if bytes.readableBytes > 0 {
                try handle.write(contentsOf: bytes.readableBytesView)
                size += Int64(bytes.readableBytes)
            }
        }
        guard seen == expected else { throw ServiceError(.invalidArgument, "the chunk holds \(seen) bytes; its Content-Range says \(expected)") }
        return size
    }

    /// Streams the body into a new file (uploads), refusing more than the upload limit.
    func saveBody(to path: String) async throws -> Int64 {
        let limit = configuration.maximumUploadBytes
        if let length = headers[.contentLength].flatMap(Int64.init), length > limit { throw PayloadTooLarge(limit: limit) }
        guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
            throw ServiceError(.internal, "cannot create the staging file \(path)")
        }
        defer { try? handle.close() }
        var written: Int64 = 0
        for try await chunk in body {
            written += Int64(chunk.readableBytes)
            guard written <= limit else { throw PayloadTooLarge(limit: limit) }
            try handle.write(contentsOf: chunk.readableBytesView)
        }
        return written
    }
}
