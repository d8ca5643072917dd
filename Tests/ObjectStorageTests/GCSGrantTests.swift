import Foundation
import Testing
@testable import ObjectStorage

/// `GCSStorage.addIAMBinding` against the loopback `iam_test_server.py`: Google's read-modify-write with
/// the etag, again after a concurrent change (412), never overwriting the other writer's binding.
@Suite("GCS grants (GET then PUT iam with the etag)")
struct GCSGrantTests {
    static let agent = GCSServerTests.agent

    @Test("a grant is GET iam then PUT iam with the binding added and the etag read; a role already held writes nothing")
    func grant() async throws {
        let config: [String: Any] = ["policies": [
            "source": ["bindings": [["role": "roles/storage.legacyBucketOwner", "members": ["projectOwner:p"]]], "etag": "CAE="],
        ]]
        try await withGCSTestServer(config) { server async throws in
            try await withGCSStorage(on: server) { storage async throws in
                let policy = try await storage.addIAMBinding(bucket: "source", member: Self.agent, role: "roles/storage.objectViewer")
                #expect(policy.roles(of: Self.agent) == ["roles/storage.objectViewer"])
                #expect(policy.roles(of: "projectOwner:p") == ["roles/storage.legacyBucketOwner"], "other bindings kept")
                #expect(policy.etag != "CAE=")
                let again = try await storage.addIAMBinding(bucket: "source", member: Self.agent, role: "roles/storage.objectViewer")
                #expect(again == policy)
                let methods = try await server.log().filter { ($0["path"] as? String) == "/storage/v1/b/source/iam" }
                    .compactMap { $0["method"] as? String }
                #expect(methods == ["GET", "PUT", "GET"])
                await #expect(throws: StorageError.self) {
                    try await storage.addIAMBinding(bucket: "source", member: "nobody", role: "roles/storage.objectViewer")
                }
                let missing = await #expect(throws: StorageError.self) {
                    try await storage.addIAMBinding(bucket: "nope", member: Self.agent, role: "roles/storage.objectViewer")
                }
                #expect(missing?.code == .notFound)
            }
        }
    }

    @Test("a policy changed between the read and the write (412) is read again: both bindings survive")
    func grantAfterARace() async throws {
        let config: [String: Any] = ["policies": ["source": ["bindings": [], "etag": "CAE="]], "races": ["source": 1]]
        try await withGCSTestServer(config) { server async throws in
            try await withGCSStorage(on: server) { storage async throws in
                let policy = try await storage.addIAMBinding(bucket: "source", member: Self.agent, role: "roles/storage.objectAdmin")
                #expect(policy.roles(of: Self.agent) == ["roles/storage.objectAdmin"])
                #expect(policy.roles(of: "user:racer@example.com") == ["roles/storage.admin"], "the other writer's grant is kept")
                let methods = try await server.log().filter { ($0["path"] as? String) == "/storage/v1/b/source/iam" }
                    .compactMap { $0["method"] as? String }
                #expect(methods == ["GET", "PUT", "GET", "PUT"])
            }
        }
    }
}
