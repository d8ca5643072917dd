import ObjectStorage
import Foundation

/// The import request as the REST API takes it: `{"gcsSource": {"uri": …}, "blobStorageSettings": {…}}`.
struct ImportRequest: Codable, Sendable {
    struct Source: Codable, Sendable { var uri: String }
    struct BlobSettings: Codable, Sendable { var blobStorageClass: String? }
    var gcsSource: Source
    var blobStorageSettings: BlobSettings?

    var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(self)) ?? Data(), as: UTF8.self)
    }
}
