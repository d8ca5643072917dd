import Foundation

/// What a bucket knows of one object: the fields of Cloud Storage's object resource that the product uses.
public struct ObjectInfo: Sendable, Hashable, Codable {
    /// The bucket name.
    public var bucket: String
    /// The object name (a path-like key; `/` has no special meaning to the store).
    public var name: String
    /// Size in bytes.
    public var size: Int64
    /// MIME type, e.g. `application/dicom`.
    public var contentType: String?
    /// Last modification time.
    public var updated: Date?
    /// CRC32C of the content, base64 of the big-endian 32-bit value (as Cloud Storage reports it).
    public var crc32c: String?
    /// MD5 of the content, base64 (as Cloud Storage reports it).
    public var md5Hash: String?

    /// Creates object metadata.
    public init(bucket: String, name: String, size: Int64, contentType: String? = nil, updated: Date? = nil,
                crc32c: String? = nil, md5Hash: String? = nil) {
        self.bucket = bucket
        self.name = name
        self.size = size
        self.contentType = contentType
        self.updated = updated
        self.crc32c = crc32c
        self.md5Hash = md5Hash
    }

    /// `gs://bucket/name`.
    public var uri: String { "gs://\(bucket)/\(name)" }
}

/// One page of a listing: objects, and (with a delimiter) the "folders" one level down.
public struct ObjectPage: Sendable {
    /// Objects on this page, in name order.
    public var objects: [ObjectInfo]
    /// Common prefixes (folder names ending with the delimiter), in order.
    public var prefixes: [String]
    /// Pass to the next call to continue; nil on the last page.
    public var nextPageToken: String?

    /// Creates a page.
    public init(objects: [ObjectInfo], prefixes: [String] = [], nextPageToken: String? = nil) {
        self.objects = objects
        self.prefixes = prefixes
        self.nextPageToken = nextPageToken
    }
}

/// A bucket as listed: its name and where it lives.
public struct BucketInfo: Sendable, Hashable, Codable {
    /// The bucket name.
    public var name: String
    /// `local` (a folder, given in `location`) or `gcs` (Cloud Storage, endpoint in `location`).
    public var backend: String
    /// The folder of a local bucket, or the Cloud Storage location/endpoint.
    public var location: String
    /// Creation time, when known.
    public var created: Date?

    /// Creates bucket information.
    public init(name: String, backend: String, location: String, created: Date? = nil) {
        self.name = name
        self.backend = backend
        self.location = location
        self.created = created
    }
}
