import DICOM
import DicomStore
import Foundation
import Hummingbird
import ObjectStorage

/// Bucket creation and IAM policies of the Cloud Storage JSON API subset (`StorageRoutes`), so a remote
/// console's first-time setup makes its bucket and grants the store's service agent its roles here.
extension StorageRoutes {
    /// `POST /storage/v1/b?project=P` with `{"name": B, …}`: a new bucket folder under the server's data
    /// directory. The project is accepted and not used (one server, one set of buckets); the other
    /// fields of Google's bucket resource (location, storage class…) are ignored. 409 ALREADY_EXISTS when
    /// the name is taken; the bucket-name rules are Cloud Storage's (`StorageURI.validateBucketName`).
    func createBucket(_ request: APIRequest) async throws -> Response {
        let body = try await request.json()
        guard case .object = body else { throw ServiceError(.invalidArgument, "the body must be a bucket resource: {\"name\": \"BUCKET\"}") }
        guard let name = body["name"]?.stringValue else {
            throw ServiceError(.invalidArgument, "bucket.name is required: {\"name\": \"BUCKET\"}")
        }
        try StorageURI.validateBucketName(name)
        return JSONResponse.make(Self.bucket(try await storage.createBucket(name)))
    }

    /// `PUT /storage/v1/b/B/iam` with a policy resource: the bindings in the body replace the bucket's.
    /// With an `etag`, it must be the bucket's current one, else 412 FAILED_PRECONDITION and nothing
    /// changes (Cloud Storage's answer to a stale read-modify-write). Only this server's own buckets have
    /// policies it can set: any other bucket is 404 NOT_FOUND.
    func setPolicy(_ request: APIRequest, bucket: String) async throws -> Response {
        let policy = try Self.parsePolicy(try await request.json())
        guard storage.local.hasBucket(bucket) else {
            throw ServiceError(.notFound, "no such bucket gs://\(bucket) among this server's buckets (policies of Cloud Storage buckets are set there)")
        }
        do {
            return JSONResponse.make(Self.policy(try storage.local.setIAMPolicy(bucket: bucket, policy: policy)))
        } catch let error as StorageError where error.code == .failedPrecondition {
            throw HTTPStatusError(httpStatus: 412, code: .failedPrecondition, message: error.message)
        }
    }

    /// The policy resource of a `setIamPolicy` body: `bindings` (each a `role` and its `members`) and
    /// an optional `etag`; `kind`, `resourceId` and `version` are accepted and ignored.
    static func parsePolicy(_ body: JSONValue) throws -> IAMPolicy {
        guard case .object(let members) = body else { throw ServiceError(.invalidArgument, "the body must be a policy: {\"bindings\": [...]}") }
        for (key, _) in members where !["bindings", "etag", "kind", "resourceId", "version"].contains(key) {
            throw ServiceError(.invalidArgument, "Invalid JSON payload received. Unknown name \"\(key)\": Cannot find field.")
        }
        var bindings: [IAMPolicy.Binding] = []
        if let value = body["bindings"] {
            guard let array = value.arrayValue else { throw ServiceError(.invalidArgument, "policy.bindings must be a list") }
            for (index, binding) in array.enumerated() {
                guard let role = binding["role"]?.stringValue else {
                    throw ServiceError(.invalidArgument, "policy.bindings[\(index)].role is required")
                }
                let list = binding["members"]?.arrayValue ?? []
                let names = list.compactMap(\.stringValue)
                guard names.count == list.count else {
                    throw ServiceError(.invalidArgument, "policy.bindings[\(index)].members must be a list of strings")
                }
                bindings.append(IAMPolicy.Binding(role: role, members: names))
            }
        }
        var etag: String?
        if let value = body["etag"] {
            guard let text = value.stringValue else { throw ServiceError(.invalidArgument, "policy.etag must be a string") }
            etag = text
        }
        return IAMPolicy(bindings: bindings, etag: etag)
    }
}
