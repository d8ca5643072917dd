import DICOM
@testable import DicomStore
import Foundation
import NIOCore
import Testing
@testable import HealthcareServer

/// The server's pure parts: request shapes, path segments, QIDO matching, media types, multipart,
/// operation filters.
@Suite("Request parsing")
struct RequestParsingTests {
    @Test("request shapes: unknown names and wrong types are refused with the field path; snake_case is taken")
    func shapes() throws {
        let good = try JSONValue.parse(#"{"gcs_source":{"uri":"gs://b/x"},"blobStorageSettings":{"blob_storage_class":"NEARLINE"}}"#)
        let normalized = try RequestShapes.importRequest.normalize(good)
        #expect(normalized["gcsSource"]?["uri"]?.stringValue == "gs://b/x")
        #expect(normalized["blobStorageSettings"]?["blobStorageClass"]?.stringValue == "NEARLINE")
        #expect(throws: (any Error).self) { try RequestShapes.importRequest.normalize(JSONValue.parse(#"{"gcsSource":{"uri":"a","x":1}}"#)) }
        do {
            _ = try RequestShapes.exportRequest.normalize(JSONValue.parse(#"{"gcsDestination":{"uriPrefix":true}}"#))
            Issue.record("a boolean uriPrefix was accepted")
        } catch {
            #expect("\(error)".contains("'gcs_destination.uri_prefix' (TYPE_STRING)"))
        }
        #expect(throws: (any Error).self) { try RequestShapes.dataset.normalize(JSONValue.parse(#"{"labels":{"a":1}}"#)) }
        #expect(throws: (any Error).self) { try RequestShapes.importRequest.normalize(JSONValue.parse(#"[1]"#)) }
        #expect(throws: (any Error).self) {
            try RequestShapes.importRequest.normalize(JSONValue.parse(#"{"gcsSource":{"uri":"a"},"gcs_source":{"uri":"b"}}"#))
        }
    }

    @Test("loopback names: localhost, ::1 and IPv4 literals in 127/8 only (not names that start with 127.)")
    func loopbackNames() {
        for host in ["localhost", "::1", "127.0.0.1", "127.1.2.254"] { #expect(HealthcareServer.isLoopback(host), "\(host)") }
        for host in ["127.0.0.1.rebind.example", "127.evil.example", "127.0.0.256", "127.0.0", "128.0.0.1", "0.0.0.0",
                     "localhost.example", "127.0.0.1.", "127.0.0.01x", ""] {
            #expect(!HealthcareServer.isLoopback(host), "\(host)")
        }
    }

    @Test("path segments are decoded one by one; dot segments, NUL and bad escapes are refused")
    func segments() throws {
        #expect(try APIRequest.segments(of: "/v1/projects/p/locations/l/datasets/d%2Fx") == ["v1", "projects", "p", "locations", "l", "datasets", "d/x"])
        #expect(throws: (any Error).self) { try APIRequest.segments(of: "/v1/projects/%2e%2e/x") }
        #expect(throws: (any Error).self) { try APIRequest.segments(of: "/v1/projects/../x") }
        #expect(throws: (any Error).self) { try APIRequest.segments(of: "/v1/a%00b") }
        #expect(throws: (any Error).self) { try APIRequest.segments(of: "/v1/a%zz") }
        #expect(try APIRequest.segments(of: "//v1//études/é%2F1/") == ["v1", "études", "é/1"], "split on bytes: non-ASCII stays whole")
        #expect(APIRequest.parameters("a=1&b=x%20y+z&flag").map { "\($0.0)=\($0.1)" } == ["a=1", "b=x y z", "flag="])
    }

    @Test("QIDO matching: UID lists, wildcards, case-insensitive names, date ranges, numbers")
    func qidoMatching() {
        #expect(QIDOQuery.match("1.2.3", "1.2.4,1.2.3", vr: "UI"))
        #expect(!QIDOQuery.match("1.2.3", "1.2.33", vr: "UI"))
        #expect(QIDOQuery.match("Phantom^Sample", "phan*", vr: "PN"))
        #expect(!QIDOQuery.match("Phantom^Sample", "phan", vr: "PN"))
        #expect(QIDOQuery.match("SAMPLE-001", "SAMPLE-00?", vr: "LO"))
        #expect(!QIDOQuery.match("SAMPLE-001", "sample-001", vr: "LO"))
        #expect(QIDOQuery.match("20260101", "20250101-20261231", vr: "DA"))
        #expect(QIDOQuery.match("20260101", "20260101-", vr: "DA"))
        #expect(!QIDOQuery.match("20260101", "-20251231", vr: "DA"))
        #expect(QIDOQuery.match(" 7", "7", vr: "IS"))
        #expect(QIDOQuery.match("MR", "CT\\MR", vr: "UI") && !QIDOQuery.match("PT", "CT\\MR", vr: "UI"))
        #expect(QIDOQuery.wildcard("abc", "*") && QIDOQuery.wildcard("", "*") && !QIDOQuery.wildcard("abc", "a?"))
        #expect(QIDOQuery.wildcard("a*b*c", "a**c"))
    }

    @Test("study answers carry Modalities in Study, and read back")
    func modalitiesInStudy() throws {
        let study = StudySummary(studyInstanceUID: "1.2", patientID: "P", patientName: "Doe^J", studyDate: "20260101",
                                 studyDescription: nil, seriesCount: 2, instanceCount: 3, totalBytes: 0, modalities: ["CT", "SR"])
        let json = QIDOShapes.study(study)
        #expect(json["00080061"]?["Value"] == .array([.string("CT"), .string("SR")]))
        #expect(try QIDOShapes.parseStudy(json) == study)
    }

    @Test("media types and retrieve choices follow Accept")
    func mediaTypes() throws {
        let ranges = MediaType.accepted(#"multipart/related; type="application/dicom"; transfer-syntax=*, application/json"#)
        #expect(ranges.count == 2 && ranges[0].type == "multipart/related" && ranges[0].parameters["type"] == "application/dicom")
        #expect(ranges[0].parameters["transfer-syntax"] == "*")
        let stored = try RetrieveChoice(accept: #"multipart/related; type="application/dicom"; transfer-syntax=*"#, single: false)
        #expect(stored.multipart && stored.transferSyntax == nil)
        let plain = try RetrieveChoice(accept: nil, single: true)
        #expect(plain.multipart && plain.transferSyntax == "1.2.840.10008.1.2.1")
        let single = try RetrieveChoice(accept: "application/dicom; transfer-syntax=1.2.840.10008.1.2.4.90", single: true)
        #expect(!single.multipart && single.transferSyntax == "1.2.840.10008.1.2.4.90")
        #expect(throws: (any Error).self) { try RetrieveChoice(accept: "application/dicom", single: false) }
        #expect(throws: (any Error).self) { try RetrieveChoice(accept: "image/png", single: true) }
        // Remembered parses answer like fresh ones, also after the memory of headers fills and is dropped.
        for round in 0..<2 {
            for index in 0..<100 {
                let header = "application/dicom; transfer-syntax=1.2.840.10008.1.2.\(index)"
                let again = MediaType.accepted(header)
                #expect(again.count == 1 && again[0].parameters["transfer-syntax"] == "1.2.840.10008.1.2.\(index)", "round \(round)")
            }
        }
        #expect(MediaType.accepted(#"multipart/related; type="application/dicom"; transfer-syntax=*, application/json"#) == ranges)
    }

    @Test("the retrieve cache reads a blob once, keeps small ones within its budget, and never large ones")
    func retrieveCache() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("blob-cache-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        func blob(_ name: String, size: Int, byte: UInt8) throws -> String {
            let path = folder.appendingPathComponent(name).path
            try Data(repeating: byte, count: size).write(to: URL(fileURLWithPath: path))
            return path
        }
        let cache = BlobCache(budget: 4 * 100_000)
        var reads = 0
        let a = try blob("a", size: 100_000, byte: 1)
        #expect(try cache.bytes(key: "a") { reads += 1; return a }.readableBytes == 100_000)
        try Data(repeating: 9, count: 10).write(to: URL(fileURLWithPath: a))  // a key never changes bytes: not read again
        #expect(try cache.bytes(key: "a") { reads += 1; return a }.getBytes(at: 0, length: 1) == [1])
        #expect(reads == 1)
        // Filling past the budget drops the oldest generation; what is held stays within the budget.
        for index in 0..<10 {
            let path = try blob("b\(index)", size: 100_000, byte: UInt8(index))
            _ = try cache.bytes(key: "b\(index)") { path }
            #expect(cache.heldBytes <= cache.budget)
        }
        #expect(try cache.bytes(key: "a") { reads += 1; return a }.readableBytes == 10, "evicted: read again")
        let large = try blob("large", size: BlobCache.largestCached + 1, byte: 7)
        let before = cache.heldBytes
        _ = try cache.bytes(key: "large") { large }
        #expect(cache.heldBytes == before, "large blobs are not kept")
        let none = BlobCache(budget: 0)
        _ = try none.bytes(key: "a") { a }
        #expect(none.heldBytes == 0)
        #expect(throws: ServiceError.self) { try cache.bytes(key: "gone") { folder.appendingPathComponent("missing").path } }
    }

    @Test("multipart bodies split into parts with their headers; unterminated parts are refused")
    func multipart() throws {
        let body = Data("preamble\r\n--XYZ\r\nContent-Type: application/dicom\r\n\r\nONE\r\n--XYZ\r\nContent-Type: application/dicom\r\n\r\nTWO\r\n\r\n--XYZ--\r\n".utf8)
        let parts = try Multipart.parts(of: body, boundary: "XYZ")
        #expect(parts.count == 2)
        #expect(parts[0].headers["content-type"] == "application/dicom")
        #expect(parts.map { String(decoding: $0.content, as: UTF8.self) } == ["ONE", "TWO\r\n"])
        #expect(throws: (any Error).self) { try Multipart.parts(of: Data("--XYZ\r\nA: b\r\n\r\nnever closed".utf8), boundary: "XYZ") }
        #expect(throws: (any Error).self) { try Multipart.parts(of: Data("no delimiter".utf8), boundary: "XYZ") }
    }

    @Test("operation filters: done and apiMethodName, joined by AND; anything else is refused")
    func operationFilters() throws {
        let filter = try OperationFilter(#"done=true AND metadata.apiMethodName="google.cloud.healthcare.v1.dicom.DicomService.ExportDicomData""#)
        #expect(filter.done == true && filter.kind == .exportDicomData)
        #expect(try OperationFilter("").done == nil)
        #expect(throws: (any Error).self) { try OperationFilter("done=maybe") }
        #expect(throws: (any Error).self) { try OperationFilter("createTime>2020") }
    }

    @Test("tokens compare in constant time and exactly")
    func tokens() {
        #expect(APIResponder.constantTimeEqual(Array("abc".utf8), Array("abc".utf8)))
        #expect(!APIResponder.constantTimeEqual(Array("abc".utf8), Array("abd".utf8)))
        #expect(!APIResponder.constantTimeEqual(Array("abc".utf8), Array("abcd".utf8)))
    }
}
