/// An object path with Cloud Storage wildcards, as the import request's `gcsSource.uri` takes them:
/// - `*` matches zero or more characters other than `/`;
/// - `?` matches exactly one character other than `/`;
/// - `**` matches zero or more characters including `/`; only at the end of the path, optionally followed
///   by a file-name extension (`**.dcm`), and with no other wildcard in the path.
/// A path without wildcards names one object.
public struct ObjectPattern: Sendable, Hashable, CustomStringConvertible {
    enum Token: Hashable {
        case literal([UInt8])
        case star        // *
        case question    // ?
        case globstar    // **
    }

    /// The text of the pattern.
    public let text: String
    let tokens: [Token]

    /// Parses and validates a pattern; an error names the problem and shows where it is.
    public init(_ text: String) throws {
        self.text = text
        tokens = try Self.tokenize(text)
    }

    public var description: String { text }

    /// True when the pattern has a wildcard (otherwise it names a single object).
    public var hasWildcards: Bool { tokens.contains { if case .literal = $0 { false } else { true } } }

    /// True when the pattern can match names in sub-folders of its literal prefix (`**`, or a wildcard
    /// before a later `/`), so a listing must not fold folders with a delimiter.
    public var crossesFolders: Bool {
        var seenWildcard = false
        for token in tokens {
            switch token {
            case .globstar: return true
            case .star, .question: seenWildcard = true
            case .literal(let bytes): if seenWildcard, bytes.contains(0x2F) { return true }
            }
        }
        return false
    }

    /// The longest literal start of every match: the only prefix a listing has to ask the backend for.
    public var literalPrefix: String {
        if case .literal(let bytes)? = tokens.first { return String(decoding: bytes, as: UTF8.self) }
        return ""
    }

    /// True when `name` matches the pattern.
    public func matches(_ name: String) -> Bool {
        Self.match(tokens[...], Array(name.utf8)[...])
    }

    private static func match(_ tokens: ArraySlice<Token>, _ name: ArraySlice<UInt8>) -> Bool {
        guard let token = tokens.first else { return name.isEmpty }
        let rest = tokens.dropFirst()
        switch token {
        case .literal(let bytes):
            guard name.starts(with: bytes) else { return false }
            return match(rest, name.dropFirst(bytes.count))
        case .question:
            guard let first = name.first, first != 0x2F else { return false }
            // One character is one UTF-8 sequence: skip its continuation bytes.
            var next = name.dropFirst()
            while let byte = next.first, byte & 0xC0 == 0x80 { next = next.dropFirst() }
            return match(rest, next)
        case .star:
            var candidate = name
            while true {
                if match(rest, candidate) { return true }
                guard let first = candidate.first, first != 0x2F else { return false }
                candidate = candidate.dropFirst()
            }
        case .globstar:
            // Only a literal suffix can follow `**`.
            if case .literal(let suffix)? = rest.first { return name.count >= suffix.count && name.hasSuffix(suffix) }
            return true
        }
    }
}

extension ArraySlice where Element == UInt8 {
    fileprivate func hasSuffix(_ suffix: [UInt8]) -> Bool { self.suffix(suffix.count).elementsEqual(suffix) }
}
