import Crypto
import Foundation
import Testing
import _CryptoExtras
@testable import ObjectStorage

/// `GCSStorage` against the loopback `iam_test_server.py`: IAM policies, 403/401 bodies, retries,
/// service-account tokens, gcloud, and resumable uploads that fail mid-way.
@Suite("GCS against the IAM/fault test server")
struct GCSServerTests {
    static let agent = "serviceAccount:service-123@gcp-sa-healthcare.iam.gserviceaccount.com"

    @Test("the IAM policy is parsed into IAMPolicy (also without bindings)")
    func iamPolicy() async throws {
        let config: [String: Any] = ["policies": [
            "source": ["bindings": [["role": "roles/storage.objectViewer", "members": [Self.agent, "user:a@example.com"]],
                                    ["role": "roles/storage.legacyBucketOwner", "members": ["projectOwner:p"]]],
                       "etag": "CAE=", "version": 1],
            "bare": ["etag": "CAA="],
        ]]
        try await withGCSTestServer(config) { server async throws in
            try await withGCSStorage(on: server) { storage async throws in
                let policy = try #require(try await storage.iamPolicy(bucket: "source"))
                #expect(policy == IAMPolicy(bindings: [
                    .init(role: "roles/storage.objectViewer", members: [Self.agent, "user:a@example.com"]),
                    .init(role: "roles/storage.legacyBucketOwner", members: ["projectOwner:p"]),
                ], etag: "CAE="))
                #expect(policy.roles(of: Self.agent) == ["roles/storage.objectViewer"])
                #expect(try await storage.iamPolicy(bucket: "bare") == IAMPolicy(bindings: [], etag: "CAA="))
                let missing = await #expect(throws: StorageError.self) { try await storage.iamPolicy(bucket: "nope") }
                #expect(missing == StorageError(.notFound, "no such bucket gs://nope"))
            }
        }
    }

    @Test("buckets are listed per project: the default project, another one, and through the router beside local ones")
    func bucketsPerProject() async throws {
        let config: [String: Any] = ["projects": ["test-project": ["default-a", "default-b"], "other-project": ["elsewhere"]]]
        try await withGCSTestServer(config) { server async throws in
            try await withGCSStorage(on: server) { storage async throws in
                #expect(try await storage.listBuckets().map(\.name) == ["default-a", "default-b"])
                #expect(try await storage.listBuckets(project: "other-project").map(\.name) == ["elsewhere"])
                #expect(try await storage.listBuckets(project: "empty-project").isEmpty)
                let folder = FileManager.default.temporaryDirectory.appendingPathComponent("router-\(UUID().uuidString)")
                defer { try? FileManager.default.removeItem(at: folder) }
                let local = try LocalStorage(dataDirectory: folder)
                try local.createBucket("on-disk")
                let router = StorageRouter(local: local, remote: storage)
                let (listed, problem) = try await router.listBucketsReportingRemote(project: "other-project")
                #expect(problem == nil)
                #expect(listed.map(\.name) == ["on-disk", "elsewhere"])
                #expect(try await router.listBuckets().map(\.name) == ["on-disk", "default-a", "default-b"])
            }
        }
    }

    @Test("403 becomes permissionDenied naming the permission and the account")
    func permissionDenied() async throws {
        let account = "importer@proj.iam.gserviceaccount.com"
        let config: [String: Any] = ["forbidden": ["locked": ["permission": "storage.objects.list", "account": account]]]
        try await withGCSTestServer(config) { server async throws in
            try await withGCSStorage(on: server) { storage async throws in
                let error = await #expect(throws: StorageError.self) {
                    try await storage.list(bucket: "locked", prefix: "", delimiter: "/", pageToken: nil, pageSize: 10)
                }
                #expect(error?.code == .permissionDenied)
                #expect(error?.message.hasPrefix("\(account) lacks storage.objects.list on gs://locked") == true)
                #expect(error?.message.contains("roles/storage.objectViewer") == true)
                // Not retried: one request.
                #expect(try await server.count("/storage/v1/b/locked/o") == 1)
            }
        }
    }

    @Test("401 becomes unauthenticated saying how to get credentials")
    func unauthenticated() async throws {
        try await withGCSTestServer(["unauthorized": ["secret"]]) { server async throws in
            try await withGCSStorage(on: server, credentials: .accessToken("expired")) { storage async throws in
                let error = await #expect(throws: StorageError.self) { try await storage.bucket("secret") }
                #expect(error?.code == .unauthenticated)
                #expect(error?.message.contains("GOOGLE_APPLICATION_CREDENTIALS") == true)
                #expect(error?.message.contains("Invalid Credentials") == true)
            }
        }
    }

    @Test("503 and 429 are retried with backoff; the request count proves it")
    func retriesSucceed() async throws {
        let config: [String: Any] = [
            "policies": ["flaky": ["etag": "A"], "throttled": ["etag": "B"]],
            "fail": ["/storage/v1/b/flaky/iam": 3, "/storage/v1/b/throttled/iam": ["count": 2, "status": 429]],
        ]
        try await withGCSTestServer(config) { server async throws in
            try await withGCSStorage(on: server) { storage async throws in
                #expect(try await storage.iamPolicy(bucket: "flaky")?.etag == "A")
                #expect(try await server.count("/storage/v1/b/flaky/iam") == 4)
                #expect(try await storage.iamPolicy(bucket: "throttled")?.etag == "B")
                #expect(try await server.count("/storage/v1/b/throttled/iam") == 3)
            }
        }
    }

    @Test("a path that always fails ends in unavailable after the bounded attempts")
    func retriesExhausted() async throws {
        let config: [String: Any] = ["policies": ["down": [:]], "fail": ["/storage/v1/b/down/iam": -1]]
        try await withGCSTestServer(config) { server async throws in
            try await withGCSStorage(on: server) { storage async throws in
                let error = await #expect(throws: StorageError.self) { try await storage.iamPolicy(bucket: "down") }
                #expect(error?.code == .unavailable)
                // Five attempts, unless the total-time limit (loaded machine) stopped the retries first.
        #expect(error?.message.contains("gave up after") == true, "\(String(describing: error))")
                #expect(try await server.count("/storage/v1/b/down/iam") == 5)
            }
            // The total-time bound stops retrying long before 1,000 attempts.
            let slow = GCSStorage.Configuration(retry: GCSRetryPolicy(
                maxAttempts: 1000, initialDelay: .milliseconds(20), maxDelay: .milliseconds(40),
                totalTimeout: .milliseconds(300)))
            let clock = ContinuousClock()
            let start = clock.now
            let error = try await withGCSStorage(on: server, configuration: slow) { storage async throws in
                await #expect(throws: StorageError.self) { try await storage.iamPolicy(bucket: "down") }
            }
            // Bounded by the 300 ms total-time limit (plus one request); generous for a loaded CI machine.
            #expect(start.duration(to: clock.now) < .seconds(60))
            let attempts = try await server.count("/storage/v1/b/down/iam") - 5
            // The time limit, not the 1,000-attempt cap, ended it (a loaded machine may manage one attempt only).
            #expect(attempts >= 1 && attempts < 40)
            #expect(error?.code == .unavailable)
            if attempts > 1 { #expect(error?.message.contains("gave up after \(attempts) attempts") == true) }
        }
    }

    @Test("connection refused is retried, then unavailable naming the endpoint")
    func connectionRefused() async throws {
        // A port that was free a moment ago: nothing listens there.
        let port = try gcsFreeLoopbackPort()
        let storage = GCSStorage(endpoint: URL(string: "http://127.0.0.1:\(port)"), credentials: .none,
                                 configuration: GCSTestServers.fastConfiguration)
        let error = await #expect(throws: StorageError.self) {
            try await storage.metadata(bucket: "b", object: "o")
        }
        try await storage.shutdown()
        #expect(error?.code == .unavailable)
        #expect(error?.message.contains("127.0.0.1:\(port)") == true)
        // Five attempts, unless the total-time limit (loaded machine) stopped the retries first.
        #expect(error?.message.contains("gave up after") == true, "\(String(describing: error))")
    }

    @Test("service-account key: a signed JWT is exchanged once; requests carry Bearer t")
    func serviceAccount() async throws {
        let key = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        let config: [String: Any] = ["policies": ["b": ["etag": "E"]], "token": ["access_token": "t", "expires_in": 3600]]
        try await withGCSTestServer(config) { server async throws in
            let keyURL = FileManager.default.temporaryDirectory.appendingPathComponent("sa-\(UUID()).json")
            defer { try? FileManager.default.removeItem(at: keyURL) }
            let keyJSON: [String: Any] = [
                "type": "service_account", "project_id": "proj", "private_key_id": "k1",
                "private_key": key.pkcs8PEMRepresentation, "client_email": "importer@proj.iam.gserviceaccount.com",
                "token_uri": "\(server.endpoint)/token",
            ]
            try JSONSerialization.data(withJSONObject: keyJSON).write(to: keyURL)
            try await withGCSStorage(on: server, credentials: .serviceAccountKey(path: keyURL.path)) { storage async throws in
                #expect(try await storage.iamPolicy(bucket: "b")?.etag == "E")
                #expect(try await storage.iamPolicy(bucket: "b")?.etag == "E")
            }
            #expect(try await server.count("/token") == 1)
            let calls = try await server.log().filter { ($0["path"] as? String) == "/storage/v1/b/b/iam" }
            #expect(calls.count == 2)
            #expect(calls.allSatisfy { ($0["authorization"] as? String) == "Bearer t" })

            // The assertion the server received verifies with the key's public half.
            let assertions = try #require(try await server.inspect("/_assertions") as? [String])
            let parts = try #require(assertions.first).split(separator: ".").map(String.init)
            try #require(parts.count == 3)
            let signature = try #require(GCSServiceAccountToken.decodeBase64URL(parts[2]))
            #expect(key.publicKey.isValidSignature(_RSA.Signing.RSASignature(rawRepresentation: signature),
                                                   for: SHA256.hash(data: Data("\(parts[0]).\(parts[1])".utf8)),
                                                   padding: .insecurePKCS1v1_5))
            let claimsData = try #require(GCSServiceAccountToken.decodeBase64URL(parts[1]))
            let claims = try #require(try JSONSerialization.jsonObject(with: claimsData) as? [String: Any])
            #expect(claims["iss"] as? String == "importer@proj.iam.gserviceaccount.com")
            #expect(claims["aud"] as? String == "\(server.endpoint)/token")
            #expect(claims["scope"] as? String == GCSServiceAccountToken.scope)
            let headerData = try #require(GCSServiceAccountToken.decodeBase64URL(parts[0]))
            let header = try #require(try JSONSerialization.jsonObject(with: headerData) as? [String: Any])
            #expect(header["alg"] as? String == "RS256")
            #expect(header["kid"] as? String == "k1")
        }
    }

    @Test("gcloud credentials run `gcloud auth print-access-token` once and cache the token")
    func gcloud() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gcloud-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let script = directory.appendingPathComponent("gcloud")
        try """
            #!/bin/sh
            echo run >> "\(directory.path)/runs"
            [ "$1 $2" = "auth print-access-token" ] || { echo "unexpected: $*" >&2; exit 2; }
            echo g-token
            """.write(to: script, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
        let environment = ["PATH": directory.path]
        #expect(GCSCredentials.automatic(environment: environment) == .gcloud)
        try await withGCSTestServer(["policies": ["b": [:]]]) { server async throws in
            try await withGCSStorage(on: server, credentials: .gcloud, environment: environment) { storage async throws in
                _ = try await storage.iamPolicy(bucket: "b")
                _ = try await storage.iamPolicy(bucket: "b")
            }
            let calls = try await server.log().filter { ($0["path"] as? String) == "/storage/v1/b/b/iam" }
            #expect(calls.map { $0["authorization"] as? String } == ["Bearer g-token", "Bearer g-token"])
        }
        let runs = try String(contentsOf: directory.appendingPathComponent("runs"), encoding: .utf8)
        #expect(runs.split(separator: "\n").count == 1)
    }

    @Test("a resumable upload resumes after failed chunks from what the server kept")
    func resumableUploadRecovers() async throws {
        // Chunk PUT 2 fails keeping half its bytes; PUT 3 (the resend of the rest) fails keeping none.
        let config: [String: Any] = ["policies": ["b": [:]], "upload_failures": ["2": 256 * 1024, "3": 0]]
        let configuration = GCSStorage.Configuration(retry: GCSTestServers.fastRetry, simpleUploadLimit: 512 * 1024,
                                                     chunkSize: 512 * 1024)
        let size = 3 * 512 * 1024 + 1000
        let pattern = GCSTestPattern(size: size, chunkSize: 100_000)
        try await withGCSTestServer(config) { server async throws in
            let info = try await withGCSStorage(on: server, configuration: configuration) { storage async throws in
                try await storage.write(bucket: "b", object: "scan/1.dcm", contentType: "application/dicom",
                                        from: pattern.stream())
            }
            #expect(info.size == Int64(size))
            #expect(info.md5Hash == (await pattern.hashes()).md5)
            #expect(info.contentType == "application/dicom")
            let ranges = try await server.log().filter { ($0["path"] as? String)?.hasPrefix("/upload/session/") == true }
                .compactMap { $0["contentRange"] as? String }
            #expect(ranges == [
                "bytes 0-524287/*",
                "bytes 524288-1048575/*",  // fails, keeping 256 KiB
                "bytes */*",  // status query: 786432 kept
                "bytes 786432-1048575/*",  // fails, keeping none
                "bytes */*",
                "bytes 786432-1048575/*",
                "bytes 1048576-1572863/*",
                "bytes 1572864-1573863/1573864",
            ])
        }
    }

    @Test("a source that fails mid-upload cancels the resumable session and passes its error on")
    func failingSourceCancelsUpload() async throws {
        struct SourceBroke: Error {}
        let configuration = GCSStorage.Configuration(retry: GCSTestServers.fastRetry, simpleUploadLimit: 256 * 1024,
                                                     chunkSize: 256 * 1024)
        let chunks = AsyncThrowingStream<Data, any Error> { continuation in
            continuation.yield(Data(count: 300_000))
            continuation.yield(Data(count: 300_000))
            continuation.finish(throwing: SourceBroke())
        }
        try await withGCSTestServer(["policies": ["b": [:]]]) { server async throws in
            try await withGCSStorage(on: server, configuration: configuration) { storage async throws in
                await #expect(throws: SourceBroke.self) {
                    try await storage.write(bucket: "b", object: "partial", contentType: nil, from: chunks)
                }
            }
            let session = try await server.log().filter { ($0["path"] as? String)?.hasPrefix("/upload/session/") == true }
            #expect(session.map { $0["method"] as? String } == ["PUT", "PUT", "DELETE"])
        }
    }
}
