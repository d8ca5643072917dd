/// A `gs://BUCKET/OBJECT` address, its bucket name checked against Cloud Storage's naming rules.
public struct StorageURI: Sendable, Hashable, CustomStringConvertible {
    /// The bucket name.
    public let bucket: String
    /// The object name or pattern (may be empty: the whole bucket).
    public let path: String

    /// Parses `gs://BUCKET[/PATH]`; errors say what is wrong and where.
    public init(_ text: String) throws {
        guard text.hasPrefix("gs://") else {
            throw StorageError(.invalidArgument, "\"\(text)\" is not a gs:// URI (expected gs://BUCKET/PATH)")
        }
        let rest = text.dropFirst(5)
        let slash = rest.firstIndex(of: "/")
        let bucket = String(rest[..<(slash ?? rest.endIndex)])
        try Self.validateBucketName(bucket)
        self.bucket = bucket
        path = slash.map { String(rest[rest.index(after: $0)...]) } ?? ""
    }

    /// Creates a URI from its parts (the bucket name is validated).
    public init(bucket: String, path: String) throws {
        try Self.validateBucketName(bucket)
        self.bucket = bucket
        self.path = path
    }

    public var description: String { "gs://\(bucket)/\(path)" }

    /// Cloud Storage's bucket naming rules: 3–63 characters (up to 222 with dots, each dot-separated part
    /// at most 63), lower-case letters, digits, `-`, `_` and `.`, starting and ending with a letter or
    /// digit, not an IP address, not starting with `goog`.
    public static func validateBucketName(_ name: String) throws {
        func fail(_ why: String) -> StorageError {
            StorageError(.invalidArgument, "invalid bucket name \"\(name)\": \(why)")
        }
        let bytes = Array(name.utf8)
        let limit = name.contains(".") ? 222 : 63
        guard bytes.count >= 3 else { throw fail("it must have at least 3 characters") }
        guard bytes.count <= limit else { throw fail("it must have at most \(limit) characters") }
        for (index, byte) in bytes.enumerated() {
            let allowed = (0x61...0x7A).contains(byte) || (0x30...0x39).contains(byte) || byte == 0x2D || byte == 0x5F || byte == 0x2E
            guard allowed else {
                throw fail("character \(index + 1) \"\(String(decoding: [byte], as: UTF8.self))\" is not allowed (use a-z, 0-9, -, _ and .)")
            }
        }
        let isAlphanumeric: (UInt8) -> Bool = { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) }
        guard isAlphanumeric(bytes[0]), isAlphanumeric(bytes[bytes.count - 1]) else {
            throw fail("it must start and end with a letter or digit")
        }
        if name.split(separator: ".", omittingEmptySubsequences: false).contains(where: { $0.isEmpty || $0.count > 63 }) {
            throw fail("each dot-separated part must have 1 to 63 characters")
        }
        let parts = name.split(separator: ".")
        if parts.count == 4, parts.allSatisfy({ UInt8($0) != nil }) { throw fail("it must not be an IP address") }
        if name.hasPrefix("goog") { throw fail("it must not start with \"goog\"") }
    }
}
