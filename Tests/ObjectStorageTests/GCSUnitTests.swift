import Foundation
import Testing
import _CryptoExtras
@testable import ObjectStorage

/// The pure parts of the GCS backend: error mapping, credentials selection, configuration, parsing.
@Suite("GCS units")
struct GCSUnitTests {
    static func body(_ code: Int, _ message: String, reason: String = "invalid") -> Data {
        try! JSONSerialization.data(withJSONObject: ["error": [
            "code": code, "message": message, "errors": [["domain": "global", "reason": reason, "message": message]],
        ]])
    }

    @Test("HTTP statuses map to StorageError codes with the server's message")
    func errorMapping() {
        let object = GCSResource.object(bucket: "b", name: "d/o.dcm")
        func map(_ status: Int, _ message: String, _ resource: GCSResource = object) -> StorageError {
            GCSErrorMapping.error(status: status, body: Self.body(status, message), resource: resource,
                                  account: "the service account sa@p.iam.gserviceaccount.com")
        }
        let bad = map(400, "Invalid argument: name too long")
        #expect(bad.code == .invalidArgument)
        #expect(bad.message.contains("Invalid argument: name too long"))
        #expect(map(401, "Invalid Credentials").code == .unauthenticated)
        #expect(map(401, "Invalid Credentials").message.contains("sa@p.iam.gserviceaccount.com"))
        #expect(map(404, "Not Found") == StorageError(.notFound, "no such object gs://b/d/o.dcm"))
        #expect(map(404, "Not Found", .bucket("b")) == StorageError(.notFound, "no such bucket gs://b"))
        #expect(map(409, "You already own this bucket.", .bucket("b")).code == .alreadyExists)
        #expect(map(409, "You already own this bucket.", .bucket("b")).message.hasPrefix("bucket gs://b already exists"))
        #expect(map(412, "At least one of the pre-conditions you specified did not hold.").code == .failedPrecondition)
        #expect(map(429, "rate").code == .resourceExhausted)
        #expect(map(503, "Backend Error").code == .unavailable)
        #expect(map(500, "boom").message.contains("HTTP 500"))

        let denied = map(403, "other@p.iam.gserviceaccount.com does not have storage.objects.create access to the Google Cloud Storage object.")
        #expect(denied.code == .permissionDenied)
        #expect(denied.message.hasPrefix("other@p.iam.gserviceaccount.com lacks storage.objects.create on gs://b/d/o.dcm"))
        #expect(denied.message.contains("roles/storage.objectAdmin"))
        let plain = map(403, "Forbidden")
        #expect(plain.message.hasPrefix("the service account sa@p.iam.gserviceaccount.com may not access gs://b/d/o.dcm"))

        // Non-JSON bodies still give their text.
        let html = GCSErrorMapping.error(status: 400, body: Data("<h1>Bad</h1>".utf8), resource: .service, account: "x")
        #expect(html.message.contains("<h1>Bad</h1>"))
        // Token endpoints' errors.
        let grant = GCSErrorBody(Data(#"{"error":"invalid_grant","error_description":"Invalid JWT"}"#.utf8))
        #expect(grant.message == "invalid_grant: Invalid JWT")
    }

    @Test("a 404 body says whether the bucket or the object is missing, when it does")
    func notFoundBodies() {
        #expect(GCSErrorMapping.bucketIsMissing(in: Self.body(404, "The specified bucket does not exist.")) == true)
        #expect(GCSErrorMapping.bucketIsMissing(in: Self.body(404, "No such object: b/o")) == false)
        #expect(GCSErrorMapping.bucketIsMissing(in: Self.body(404, "Not Found")) == nil)
        #expect(GCSErrorMapping.bucketIsMissing(in: Data("Not Found\n".utf8)) == nil)
    }

    @Test("credentials come from the environment in the documented order")
    func automaticCredentials() {
        let key = ["GOOGLE_APPLICATION_CREDENTIALS": "/k.json", "PATH": "/nonexistent"]
        #expect(GCSCredentials.automatic(environment: ["STORAGE_EMULATOR_HOST": "127.0.0.1:9023",
                                                       "GOOGLE_OAUTH_ACCESS_TOKEN": "x"]) == .none)
        #expect(GCSCredentials.automatic(environment: key.merging(["GOOGLE_OAUTH_ACCESS_TOKEN": "tok"]) { $1 })
                == .accessToken("tok"))
        #expect(GCSCredentials.automatic(environment: key) == .serviceAccountKey(path: "/k.json"))
        guard case .missing(let explanation) = GCSCredentials.automatic(environment: ["PATH": "/nonexistent"]) else {
            Issue.record("expected .missing")
            return
        }
        for variable in ["GOOGLE_APPLICATION_CREDENTIALS", "GOOGLE_OAUTH_ACCESS_TOKEN", "STORAGE_EMULATOR_HOST", "gcloud"] {
            #expect(explanation.contains(variable))
        }
    }

    @Test("missing credentials fail each call with what to set")
    func missingCredentialsFail() async throws {
        let storage = GCSStorage(endpoint: URL(string: "http://127.0.0.1:9"),
                                 credentials: GCSCredentials.automatic(environment: ["PATH": "/nonexistent"]),
                                 configuration: GCSTestServers.fastConfiguration)
        let error = await #expect(throws: StorageError.self) { try await storage.bucket("b") }
        try await storage.shutdown()
        #expect(error?.code == .unauthenticated)
        #expect(error?.message.contains("GOOGLE_APPLICATION_CREDENTIALS") == true)
    }

    @Test("fromEnvironment honours STORAGE_EMULATOR_HOST with or without a scheme")
    func fromEnvironment() async throws {
        for (host, expected) in [("127.0.0.1:9023", "http://127.0.0.1:9023"), ("http://localhost:4443/", "http://localhost:4443")] {
            let storage = try #require(try GCSStorage.fromEnvironment(["STORAGE_EMULATOR_HOST": host]))
            #expect(storage.credentials == .none)
            #expect(storage.http.base == expected)
            try await storage.shutdown()
        }
        #expect(throws: StorageError.self) { try GCSStorage.fromEnvironment(["STORAGE_EMULATOR_HOST": "ftp://x:1"]) }
        #expect(try GCSStorage.fromEnvironment(["PATH": "/nonexistent"]) == nil)
        let google = try #require(try GCSStorage.fromEnvironment(["GOOGLE_OAUTH_ACCESS_TOKEN": "tok",
                                                                  "GOOGLE_CLOUD_PROJECT": "proj"]))
        #expect(google.endpoint == GCSStorage.defaultEndpoint)
        #expect(google.project == "proj")
        try await google.shutdown()
    }

    @Test("object names are percent-encoded, `/` included; queries skip absent values")
    func paths() {
        #expect(GCSPath.encode("a dir/ü+%#?.dcm") == "a%20dir%2F%C3%BC%2B%25%23%3F.dcm")
        #expect(GCSPath.query([("prefix", "a/b"), ("delimiter", nil), ("maxResults", "10")]) == "?prefix=a%2Fb&maxResults=10")
        #expect(GCSPath.query([("x", nil)]) == "")
    }

    @Test("RFC 3339 times with any fraction and offsets")
    func times() throws {
        let base = try #require(GCSTime.parse("2026-11-24T10:00:00Z"))
        #expect(base.timeIntervalSince1970 == 1_795_514_400)
        let micro = try #require(GCSTime.parse("2026-11-24T10:00:00.123456Z"))
        #expect(abs(micro.timeIntervalSince(base) - 0.123456) < 1e-6)
        let offset = try #require(GCSTime.parse("2026-11-24T11:00:00.5+01:00"))
        #expect(abs(offset.timeIntervalSince(base) - 0.5) < 1e-6)
        #expect(GCSTime.parse("yesterday") == nil)
    }

    @Test("backoff grows, is capped, jittered into its upper half")
    func backoff() {
        let policy = GCSRetryPolicy(maxAttempts: 10, initialDelay: .seconds(1), maxDelay: .seconds(8))
        for _ in 0..<50 {
            let first = policy.delay(afterAttempt: 1)
            #expect(first >= .milliseconds(500) && first <= .seconds(1))
            let third = policy.delay(afterAttempt: 3)
            #expect(third >= .seconds(2) && third <= .seconds(4))
            let tenth = policy.delay(afterAttempt: 10)
            #expect(tenth >= .seconds(4) && tenth <= .seconds(8))
        }
        #expect(GCSStorage.Configuration(chunkSize: 1_000_000).chunkSize == 3 * 256 * 1024)
        #expect(GCSStorage.Configuration(chunkSize: 1).chunkSize == 256 * 1024)
    }

    @Test("key files: parsed, and errors name the file")
    func keyFiles() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("key-\(UUID()).json")
        defer { try? FileManager.default.removeItem(at: url) }
        try Data(#"{"type": "authorized_user", "client_id": "x"}"#.utf8).write(to: url)
        let user = #expect(throws: StorageError.self) { try GCSServiceAccountKey(contentsOf: url.path) }
        #expect(user?.message.contains("service_account") == true)
        try Data("not json".utf8).write(to: url)
        let junk = #expect(throws: StorageError.self) { try GCSServiceAccountKey(contentsOf: url.path) }
        #expect(junk?.message.hasPrefix(url.path) == true)
        let absent = #expect(throws: StorageError.self) { try GCSServiceAccountKey(contentsOf: "/no/such/key.json") }
        #expect(absent?.code == .unauthenticated)

        let key = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        let parsed = GCSServiceAccountKey(clientEmail: "a@b.iam.gserviceaccount.com", privateKey: key.pemRepresentation)
        let jwt = try GCSServiceAccountToken.assertion(for: parsed, now: Date(timeIntervalSince1970: 1_000_000))
        #expect(jwt.split(separator: ".").count == 3)
        #expect(!jwt.contains("=") && !jwt.contains("+") && !jwt.contains("/"))
        let bad = GCSServiceAccountKey(clientEmail: "a@b", privateKey: "-----BEGIN PRIVATE KEY-----\nxx\n-----END PRIVATE KEY-----")
        #expect(throws: StorageError.self) { try GCSServiceAccountToken.assertion(for: bad) }
    }
}
