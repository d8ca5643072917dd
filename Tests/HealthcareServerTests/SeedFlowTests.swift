import Foundation
import Testing

/// The seed's requests as written, with curl against the real server: create, import with wildcards
/// and a storage class, poll the operation to `done` with its counters, the per-file log, export (all,
/// with a filter file, as PNG), operation lists with filter and pages.
@Suite("Seed flow over HTTP", .serialized)
struct SeedFlowTests {
    @Test("curl: import with wildcards, operations until done, logs, exports with and without a filter file")
    func curlFlow() throws {
        let server = try ServerProcess()
        defer { server.stop() }
        try server.start()
        _ = try server.bucket("dicom-in", files: ServerProcess.sampleFiles())
        let out = try server.bucket("dicom-out")
        let base = server.locationURL

        var (status, body) = try server.json("POST", "\(base)/datasets?datasetId=ds", body: "{}")
        #expect(status == 200 && body["name"] as? String == "projects/p/locations/l/datasets/ds")
        (status, body) = try server.json("POST", "\(base)/datasets/ds/dicomStores?dicomStoreId=store", body: #"{"labels":{"team":"imaging"}}"#)
        #expect(status == 200 && body["labels.team"] as? String == "imaging")
        let store = "\(base)/datasets/ds/dicomStores/store"

        // Good files only, with a storage class: success 6, no failure, a response.
        (status, body) = try server.json("POST", "\(store):import",
                                         body: #"{"gcsSource":{"uri":"gs://dicom-in/in/phantom-*.dcm"},"blobStorageSettings":{"blobStorageClass":"COLDLINE"}}"#)
        #expect(status == 200)
        let first = try #require(body["name"] as? String)
        #expect(first.hasPrefix("projects/p/locations/l/datasets/ds/operations/"))
        var done = try server.waitForOperation(first)
        #expect(done["metadata.counter.success"] as? String == "6")
        #expect(done["metadata.counter.failure"] == nil)
        #expect(done["response.@type"] as? String == "type.googleapis.com/google.cloud.healthcare.v1.dicom.ImportDicomDataResponse")
        #expect(done["metadata.endTime"] is String)

        // Everything under in/ (`**`): the junk file fails alone, counted and logged.
        (status, body) = try server.json("POST", "\(store):import", body: #"{"gcs_source":{"uri":"gs://dicom-in/in/**"}}"#)
        done = try server.waitForOperation(try #require(body["name"] as? String))
        #expect(done["metadata.counter.success"] as? String == "6")
        #expect(done["metadata.counter.failure"] as? String == "1")
        #expect(done["error.code"] as? Int == 3)
        #expect(done["error.details.0.sampleErrors.0.resource"] as? String == "gs://dicom-in/in/junk/not-dicom.dcm")
        let junkOperation = try #require(done["name"] as? String)
        let (logStatus, logs) = try server.json("GET", "\(server.endpoint)/v1/\(junkOperation):logs")
        #expect(logStatus == 200 && logs["entries.0.jsonPayload.resource"] as? String == "gs://dicom-in/in/junk/not-dicom.dcm")
        #expect(logs["entries.1"] == nil)

        // Export everything: six .dcm files under STUDY/SERIES/.
        (status, body) = try server.json("POST", "\(store):export", body: #"{"gcsDestination":{"uriPrefix":"gs://dicom-out/all","mimeType":"application/dicom"}}"#)
        done = try server.waitForOperation(try #require(body["name"] as? String))
        #expect(done["metadata.counter.success"] as? String == "6" && done["error"] == nil)
        #expect(Self.files(under: out.appendingPathComponent("all")).filter { $0.hasSuffix(".dcm") }.count == 6)

        // A filter file naming one series: three files, all of that series.
        let (_, series) = try server.json("GET", "\(store)/dicomWeb/series")
        let study = try #require(series["0.0020000D.Value.0"] as? String)
        let firstSeries = try #require(series["0.0020000E.Value.0"] as? String)
        try Data("/studies/\(study)/series/\(firstSeries)\n".utf8).write(to: out.appendingPathComponent("filter.txt"))
        (status, body) = try server.json("POST", "\(store):export", body: """
            {"gcsDestination":{"uriPrefix":"gs://dicom-out/filtered"},"filterConfig":{"resourcePathsGcsUri":"gs://dicom-out/filter.txt"}}
            """)
        done = try server.waitForOperation(try #require(body["name"] as? String))
        let filtered = Self.files(under: out.appendingPathComponent("filtered"))
        #expect(filtered.count == 3 && filtered.allSatisfy { $0.hasPrefix("\(study)/\(firstSeries)/") })

        // Rendered PNG export.
        (status, body) = try server.json("POST", "\(base.replacingOccurrences(of: "/v1/", with: "/v1beta1/"))/datasets/ds/dicomStores/store:export",
                                         body: #"{"gcsDestination":{"uriPrefix":"gs://dicom-out/png","mimeType":"image/png"}}"#)
        #expect(status == 200)
        done = try server.waitForOperation(try #require(body["name"] as? String))
        let pngs = Self.files(under: out.appendingPathComponent("png"))
        #expect(pngs.count == 6 && pngs.allSatisfy { $0.hasSuffix(".png") })
        let png = try Data(contentsOf: out.appendingPathComponent("png").appendingPathComponent(pngs[0]))
        #expect(png.prefix(8) == Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))

        // Lists: filter, pages that chain, newest first.
        let (_, all) = try server.json("GET", "\(base)/datasets/ds/operations")
        #expect((all["operations"] as? [Any])?.count == 5)
        let (_, imports) = try server.json("GET", "\(base)/datasets/ds/operations?filter=metadata.apiMethodName%3D%22google.cloud.healthcare.v1.dicom.DicomService.ImportDicomData%22%20AND%20done%3Dtrue")
        #expect((imports["operations"] as? [Any])?.count == 2)
        let (_, page1) = try server.json("GET", "\(base)/datasets/ds/operations?pageSize=3")
        let token = try #require(page1["nextPageToken"] as? String)
        let (_, page2) = try server.json("GET", "\(base)/datasets/ds/operations?pageSize=3&pageToken=\(token)")
        #expect((page1["operations"] as? [Any])?.count == 3 && (page2["operations"] as? [Any])?.count == 2)
        #expect(page2["nextPageToken"] == nil)

        // QIDO: Modalities in Study, searched as a list.
        let (_, studies) = try server.json("GET", "\(store)/dicomWeb/studies?ModalitiesInStudy=MR%5CCT")
        #expect(studies["0.00080061.Value"] as? [String] == ["CT"])
        let (_, none) = try server.json("GET", "\(store)/dicomWeb/studies?ModalitiesInStudy=MR")
        #expect((none.value as? [Any])?.isEmpty == true)

        // QIDO: an empty value matches everything; a backslash list matches any of its UIDs.
        let (_, everything) = try server.json("GET", "\(store)/dicomWeb/instances?SeriesInstanceUID=")
        #expect((everything.value as? [Any])?.count == 6)
        let (_, two) = try server.json("GET", "\(store)/dicomWeb/series?SeriesInstanceUID=\(firstSeries)%5C1.2.3")
        #expect((two.value as? [Any])?.count == 1)
        let (framesStatus, _) = try server.curl("GET", "\(store)/dicomWeb/studies/\(study)/series/\(firstSeries)/instances/\(try #require(everything["0.00080018.Value.0"] as? String))/frames/1,1,1")
        #expect(framesStatus == 400)

        // Metadata to a table in the server's tables folder (tableUri relative to it).
        (status, body) = try server.json("POST", "\(store):export", body: #"{"bigqueryDestination":{"tableUri":"sqlite:meta.db?table=instances"}}"#)
        #expect(status == 200)
        done = try server.waitForOperation(try #require(body["name"] as? String))
        #expect(done["error"] == nil)
        #expect(FileManager.default.fileExists(atPath: server.data.appendingPathComponent("tables/meta.db").path))

        // Metrics.
        let (_, metrics) = try server.json("GET", "\(store):getDICOMStoreMetrics")
        #expect(metrics["instanceCount"] as? String == "6" && metrics["seriesCount"] as? String == "2")
    }

    @Test("cancel: a running import stops with CANCELLED and true counters")
    func cancel() throws {
        let server = try ServerProcess()
        defer { server.stop() }
        try server.start()
        var files: [String: Data] = [:]
        let sample = try Data(contentsOf: ServerProcess.samples.appendingPathComponent("phantom-s1-i1.dcm"))
        for index in 0..<3000 { files["many/\(index).dcm"] = sample }
        _ = try server.bucket("dicom-many", files: files)
        _ = try server.json("POST", "\(server.locationURL)/datasets?datasetId=ds", body: "{}")
        _ = try server.json("POST", "\(server.locationURL)/datasets/ds/dicomStores?dicomStoreId=s", body: "{}")
        let (_, started) = try server.json("POST", "\(server.locationURL)/datasets/ds/dicomStores/s:import",
                                           body: #"{"gcsSource":{"uri":"gs://dicom-many/many/*.dcm"}}"#)
        let name = try #require(started["name"] as? String)
        let (status, answer) = try server.curl("POST", "\(server.endpoint)/v1/\(name):cancel", body: "{}")
        #expect(status == 200 && answer.contains("{"))
        let done = try server.waitForOperation(name)
        // The cancel is the very next request, and 3,000 objects take seconds: the import must stop short.
        let success = Int(done["metadata.counter.success"] as? String ?? "0") ?? 0
        #expect(done["error.code"] as? Int == 1, "the operation ends CANCELLED: \(done)")
        #expect(success < 3000, "the work stopped before the end")
        #expect(done["metadata.cancelRequested"] as? Bool == true)
        // The counters are true: as many instances in the store as the operation says it imported.
        let (_, metrics) = try server.json("GET", "\(server.locationURL)/datasets/ds/dicomStores/s:getDICOMStoreMetrics")
        #expect(Int(metrics["instanceCount"] as? String ?? "0") ?? 0 == min(success, 1), "3,000 copies of one instance are one instance")
    }

    static func files(under folder: URL) -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: folder.path) else { return [] }
        return enumerator.compactMap { $0 as? String }.filter {
            var directory: ObjCBool = false
            return FileManager.default.fileExists(atPath: folder.appendingPathComponent($0).path, isDirectory: &directory) && !directory.boolValue
        }.sorted()
    }
}
