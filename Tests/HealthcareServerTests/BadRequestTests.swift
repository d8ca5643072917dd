import Foundation
import Testing

/// Wrong JSON, unknown fields, wrong types, oversized bodies, path traversal, wrong or missing tokens:
/// each gets the API's error code and status, and nothing changes.
@Suite("Bad requests", .serialized)
struct BadRequestTests {
    @Test("each bad request gets its code, and the store is unchanged afterwards")
    func badRequests() throws {
        let server = try ServerProcess()
        defer { server.stop() }
        try server.start()
        let bucket = try server.bucket("dicom-in", files: ServerProcess.sampleFiles())
        let base = server.locationURL
        _ = try server.json("POST", "\(base)/datasets?datasetId=ds", body: "{}")
        _ = try server.json("POST", "\(base)/datasets/ds/dicomStores?dicomStoreId=s", body: "{}")
        let store = "\(base)/datasets/ds/dicomStores/s"

        func expectError(_ method: String, _ url: String, body: String? = nil, token: String? = ServerProcess.token,
                         status: Int, code: String, mentioning text: String? = nil, sourceLocation: SourceLocation = #_sourceLocation) throws {
            let (answer, json) = try server.json(method, url, body: body, token: token)
            #expect(answer == status, "\(method) \(url)", sourceLocation: sourceLocation)
            #expect(json["error.code"] as? Int == status, sourceLocation: sourceLocation)
            #expect(json["error.status"] as? String == code, sourceLocation: sourceLocation)
            if let text {
                #expect((json["error.message"] as? String)?.contains(text) == true, "\(json["error.message"] ?? "")",
                        sourceLocation: sourceLocation)
            }
        }

        try expectError("POST", "\(store):import", body: #"{"gcsSource": {"uri": "gs://dicom-in/in/*.dcm"#, status: 400, code: "INVALID_ARGUMENT",
                        mentioning: "Invalid JSON payload")
        try expectError("POST", "\(store):import", body: #"{"gcsSource":{"uri":"gs://dicom-in/in/*.dcm","recursive":true}}"#,
                        status: 400, code: "INVALID_ARGUMENT", mentioning: "Unknown name \"recursive\" at 'gcs_source'")
        try expectError("POST", "\(store):import", body: #"{"gcsSource":{"uri":5}}"#, status: 400, code: "INVALID_ARGUMENT",
                        mentioning: "gcs_source.uri")
        try expectError("POST", "\(store):import", body: "{}", status: 400, code: "INVALID_ARGUMENT", mentioning: "gcs_source.uri is required")
        try expectError("POST", "\(store):export", body: #"{"gcsDestination":{"uriPrefix":"gs://dicom-in/x","mimeType":"text/plain"}}"#,
                        status: 400, code: "INVALID_ARGUMENT", mentioning: "mimeType")
        try expectError("POST", "\(store):import", body: #"{"gcsSource":{"uri":"gs://dicom-in/in/*.dcm"},"blobStorageSettings":{"blobStorageClass":"WARM"}}"#,
                        status: 400, code: "INVALID_ARGUMENT", mentioning: "storage class")
        let huge = "{\"labels\":{\"x\":\"" + String(repeating: "a", count: 2 << 20) + "\"}}"
        let hugeFile = server.root.appendingPathComponent("huge.json")
        try Data(huge.utf8).write(to: hugeFile)
        let (hugeStatus, hugeBody) = try server.curl("POST", "\(base)/datasets?datasetId=big", body: "@\(hugeFile.path)")
        #expect(hugeStatus == 413 && hugeBody.contains("larger than"))

        // Names that would leave their place.
        try expectError("POST", "\(base)/datasets?datasetId=..%2Fescape", body: "{}", status: 400, code: "INVALID_ARGUMENT")
        try expectError("GET", "\(base)/datasets/%2e%2e/dicomStores", status: 400, code: "INVALID_ARGUMENT")
        try expectError("GET", "\(server.endpoint)/storage/v1/b/dicom-in/o/..%2F..%2F..%2Fetc%2Fpasswd?alt=media", status: 400,
                        code: "INVALID_ARGUMENT")
        try expectError("POST", "\(store):export", body: #"{"gcsDestination":{"uriPrefix":"gs://dicom-in/../../outside"}}"#,
                        status: 400, code: "INVALID_ARGUMENT")

        // Numbers that would overflow; frame lists longer than the frames; tables outside the tables folder.
        let hugeOffset = Data("offset:9223372036854775807".utf8).base64EncodedString()
        let (pageStatus, page) = try server.json("GET", "\(base)/datasets?pageSize=1000&pageToken=\(hugeOffset)")
        #expect(pageStatus == 200 && page["datasets"] == nil)
        try expectError("POST", "\(store):export",
                        body: #"{"bigqueryDestination":{"tableUri":"sqlite://\#(server.data.path)/index.sqlite?table=instance","writeDisposition":"WRITE_TRUNCATE"}}"#,
                        status: 403, code: "PERMISSION_DENIED", mentioning: "tables folder")
        try expectError("POST", "\(store):export", body: #"{"bigqueryDestination":{"tableUri":"sqlite:../escape.db?table=T"}}"#,
                        status: 403, code: "PERMISSION_DENIED")

        // Credentials.
        try expectError("GET", "\(base)/datasets", token: nil, status: 401, code: "UNAUTHENTICATED", mentioning: "missing")
        try expectError("GET", "\(base)/datasets", token: "wrong", status: 401, code: "UNAUTHENTICATED", mentioning: "invalid")
        try expectError("DELETE", "\(base)/datasets/ds", token: "wrong", status: 401, code: "UNAUTHENTICATED")

        // Unknown resources and methods; missing resources.
        try expectError("GET", "\(server.endpoint)/v2/projects", status: 404, code: "NOT_FOUND")
        try expectError("POST", "\(store):reindex", body: "{}", status: 404, code: "NOT_FOUND", mentioning: "reindex")
        try expectError("GET", "\(base)/datasets/ds/dicomStores/nope", status: 404, code: "NOT_FOUND")
        try expectError("GET", "\(base)/datasets/ds/operations/123", status: 404, code: "NOT_FOUND")
        try expectError("POST", "\(base)/datasets?datasetId=ds", body: "{}", status: 409, code: "ALREADY_EXISTS")
        try expectError("GET", "\(store)/dicomWeb/studies?PatientWeight=80", status: 400, code: "INVALID_ARGUMENT", mentioning: "PatientWeight")
        // Query parameters the method does not take are refused, as the API refuses them; standard ones pass.
        try expectError("GET", "\(base)/datasets?pagesize=1", status: 400, code: "INVALID_ARGUMENT",
                        mentioning: "Unknown name \"pagesize\": Cannot bind query parameter")
        try expectError("POST", "\(base)/datasets?datasetId=other&labels=x", body: "{}", status: 400, code: "INVALID_ARGUMENT", mentioning: "labels")
        try expectError("POST", "\(store):import?dryRun=true", body: #"{"gcsSource":{"uri":"gs://dicom-in/in/*.dcm"}}"#,
                        status: 400, code: "INVALID_ARGUMENT", mentioning: "dryRun")
        try expectError("DELETE", "\(base)/datasets/ds?force=true", status: 400, code: "INVALID_ARGUMENT", mentioning: "force")
        try expectError("GET", "\(base)/datasets/ds/operations?done=true", status: 400, code: "INVALID_ARGUMENT", mentioning: "done")
        let (standardStatus, _) = try server.json("GET", "\(base)/datasets?alt=json&prettyPrint=false&pageSize=5")
        #expect(standardStatus == 200)
        try expectError("GET", "\(base)/datasets/ds/dicomStores?filter=labels.team%3Dct", status: 501, code: "UNIMPLEMENTED", mentioning: "filter")
        try expectError("PATCH", "\(store)?updateMask=labels", body: "{}", status: 404, code: "NOT_FOUND")

        // Nothing changed: one dataset, one empty store, no operation, the bucket as it was.
        let (_, datasets) = try server.json("GET", "\(base)/datasets")
        #expect((datasets["datasets"] as? [Any])?.count == 1)
        let (_, operations) = try server.json("GET", "\(base)/datasets/ds/operations")
        #expect(operations["operations"] == nil)
        let (_, metrics) = try server.json("GET", "\(store):getDICOMStoreMetrics")
        #expect(metrics["instanceCount"] == nil)
        #expect(SeedFlowTests.files(under: bucket).count == 7)
        #expect(!FileManager.default.fileExists(atPath: server.root.appendingPathComponent("buckets/outside").path))
    }

    @Test("serving without a token is refused, open access is refused off loopback, requests are logged")
    func accessRules() throws {
        let server = try ServerProcess()
        defer { server.stop() }
        let noToken = try server.cli("serve", "--port", "0")
        #expect(noToken.status != 0 && noToken.stderr.contains("no token"))
        let openNetwork = try server.cli("serve", "--port", "0", "--listen", "0.0.0.0", "--allow-unauthenticated")
        #expect(openNetwork.status != 0 && openNetwork.stderr.contains("without a token"))
        let log = server.root.appendingPathComponent("requests.log")
        try server.start(["--allow-unauthenticated"], log: log)
        let (status, _) = try server.json("GET", "\(server.locationURL)/datasets", token: nil)
        #expect(status == 200)
        _ = try server.json("GET", "\(server.locationURL)/datasets/missing", token: nil)
        // Open access answers programs on this machine, not web pages: no Origin, a loopback Host.
        let (originStatus, _) = try server.curl("GET", "\(server.locationURL)/datasets", headers: ["Origin: https://evil.example"], token: nil)
        #expect(originStatus == 403)
        let (hostStatus, _) = try server.curl("GET", "\(server.locationURL)/datasets", headers: ["Host: rebind.evil.example:8080"], token: nil)
        #expect(hostStatus == 403)
        let (prefixedStatus, _) = try server.curl("GET", "\(server.locationURL)/datasets", headers: ["Host: 127.0.0.1.rebind.example:8080"], token: nil)
        #expect(prefixedStatus == 403)
        // One line per request: time, method, path, status, duration.
        let lines = try String(contentsOf: log, encoding: .utf8).split(separator: "\n")
        #expect(lines.contains { $0.contains(" GET /v1/projects/p/locations/l/datasets 200 ") && $0.hasSuffix("ms") })
        #expect(lines.contains { $0.contains(" GET /v1/projects/p/locations/l/datasets/missing 404 ") })
    }
}
