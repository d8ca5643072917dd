import Foundation

/// The object resource of the JSON API, as much of it as `ObjectInfo` needs. `size` travels as a string.
struct GCSObjectResource: Decodable, Sendable {
    var bucket: String?
    var name: String
    var size: String?
    var contentType: String?
    var updated: String?
    var crc32c: String?
    var md5Hash: String?

    /// The `ObjectInfo` (the bucket is `bucket` when the resource does not name one).
    func info(bucket fallback: String) -> ObjectInfo {
        ObjectInfo(bucket: bucket ?? fallback, name: name, size: size.flatMap { Int64($0) } ?? 0,
                   contentType: contentType, updated: updated.flatMap(GCSTime.parse), crc32c: crc32c,
                   md5Hash: md5Hash)
    }
}

/// `GET /storage/v1/b/BUCKET/o`.
struct GCSObjectList: Decodable, Sendable {
    var items: [GCSObjectResource]?
    var prefixes: [String]?
    var nextPageToken: String?
}

/// The bucket resource.
struct GCSBucketResource: Decodable, Sendable {
    var name: String
    var timeCreated: String?
    var location: String?
}

/// `GET /storage/v1/b?project=P`.
struct GCSBucketList: Decodable, Sendable {
    var items: [GCSBucketResource]?
    var nextPageToken: String?
}

/// `GET /storage/v1/b/BUCKET/iam`: bindings may be absent (no grants), members too.
struct GCSPolicyResource: Decodable, Sendable {
    struct Binding: Decodable, Sendable {
        var role: String
        var members: [String]?
    }

    var bindings: [Binding]?
    var etag: String?

    /// The policy as `IAMPolicy`.
    var policy: IAMPolicy {
        IAMPolicy(bindings: (bindings ?? []).map { IAMPolicy.Binding(role: $0.role, members: $0.members ?? []) },
                  etag: etag)
    }
}

/// RFC 3339 times as the JSON API writes them (`2026-11-24T10:00:00.123456Z`, any number of fraction
/// digits, `Z` or an offset).
enum GCSTime {
    /// Parses a time; nil when it is not RFC 3339.
    static func parse(_ text: String) -> Date? { RFC3339.date(from: text) }
}
