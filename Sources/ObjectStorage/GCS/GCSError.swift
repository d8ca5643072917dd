import Foundation

/// What a Cloud Storage call was about, so that error messages can name it.
enum GCSResource: Sendable, Equatable {
    /// The service itself (listing buckets, fetching tokens).
    case service
    /// A bucket.
    case bucket(String)
    /// An object in a bucket.
    case object(bucket: String, name: String)

    /// `gs://bucket` or `gs://bucket/object`, or "Cloud Storage".
    var uri: String {
        switch self {
        case .service: "Cloud Storage"
        case .bucket(let bucket): "gs://\(bucket)"
        case .object(let bucket, let name): "gs://\(bucket)/\(name)"
        }
    }

    /// The bucket concerned, if any.
    var bucket: String? {
        switch self {
        case .service: nil
        case .bucket(let bucket), .object(let bucket, _): bucket
        }
    }
}

/// Google's JSON error body: `{"error": {"code", "message", "status", "errors": [{"domain", "reason",
/// "message"}]}}`. Token endpoints answer `{"error": "invalid_grant", "error_description": "..."}` instead.
struct GCSErrorBody: Sendable {
    /// The top-level message, when there is one.
    var message: String?
    /// The `reason`s of the `errors` array (e.g. `notFound`, `forbidden`).
    var reasons: [String]
    /// The messages of the `errors` array.
    var detailMessages: [String]

    /// Parses a body; falls back to the body's text (trimmed, bounded) when it is not Google's JSON.
    init(_ data: Data) {
        message = nil
        reasons = []
        detailMessages = []
        if let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] {
            if let error = object["error"] as? [String: Any] {
                message = error["message"] as? String
                for detail in error["errors"] as? [[String: Any]] ?? [] {
                    if let reason = detail["reason"] as? String { reasons.append(reason) }
                    if let text = detail["message"] as? String { detailMessages.append(text) }
                }
            } else if let code = object["error"] as? String {
                let description = object["error_description"] as? String
                message = description.map { "\(code): \($0)" } ?? code
            }
        }
        if message == nil {
            let text = String(decoding: data.prefix(500), as: UTF8.self)
                .trimmingCharacters(in: .whitespacesAndNewlines)
            if !text.isEmpty { message = text }
        }
    }

    /// Every text the server gave, top-level message first.
    var allText: String { ([message].compactMap { $0 } + detailMessages).joined(separator: " ") }

    /// The IAM permission named in the messages (e.g. `storage.objects.list`), if any.
    var permission: String? {
        let text = allText
        guard let range = text.range(of: #"storage\.[A-Za-z]+\.[A-Za-z]+"#, options: .regularExpression) else {
            return nil
        }
        return String(text[range])
    }

    /// The account named at the start of a 403 message (`x@p.iam.gserviceaccount.com does not have ...`).
    var account: String? {
        let text = allText
        guard let range = text.range(of: #"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]+"#, options: .regularExpression)
        else { return nil }
        return String(text[range])
    }
}

/// Maps HTTP failures of Cloud Storage to `StorageError`s that say what is wrong and what to do.
enum GCSErrorMapping {
    /// The error for a final (non-retried or retries exhausted) HTTP status.
    /// - Parameters:
    ///   - status: the HTTP status code.
    ///   - body: the response body.
    ///   - resource: what the call was about.
    ///   - account: who the caller is, as far as the client knows (e.g. the service account's email).
    static func error(status: Int, body: Data, resource: GCSResource, account: String) -> StorageError {
        let parsed = GCSErrorBody(body)
        let server = parsed.message.map { ": \($0)" } ?? ""
        switch status {
        case 400:
            return StorageError(.invalidArgument, "Cloud Storage rejected the request for \(resource.uri)\(server)")
        case 401:
            return StorageError(.unauthenticated, """
                Cloud Storage did not accept the credentials of \(account) for \(resource.uri)\(server). \
                \(GCSCredentials.setupHint)
                """)
        case 403:
            let who = parsed.account ?? account
            if let permission = parsed.permission {
                return StorageError(.permissionDenied, """
                    \(who) lacks \(permission) on \(resource.uri)\(server). \
                    Grant a role that includes \(permission)\(suggestedRole(for: permission).map { " (e.g. \($0))" } ?? "") \
                    on the bucket.
                    """)
            }
            return StorageError(.permissionDenied, "\(who) may not access \(resource.uri)\(server)")
        case 404:
            return notFound(resource)
        case 409:
            switch resource {
            case .bucket(let bucket):
                return StorageError(.alreadyExists, "bucket gs://\(bucket) already exists\(server)")
            default:
                return StorageError(.alreadyExists, "\(resource.uri) already exists\(server)")
            }
        case 412:
            return StorageError(.failedPrecondition, "a precondition failed for \(resource.uri)\(server)")
        case 429:
            return StorageError(.resourceExhausted, "Cloud Storage is rate-limiting requests for \(resource.uri)\(server)")
        case 500...599:
            return StorageError(.unavailable, "Cloud Storage failed (HTTP \(status)) for \(resource.uri)\(server)")
        default:
            return StorageError(.internal, "unexpected HTTP \(status) from Cloud Storage for \(resource.uri)\(server)")
        }
    }

    /// `notFound` naming the bucket or the object.
    static func notFound(_ resource: GCSResource) -> StorageError {
        switch resource {
        case .service: StorageError(.notFound, "Cloud Storage answered 404 Not Found")
        case .bucket(let bucket): StorageError(.notFound, "no such bucket gs://\(bucket)")
        case .object(let bucket, let name): StorageError(.notFound, "no such object gs://\(bucket)/\(name)")
        }
    }

    /// Whether a 404 body says the bucket (rather than the object) is missing: true, false, or nil when
    /// the body does not say (the emulator answers a bare "Not Found" for both).
    static func bucketIsMissing(in body: Data) -> Bool? {
        let text = GCSErrorBody(body).allText.lowercased()
        if text.contains("bucket does not exist") || text.contains("no such bucket") { return true }
        if text.contains("no such object") { return false }
        return nil
    }

    /// A failure to talk to the server at all (refused, reset, timed out).
    static func transport(_ error: any Error, resource: GCSResource, endpoint: String) -> StorageError {
        StorageError(.unavailable, "could not reach Cloud Storage at \(endpoint) for \(resource.uri): \(error)")
    }

    /// A role that grants `permission`, to suggest in messages.
    static func suggestedRole(for permission: String) -> String? {
        switch permission {
        case "storage.objects.get", "storage.objects.list": "roles/storage.objectViewer"
        case "storage.objects.create", "storage.objects.delete", "storage.objects.update": "roles/storage.objectAdmin"
        case "storage.buckets.get", "storage.buckets.list", "storage.buckets.create", "storage.buckets.getIamPolicy":
            "roles/storage.admin"
        default: nil
        }
    }
}
