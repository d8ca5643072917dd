import DicomStore
import Foundation
import ObjectStorage
import Synchronization

/// One media range of an `Accept` or `Content-Type` header: `multipart/related; type="application/dicom";
/// transfer-syntax=*` → type `multipart/related`, parameters `type`, `transfer-syntax`.
struct MediaType: Equatable, Sendable {
    var type: String
    var parameters: [String: String]

    init(_ text: Substring) {
        var pieces = Self.split(text)
        type = pieces.isEmpty ? "" : Self.trimmed(pieces.removeFirst()).lowercased()
        parameters = [:]
        for piece in pieces {
            let pair = piece.split(separator: "=", maxSplits: 1).map { Self.trimmed($0) }
            guard pair.count == 2 else { continue }
            var value = Substring(pair[1])
            if value.count >= 2, value.first == "\"", value.last == "\"" { value = value.dropFirst().dropLast() }
            parameters[pair[0].lowercased()] = String(value)
        }
    }

    /// Without surrounding spaces and tabs (what header values allow around their parts).
    private static func trimmed<S: StringProtocol>(_ text: S) -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = text.firstIndex(where: { !isSpace($0) }), let last = text.lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(text[first...last])
    }

    /// Splits on `;` outside quotes.
    private static func split(_ text: Substring) -> [String] {
        var pieces: [String] = [], current = "", quoted = false
        for character in text {
            if character == "\"" { quoted.toggle() }
            if character == ";", !quoted { pieces.append(current); current = "" } else { current.append(character) }
        }
        pieces.append(current)
        return pieces
    }

    /// The media ranges of an `Accept` header (commas outside quotes separate them); none means any.
    /// Clients send the same few headers on every request: short ones are parsed once and remembered.
    static func accepted(_ header: String?) -> [MediaType] {
        guard let header else { return [MediaType("*/*")] }
        if let known = recentlyAccepted.withLock({ $0[header] }) { return known }
        let ranges = parseAccept(header)
        if header.utf8.count <= 256 {
            recentlyAccepted.withLock { recent in
                if recent.count >= 64 { recent.removeAll() }
                recent[header] = ranges
            }
        }
        return ranges
    }

    /// Parsed `Accept` headers, at most 64 (all forgotten when full: an attacker's variety costs it nothing).
    private static let recentlyAccepted = Mutex<[String: [MediaType]]>([:])

    private static func parseAccept(_ header: String) -> [MediaType] {
        guard !header.trimmingCharacters(in: .whitespaces).isEmpty else { return [MediaType("*/*")] }
        var ranges: [MediaType] = [], current = "", quoted = false
        for character in header {
            if character == "\"" { quoted.toggle() }
            if character == ",", !quoted { ranges.append(MediaType(Substring(current))); current = "" } else { current.append(character) }
        }
        ranges.append(MediaType(Substring(current)))
        return ranges
    }

    var isAny: Bool { type == "*/*" || type == "*" }
}

/// An HTTP status without its own canonical code (406, 415), with the code the error JSON names.
struct HTTPStatusError: Error {
    let httpStatus: Int
    let code: ServiceError.Code
    let message: String

    static func notAcceptable(_ message: String) -> HTTPStatusError {
        HTTPStatusError(httpStatus: 406, code: .invalidArgument, message: message)
    }

    static func unsupportedMediaType(_ message: String) -> HTTPStatusError {
        HTTPStatusError(httpStatus: 415, code: .invalidArgument, message: message)
    }
}
