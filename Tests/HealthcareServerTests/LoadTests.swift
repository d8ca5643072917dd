import AsyncHTTPClient
import DICOM
import Foundation
import NIOCore
import NIOHTTP1
import Testing
@testable import HealthcareServer

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

    /// Requests sent at once, each on its own connection.
    static let concurrentRequests = 1_000

    @Test("1,000 concurrent QIDO and WADO requests during an import of 1,500 instances: no error, nothing lost")
    func searchAndRetrieveDuringImport() async throws {
        let server = try ServerProcess()
        defer { server.stop() }
        try server.start()
        var files = try ServerProcess.sampleFiles()
        files.merge(try Self.distinctInstances(1_500)) { a, _ in a }
        _ = try server.bucket("load-bucket", files: files)
        let base = server.locationURL
        _ = try server.json("POST", "\(base)/datasets?datasetId=ds", body: "{}")
        _ = try server.json("POST", "\(base)/datasets/ds/dicomStores?dicomStoreId=s", body: "{}")
        let (_, first) = try server.json("POST", "\(base)/datasets/ds/dicomStores/s:import", body: #"{"gcsSource":{"uri":"gs://load-bucket/in/*.dcm"}}"#)
        _ = try server.waitForOperation(try #require(first["name"] as? String))
        let web = "\(base)/datasets/ds/dicomStores/s/dicomWeb"
        // The six sample instances: each retrieval must give back that instance's own bytes.
        var served: [(path: String, bytes: Data)] = []
        for name in try FileManager.default.contentsOfDirectory(atPath: ServerProcess.samples.path).sorted() where name.hasSuffix(".dcm") {
            let bytes = try Data(contentsOf: ServerProcess.samples.appendingPathComponent(name))
            let dataSet = try DICOMFile(data: bytes).dataSet
            let uids = try [Tag.studyInstanceUID, .seriesInstanceUID, .sopInstanceUID].map { try #require(dataSet.string($0)) }
            served.append(("\(web)/studies/\(uids[0])/series/\(uids[1])/instances/\(uids[2])", bytes))
        }
        let (_, started) = try server.json("POST", "\(base)/datasets/ds/dicomStores/s:import", body: #"{"gcsSource":{"uri":"gs://load-bucket/load/*.dcm"}}"#)
        let importName = try #require(started["name"] as? String)
        let (_, running) = try server.json("GET", "\(server.endpoint)/v1/\(importName)")
        #expect(running["done"] as? Bool != true, "the import ended before the load began: the load would not overlap it")

        // As many connections as requests: all of them are in flight at once (each a descriptor here too).
        HealthcareServer.raiseOpenFileLimit()
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: Self.concurrentRequests)
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        let requests: [(url: String, expected: Data?)] = (0..<Self.concurrentRequests).map { index in
            switch index % 4 {
            case 0: ("\(web)/studies", nil)
            case 1: ("\(web)/instances?SOPInstanceUID=\(served[index % served.count].path.split(separator: "/").last!)", nil)
            default: (served[index % served.count].path, served[index % served.count].bytes)
            }
        }
        var outcome: Result<[String], any Error> = .success([])
        do { outcome = .success(try await withThrowingTaskGroup(of: String?.self) { group in
            for (url, expected) in requests {
                group.addTask {
                    var request = HTTPClientRequest(url: url)
                    request.headers.add(name: "Authorization", value: "Bearer \(ServerProcess.token)")
                    if expected != nil { request.headers.add(name: "Accept", value: "application/dicom; transfer-syntax=*") }
                    let response = try await client.execute(request, timeout: .seconds(300))
                    let body = Data(try await response.body.collect(upTo: 1 << 24).readableBytesView)
                    guard response.status.code == 200 else { return "\(url): \(response.status.code)" }
                    if let expected { return body == expected ? nil : "\(url): other bytes" }
                    guard let answer = try? JSONSerialization.jsonObject(with: body) as? [Any], !answer.isEmpty else {
                        return "\(url): not a non-empty JSON array"
                    }
                    return nil
                }
            }
            var failures: [String] = []
            while let result = try await group.next() { if let result { failures.append(result) } }
            return failures
        }) } catch { outcome = .failure(error) }
        try await client.shutdown()
        let failures = try outcome.get()
        #expect(failures.isEmpty, "\(failures.count) failed: \(failures.prefix(5))")
        let done = try server.waitForOperation(importName)
        #expect(done["metadata.counter.success"] as? String == "1500" && done["error"] == nil)
        let (_, metrics) = try server.json("GET", "\(base)/datasets/ds/dicomStores/s:getDICOMStoreMetrics")
        #expect(metrics["instanceCount"] as? String == "1506")
        let (_, all) = try server.json("GET", "\(web)/instances?limit=5000")
        #expect((all.value as? [Any])?.count == 1506)
    }
}
