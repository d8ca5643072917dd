import Foundation
import Testing
@testable import ObjectStorage

@Suite("Bucket permissions of a store's service agent")
struct BucketAccessTests {
    let agent = ServiceAgent.member(projectNumber: ServiceAgent.localProjectNumber(for: "my-project"))

    @Test("the agent has the cloud's form and a stable local project number")
    func agentIdentity() {
        let number = ServiceAgent.localProjectNumber(for: "my-project")
        #expect(number.count == 12 && number == ServiceAgent.localProjectNumber(for: "my-project"))
        #expect(number != ServiceAgent.localProjectNumber(for: "other"))
        #expect(agent == "serviceAccount:service-\(number)@gcp-sa-healthcare.iam.gserviceaccount.com")
    }

    @Test("the grant command names the tool that reaches the bucket: this machine, a server, or gcloud")
    func grantCommands() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("grant-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let local = try LocalStorage(dataDirectory: folder)
        _ = try local.createBucket("here-bucket")
        let remote = GCSStorage(endpoint: URL(string: "http://127.0.0.1:9"), credentials: .none)
        let server = StorageRouter(local: local, remote: remote, placement: .remote, serverEndpoint: "http://127.0.0.1:8080")
        let cloud = StorageRouter(local: local, remote: remote)
        let role = "roles/storage.objectViewer"
        #expect(server.grantTool(for: "here-bucket").command(bucket: "here-bucket", member: agent, role: role)
                .hasPrefix("dicom-console storage buckets add-iam-policy-binding gs://here-bucket"))
        #expect(server.grantTool(for: "there").command(bucket: "there", member: agent, role: role)
                == "dicom-console --endpoint http://127.0.0.1:8080 storage buckets add-iam-policy-binding gs://there --member=\(agent) --role=\(role)")
        #expect(cloud.grantTool(for: "there").command(bucket: "there", member: agent, role: role).hasPrefix("gcloud storage buckets"))
        try await remote.shutdown()
    }

    @Test("viewer reads, creator alone cannot export, admin or creator+viewer can")
    func evaluation() {
        func result(_ roles: [String], _ need: BucketAccess.Need) -> BucketAccess.Result {
            var policy = IAMPolicy()
            for role in roles { policy.add(member: agent, role: role) }
            return BucketAccess.evaluate(policy: policy, member: agent, bucket: "b", need: need)
        }
        #expect(result(["roles/storage.objectViewer"], .read) == .granted(roles: ["roles/storage.objectViewer"]))
        guard case .missing(let permissions, let role, let command) = result(["roles/storage.objectCreator"], .write) else {
            Issue.record("creator alone was enough to export")
            return
        }
        #expect(permissions == ["storage.objects.get", "storage.objects.list"])
        #expect(role == "roles/storage.objectAdmin")
        #expect(command == "dicom-console storage buckets add-iam-policy-binding gs://b --member=\(agent) --role=roles/storage.objectAdmin")
        if case .granted = result(["roles/storage.objectCreator", "roles/storage.objectViewer"], .write) {} else { Issue.record("creator+viewer") }
        if case .granted = result(["roles/storage.objectAdmin"], .write) {} else { Issue.record("admin") }
        if case .missing = result([], .read) {} else { Issue.record("empty policy granted read") }
    }

    @Test("local buckets keep bindings; the check names the missing role and the grant command")
    func localBindings() async throws {
        let fixture = try LocalFixture()
        try fixture.storage.createBucket("source")
        let before = try await BucketAccess.check(fixture.storage, bucket: "source", member: agent, need: .read)
        guard case .missing(_, let role, let command) = before else { Issue.record("granted without a binding"); return }
        #expect(role == "roles/storage.objectViewer" && command.contains("--role=roles/storage.objectViewer"))
        #expect(before.explanation(agent: agent, bucket: "source").contains(command))
        try fixture.storage.addIAMBinding(bucket: "source", member: agent, role: role)
        let after = try await BucketAccess.check(fixture.storage, bucket: "source", member: agent, need: .read)
        #expect(after == .granted(roles: ["roles/storage.objectViewer"]))
        let reopened = try LocalStorage(dataDirectory: fixture.storage.dataDirectory)
        #expect(try await BucketAccess.check(reopened, bucket: "source", member: agent, need: .read) == after)
        #expect(throws: StorageError.self) { try fixture.storage.addIAMBinding(bucket: "source", member: "bob", role: role) }
    }
}
