import Foundation
import NIOCore
import NIOHTTP1

extension GCSStorage {
    /// `POST /storage/v1/b?project=P` with `{"name": B}` in the storage's project; `alreadyExists` when
    /// the name is taken.
    @discardableResult
    public func createBucket(_ name: String) async throws -> BucketInfo {
        try StorageURI.validateBucketName(name)
        return try await createBucket(name: name, project: nil)
    }

    /// Reads the bucket's policy (`GET …/b/B/iam`), adds the binding and writes it back
    /// (`PUT …/b/B/iam`) with the etag read, so a policy changed in between is refused (412) rather than
    /// overwritten; the read-modify-write is then tried again, up to three times. No request is written
    /// when the member already holds the role. `unimplemented` when the endpoint has no IAM (fake-gcs-server).
    @discardableResult
    public func addIAMBinding(bucket: String, member: String, role: String) async throws -> IAMPolicy {
        try IAMPolicy.validate(member: member, role: role)
        let resource = GCSResource.bucket(bucket)
        var attempt = 0
        while true {
            attempt += 1
            guard var policy = try await iamPolicy(bucket: bucket) else {
                throw StorageError(.unimplemented, "\(http.base) has gs://\(bucket) but no IAM policies to grant \(role) in")
            }
            let before = policy
            policy.add(member: member, role: role)
            if policy.bindings == before.bindings { return policy }
            let body = try JSONEncoder().encode(policy)
            let response = try await http.send(.PUT, "\(bucketURL(bucket))/iam", headers: [("Content-Type", "application/json")],
                                               body: { ByteBuffer(bytes: body) }, resource: resource,
                                               idempotent: policy.etag != nil)
            if response.isSuccess {
                return try http.decode(GCSPolicyResource.self, from: response.body, resource: resource).policy
            }
            if response.status == 412, attempt < 3 { continue }
            throw await http.failure(response, resource: resource)
        }
    }
}
