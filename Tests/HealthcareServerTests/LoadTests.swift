import AsyncHTTPClient
import DICOM
import Foundation
import NIOCore
import NIOHTTP1
import Testing

/// A bounded loopback load while an import runs: searches and retrievals all answer 200 with the right
/// bytes, and when the import is done every instance is there (nothing lost to the concurrency).
@Suite("Load while importing", .serialized)
struct LoadTests {
    /// `count` copies of a sample with fresh SOP Instance UIDs, as bucket files.
    static func distinctInstances(_ count: Int) throws -> [String: Data] {
        let sample = try DICOMFile(contentsOf: ServerProcess.samples.appendingPathComponent("phantom-s1-i1.dcm"))
        var files: [String: Data] = [:]
        for index in 0..<count {
            var dataSet = sample.dataSet
            dataSet.set(.text(.sopInstanceUID, .UI, "2.25.99\(index).\(UInt32.random(in: 1...UInt32.max))"))
            files["load/\(index).dcm"] = try DICOMFile(preamble: sample.preamble, dataSet: dataSet, transferSyntax: sample.transferSyntax).encoded()
        }
        return files
    }

    @Test("400 concurrent QIDO and WADO requests during an import of 600 instances: no error, nothing lost")
    func searchAndRetrieveDuringImport() async throws {
        let server = try ServerProcess()
        defer { server.stop() }
        try server.start()
        var files = try ServerProcess.sampleFiles()
        files.merge(try Self.distinctInstances(600)) { a, _ in a }
        _ = try server.bucket("load-bucket", files: files)
        let base = server.locationURL
        _ = try server.json("POST", "\(base)/datasets?datasetId=ds", body: "{}")
        _ = try server.json("POST", "\(base)/datasets/ds/dicomStores?dicomStoreId=s", body: "{}")
        let (_, first) = try server.json("POST", "\(base)/datasets/ds/dicomStores/s:import", body: #"{"gcsSource":{"uri":"gs://load-bucket/in/*.dcm"}}"#)
        _ = try server.waitForOperation(try #require(first["name"] as? String))
        let web = "\(base)/datasets/ds/dicomStores/s/dicomWeb"
        let (_, instances) = try server.json("GET", "\(web)/instances")
        let sop = try #require(instances["0.00080018.Value.0"] as? String)
        let study = try #require(instances["0.0020000D.Value.0"] as? String)
        let series = try #require(instances["0.0020000E.Value.0"] as? String)
        let expected = try Data(contentsOf: ServerProcess.samples.appendingPathComponent("phantom-s1-i1.dcm"))
        let (_, started) = try server.json("POST", "\(base)/datasets/ds/dicomStores/s:import", body: #"{"gcsSource":{"uri":"gs://load-bucket/load/*.dcm"}}"#)
        let importName = try #require(started["name"] as? String)

        // As many connections as requests in flight (the shared client keeps 8 per host and would queue).
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 100)
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        let urls = (0..<400).map { index in
            index % 2 == 0 ? "\(web)/studies" : "\(web)/studies/\(study)/series/\(series)/instances/\(sop)"
        }
        var outcome: Result<[String], any Error> = .success([])
        do { outcome = .success(try await withThrowingTaskGroup(of: String?.self) { group in
            var failures: [String] = []
            var next = 0
            func add(_ group: inout ThrowingTaskGroup<String?, any Error>) {
                let url = urls[next], wado = next % 2 == 1
                next += 1
                group.addTask {
                    var request = HTTPClientRequest(url: url)
                    request.headers.add(name: "Authorization", value: "Bearer \(ServerProcess.token)")
                    if wado { request.headers.add(name: "Accept", value: "application/dicom; transfer-syntax=*") }
                    let response = try await client.execute(request, timeout: .seconds(180))
                    let body = try await response.body.collect(upTo: 1 << 24)
                    guard response.status.code == 200 else { return "\(url): \(response.status.code)" }
                    if wado, Data(body.readableBytesView) != expected { return "\(url): other bytes" }
                    return nil
                }
            }
            for _ in 0..<100 { add(&group) }
            while let result = try await group.next() {
                if let result { failures.append(result) }
                if next < urls.count { add(&group) }
            }
            return failures
        }) } catch { outcome = .failure(error) }
        try await client.shutdown()
        let failures = try outcome.get()
        #expect(failures.isEmpty, "\(failures.prefix(5))")
        let done = try server.waitForOperation(importName)
        #expect(done["metadata.counter.success"] as? String == "600" && done["error"] == nil)
        let (_, metrics) = try server.json("GET", "\(base)/datasets/ds/dicomStores/s:getDICOMStoreMetrics")
        #expect(metrics["instanceCount"] as? String == "606")
        let (_, all) = try server.json("GET", "\(web)/instances")
        #expect((all.value as? [Any])?.count == 606)
    }
}
