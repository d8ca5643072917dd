import DicomStore
import Foundation
import ObjectStorage
import Hummingbird

/// `multipart/related` bodies (PS3.18 §8.6): written part by part as a stream, and read from a file
/// mapped in memory (STOW-RS), so neither direction holds a whole study in memory.
enum Multipart {
    /// A fresh boundary.
    static func boundary() -> String { "dicomconsole-" + UUID().uuidString.replacingOccurrences(of: "-", with: "") }

    /// The `Content-Type` of a multipart response whose parts are `partType`.
    static func contentType(partType: String, boundary: String, transferSyntax: String?) -> String {
        var value = "multipart/related; type=\"\(partType)\"; boundary=\(boundary)"
        if let transferSyntax { value += "; transfer-syntax=\(transferSyntax)" }
        return value
    }

    /// The delimiter and headers that open a part.
    static func partHeader(boundary: String, contentType: String, location: String? = nil) -> ByteBuffer {
        var text = "--\(boundary)\r\nContent-Type: \(contentType)\r\n"
        if let location { text += "Content-Location: \(location)\r\n" }
        text += "\r\n"
        return ByteBuffer(string: text)
    }

    /// Ends the previous part and closes the body.
    static func closing(boundary: String) -> ByteBuffer { ByteBuffer(string: "\r\n--\(boundary)--\r\n") }

    /// The parts of a `multipart/related` body (slices of `body`); `partial` parts are refused.
    static func parts(of body: Data, boundary: String) throws -> [(headers: [String: String], content: Data)] {
        let delimiter = Data("--\(boundary)".utf8)
        let separator = Data("\r\n\r\n".utf8)
        guard var cursor = body.range(of: delimiter)?.upperBound else {
            throw ServiceError(.invalidArgument, "the multipart body has no part delimited by --\(boundary)")
        }
        var parts: [(headers: [String: String], content: Data)] = []
        let nextDelimiter = Data("\r\n--\(boundary)".utf8)
        while true {
            // After a delimiter: "--" closes the body; otherwise CRLF then headers.
            if body[cursor...].starts(with: Data("--".utf8)) { return parts }
            guard let headerEnd = body.range(of: separator, in: cursor..<body.endIndex) else {
                throw ServiceError(.invalidArgument, "part \(parts.count + 1) of the multipart body has no end of headers")
            }
            let headerText = String(decoding: body[cursor..<headerEnd.lowerBound], as: UTF8.self)
            var headers: [String: String] = [:]
            for line in headerText.split(whereSeparator: \.isNewline) {
                guard let colon = line.firstIndex(of: ":") else { continue }
                headers[line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()] =
                    line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
            guard let end = body.range(of: nextDelimiter, in: headerEnd.upperBound..<body.endIndex) else {
                throw ServiceError(.invalidArgument, "part \(parts.count + 1) of the multipart body is not closed by --\(boundary)")
            }
            parts.append((headers, body[headerEnd.upperBound..<end.lowerBound]))
            cursor = end.upperBound
        }
    }
}
