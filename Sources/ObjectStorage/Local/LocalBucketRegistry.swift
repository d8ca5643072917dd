import Foundation

/// The local buckets known to this installation, kept in `buckets.json` under the data directory:
/// each bucket's folder (created under the data directory, or an existing folder registered in place),
/// creation time and IAM policy.
struct LocalBucketRegistry: Codable, Sendable {
    struct Entry: Codable, Sendable {
        /// The folder's real path (symlinks resolved), the root nothing may escape.
        var path: String
        /// True when the folder was created by the product under its data directory.
        var managed: Bool
        var created: Date
        var policy: IAMPolicy
        /// Counts the policy's changes (nil: never changed since this field was added, i.e. 1); the etag
        /// is made from it.
        var policyVersion: Int?

        /// The policy with its etag.
        var versionedPolicy: IAMPolicy {
            var policy = policy
            policy.etag = IAMPolicy.versionEtag(policyVersion ?? 1)
            return policy
        }

        /// Replaces the bindings and counts the change.
        mutating func setBindings(_ bindings: [IAMPolicy.Binding]) {
            policy = IAMPolicy(bindings: bindings)
            policyVersion = (policyVersion ?? 1) + 1
        }
    }

    var buckets: [String: Entry] = [:]

    static func load(from url: URL) throws -> LocalBucketRegistry {
        guard FileManager.default.fileExists(atPath: url.path) else { return LocalBucketRegistry() }
        do {
            let decoder = JSONDecoder()
            // Read by every command: parsed without Foundation's ICU-backed ISO 8601 formatter.
            decoder.dateDecodingStrategy = .custom { decoder in
                let text = try decoder.singleValueContainer().decode(String.self)
                guard let date = RFC3339.date(from: text) else {
                    throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not an RFC 3339 time: \(text)"))
                }
                return date
            }
            return try decoder.decode(LocalBucketRegistry.self, from: Data(contentsOf: url))
        } catch {
            throw StorageError(.internal, "the bucket registry \(url.path) is unreadable: \(error)")
        }
    }

    func save(to url: URL) throws {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try encoder.encode(self).write(to: url, options: .atomic)
        } catch {
            throw StorageError(.internal, "cannot save the bucket registry \(url.path): \(error.localizedDescription)")
        }
    }
}
