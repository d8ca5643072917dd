import Foundation
import ObjectStorage
import Testing

/// Bucket creation and IAM policies over the server's Cloud Storage JSON API: with curl as written in
/// Google's reference, and with `GCSStorage` (what a remote console's setup uses); an import then shows
/// the grant is the one the server checks.
@Suite("Buckets and IAM over HTTP", .serialized)
struct BucketAdminTests {
    @Test("curl: create a bucket (409 again, 400 for a bad name), set its policy with the etag, a stale etag is refused with 412")
    func curlCreateAndSetPolicy() async throws {
        let server = try ServerProcess()
        defer { server.stop() }
        try server.start()
        let buckets = "\(server.endpoint)/storage/v1/b"

        var (status, body) = try server.json("POST", "\(buckets)?project=p", body: #"{"name":"made-here"}"#)
        #expect(status == 200)
        #expect(body["name"] as? String == "made-here")
        #expect(FileManager.default.fileExists(atPath: server.data.appendingPathComponent("buckets/made-here").path))
        (status, body) = try server.json("POST", "\(buckets)?project=p", body: #"{"name":"made-here"}"#)
        #expect(status == 409 && body["error.status"] as? String == "ALREADY_EXISTS")
        (status, body) = try server.json("POST", "\(buckets)?project=p", body: #"{"name":"Bad_Name"}"#)
        #expect(status == 400 && body["error.status"] as? String == "INVALID_ARGUMENT")
        (status, body) = try server.json("POST", "\(buckets)?project=p", body: "{}")
        #expect(status == 400 && (body["error.message"] as? String)?.contains("name") == true)
        #expect(try !LocalStorage(dataDirectory: server.data).hasBucket("Bad_Name"), "a refused name makes no bucket")

        (status, body) = try server.json("GET", "\(buckets)/made-here/iam")
        #expect(status == 200 && (body["bindings"] as? [Any])?.isEmpty == true)
        let first = try #require(body["etag"] as? String)
        let viewer = #"{"bindings":[{"role":"roles/storage.objectViewer","members":["\#(ServerProcess.agent)"]}],"etag":"\#(first)"}"#
        (status, body) = try server.json("PUT", "\(buckets)/made-here/iam", body: viewer)
        #expect(status == 200)
        #expect(body["bindings.0.members.0"] as? String == ServerProcess.agent)
        let second = try #require(body["etag"] as? String)
        #expect(second != first)

        // The first etag is stale now: refused, the policy unchanged.
        let admin = #"{"bindings":[{"role":"roles/storage.objectAdmin","members":["user:x@example.com"]}],"etag":"\#(first)"}"#
        (status, body) = try server.json("PUT", "\(buckets)/made-here/iam", body: admin)
        #expect(status == 412 && body["error.status"] as? String == "FAILED_PRECONDITION")
        (status, body) = try server.json("PUT", "\(buckets)/made-here/iam", body: #"{"bindings":[{"role":"viewer","members":["x"]}]}"#)
        #expect(status == 400 && body["error.status"] as? String == "INVALID_ARGUMENT")
        (status, body) = try server.json("PUT", "\(buckets)/nowhere/iam", body: #"{"bindings":[]}"#)
        #expect(status == 404)
        (status, body) = try server.json("GET", "\(buckets)/made-here/iam")
        #expect(body["etag"] as? String == second)
        #expect((body["bindings"] as? [Any])?.count == 1 && body["bindings.0.role"] as? String == "roles/storage.objectViewer")

        // The registry on disk holds it (what the server's import checks).
        let local = try LocalStorage(dataDirectory: server.data)
        #expect(try await local.iamPolicy(bucket: "made-here")?.roles(of: ServerProcess.agent) == ["roles/storage.objectViewer"])

        // Without an etag the bindings are replaced unconditionally; no bindings at all clears them.
        (status, body) = try server.json("PUT", "\(buckets)/made-here/iam", body: #"{"kind":"storage#policy"}"#)
        #expect(status == 200 && (body["bindings"] as? [Any])?.isEmpty == true)
    }

    @Test("GCSStorage: createBucket and addIAMBinding against serve, then an import from that bucket succeeds")
    func gcsStorageCreateGrantImport() async throws {
        let server = try ServerProcess()
        defer { server.stop() }
        try server.start()
        let storage = GCSStorage(endpoint: URL(string: server.endpoint)!, credentials: .accessToken(ServerProcess.token), project: "p")
        do {
            let info = try await storage.createBucket("remote-made")
            #expect(info.name == "remote-made" && info.backend == "gcs")
            await #expect(throws: StorageError.self) { try await storage.createBucket("remote-made") }
            do { try await storage.createBucket("remote-made") } catch let error as StorageError {
                #expect(error.code == .alreadyExists)
            }
            let sample = try Data(contentsOf: ServerProcess.samples.appendingPathComponent("phantom-s1-i1.dcm"))
            _ = try await storage.write(bucket: "remote-made", object: "in/a.dcm", contentType: "application/dicom", data: sample)

            // Before the grant the server's import is refused; after it, the same import succeeds.
            let base = server.locationURL
            _ = try server.json("POST", "\(base)/datasets?datasetId=ds", body: "{}")
            _ = try server.json("POST", "\(base)/datasets/ds/dicomStores?dicomStoreId=s", body: "{}")
            let importBody = #"{"gcsSource":{"uri":"gs://remote-made/in/*.dcm"}}"#
            var (status, started) = try server.json("POST", "\(base)/datasets/ds/dicomStores/s:import", body: importBody)
            if status == 200 {
                let done = try server.waitForOperation(try #require(started["name"] as? String))
                #expect(done["error.code"] as? Int == 7, "no grant yet: PERMISSION_DENIED")
            } else {
                #expect(status == 403)
            }

            var policy = try await storage.addIAMBinding(bucket: "remote-made", member: ServerProcess.agent,
                                                         role: BucketAccess.Need.read.role)
            #expect(policy.roles(of: ServerProcess.agent) == [BucketAccess.Need.read.role])
            let etag = policy.etag
            policy = try await storage.addIAMBinding(bucket: "remote-made", member: ServerProcess.agent, role: BucketAccess.Need.read.role)
            #expect(policy.etag == etag, "granting a role already held writes nothing")
            policy = try await storage.addIAMBinding(bucket: "remote-made", member: ServerProcess.agent, role: BucketAccess.Need.write.role)
            #expect(Set(policy.roles(of: ServerProcess.agent)) == [BucketAccess.Need.read.role, BucketAccess.Need.write.role])
            #expect(try await storage.iamPolicy(bucket: "remote-made") == policy)

            (status, started) = try server.json("POST", "\(base)/datasets/ds/dicomStores/s:import", body: importBody)
            #expect(status == 200)
            let done = try server.waitForOperation(try #require(started["name"] as? String))
            #expect(done["error"] == nil)
            #expect(done["metadata.counter.success"] as? String == "1")
        } catch {
            try await storage.shutdown()
            throw error
        }
        try await storage.shutdown()
    }
}
