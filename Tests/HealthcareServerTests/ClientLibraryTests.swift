import Foundation
import Testing

/// Google's Python client library (discovery document healthcare v1) and dicomweb-client against the
/// real server, as teams script these workflows.
@Suite("Client libraries", .serialized)
struct ClientLibraryTests {
    /// Runs a Python script from Support/ and returns its JSON lines by step.
    func python(_ server: ServerProcess, _ script: String, _ arguments: [String]) throws -> [String: JSONObject] {
        let run = try server.run("/usr/bin/env", ["python3", ServerProcess.support.appendingPathComponent(script).path] + arguments)
        #expect(run.status == 0, "\(script) failed (setup.sh installs google-api-python-client and dicomweb-client):\n\(run.stderr)")
        var steps: [String: JSONObject] = [:]
        for line in run.stdout.split(separator: "\n") {
            let object = try JSONObject(String(line))
            if let step = object["step"] as? String { steps[step] = JSONObject(value: object["value"] ?? NSNull()) }
        }
        return steps
    }

    @Test("googleapiclient: create, import with a storage class, metrics, export, list, unknown field refused")
    func googleClient() throws {
        let server = try ServerProcess()
        defer { server.stop() }
        try server.start()
        _ = try server.bucket("gapi-bucket", files: ServerProcess.sampleFiles())
        let steps = try python(server, "google_client_flow.py", [server.endpoint, ServerProcess.token, "p", "l", "gapi-bucket"])
        #expect(steps["createDataset"]?["name"] as? String == "projects/p/locations/l/datasets/gapi-dataset")
        #expect(steps["listStores"]?["dicomStores.0.name"] as? String == "projects/p/locations/l/datasets/gapi-dataset/dicomStores/gapi-store")
        #expect(steps["import"]?["done"] as? Bool == true)
        #expect(steps["import"]?["metadata.counter.success"] as? String == "6")
        #expect(steps["import"]?["metadata.counter.failure"] as? String == "1")
        #expect(steps["metrics"]?["instanceCount"] as? String == "6")
        #expect(steps["export"]?["metadata.counter.success"] as? String == "6")
        #expect(steps["export"]?["response.@type"] as? String == "type.googleapis.com/google.cloud.healthcare.v1.dicom.ExportDicomDataResponse")
        #expect((steps["listOperations"]?["operations"] as? [Any])?.count == 1)
        #expect(steps["listOperations"]?["nextPageToken"] is String)
        #expect(steps["unknownField"]?["status"] as? Int == 400)
        #expect((steps["unknownField"]?["body.error.message"] as? String)?.contains("Unknown name \"bogus\"") == true)
    }

    @Test("dicomweb-client: QIDO, WADO (instance, series, metadata, frames, rendered) and STOW")
    func dicomwebClient() throws {
        let server = try ServerProcess()
        defer { server.stop() }
        try server.start()
        _ = try server.bucket("web-bucket", files: ServerProcess.sampleFiles())
        let base = server.locationURL
        _ = try server.json("POST", "\(base)/datasets?datasetId=ds", body: "{}")
        _ = try server.json("POST", "\(base)/datasets/ds/dicomStores?dicomStoreId=s", body: "{}")
        let (_, started) = try server.json("POST", "\(base)/datasets/ds/dicomStores/s:import", body: #"{"gcsSource":{"uri":"gs://web-bucket/in/*.dcm"}}"#)
        _ = try server.waitForOperation(try #require(started["name"] as? String))
        let sample = ServerProcess.samples.appendingPathComponent("phantom-s1-i1.dcm").path
        let steps = try python(server, "dicomweb_flow.py", ["\(base)/datasets/ds/dicomStores/s/dicomWeb", ServerProcess.token, sample])
        #expect((steps["studies"]?.value as? [String])?.count == 1)
        #expect((steps["series"]?.value as? [String])?.count == 2)
        #expect((steps["instances"]?.value as? [String])?.count == 3)
        #expect(steps["searchByPatient"]?.value as? Int == 1)
        #expect(steps["searchNoMatch"]?.value as? Int == 0)
        #expect(steps["retrieveInstance"]?["syntax"] as? String == "1.2.840.10008.1.2.1")
        #expect(steps["retrieveInstance"]?["rows"] as? Int == 128)
        #expect((steps["retrieveSeries"]?.value as? [String])?.count == 3)
        #expect(steps["metadata"]?["hasPixelData"] as? Bool == false)
        #expect((steps["frames"]?.value as? [Int]) == [128 * 128 * 2])
        #expect(steps["renderedPNG"]?.value as? String == "89504e470d0a1a0a")
        let stored = try #require(steps["store"])
        #expect((stored["stored"] as? [String]) == [stored["expected"] as? String].compactMap { $0 })
        #expect(steps["storedBack"]?.value as? String == stored["expected"] as? String)
        let (_, metrics) = try server.json("GET", "\(base)/datasets/ds/dicomStores/s:getDICOMStoreMetrics")
        #expect(metrics["instanceCount"] as? String == "7")
    }
}
