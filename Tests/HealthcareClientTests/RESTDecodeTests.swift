import DICOM
@testable import DicomStore
import Foundation
import ObjectStorage
import Testing

/// `RESTShapes` and `QIDOShapes` both ways: what the server writes, the client reads back equal.
@Suite struct RESTDecodeTests {
    static let dataset = try! DatasetName(LocationName(project: "p-1", location: "us-central1"), id: "d.1")
    static let store = try! StoreName(dataset, id: "s_1")

    /// Operations in the states front ends show; times with microseconds (the shape's precision).
    static var operations: [DicomOperation] {
        let created = Date(timeIntervalSince1970: 1_714_557_600.123457)
        var running = DicomOperation(name: OperationName(dataset, id: "12345678901234567890"), kind: .importDicomData, store: store,
                                     requestJSON: "", createTime: created, endTime: nil,
                                     counter: .init(success: 7, failure: 0, pending: 3_000_000_000),
                                     cancelRequested: false, done: false, error: nil)
        var failed = running
        failed.name = OperationName(dataset, id: "2")
        failed.kind = .exportDicomData
        failed.endTime = Date(timeIntervalSince1970: 1_714_557_700.999999)
        failed.done = true
        failed.counter = .init(success: 2, failure: 2, pending: 0)
        failed.error = .init(code: .invalidArgument, message: "2 objects could not be exported",
                             sampleErrors: [.init(resource: "gs://b/a.dcm", code: .invalidArgument, message: "not DICOM: \"quoted\""),
                                            .init(resource: "gs://b/é.dcm", code: .notFound, message: "gone")])
        var cancelled = failed
        cancelled.name = OperationName(dataset, id: "3")
        cancelled.cancelRequested = true
        cancelled.error = .init(code: .cancelled, message: "cancelled", sampleErrors: [])
        var succeeded = running
        succeeded.name = OperationName(dataset, id: "4")
        succeeded.done = true
        succeeded.endTime = created.addingTimeInterval(1)
        succeeded.counter = .init()
        running.counter.pending = 3_000_000_000
        return [running, failed, cancelled, succeeded]
    }

    @Test("operations: RESTShapes → text → parse gives the same operation", arguments: 0..<4)
    func operationRoundTrip(index: Int) throws {
        let operation = Self.operations[index]
        let text = RESTShapes.operation(operation).serialized(pretty: index % 2 == 0)
        let parsed = try RESTShapes.parseOperation(try JSONValue.parse(text))
        #expect(parsed == operation)
    }

    @Test("an operation without a target takes the store given, else the dataset's wildcard store")
    func operationStoreFallback() throws {
        var json = RESTShapes.operation(Self.operations[0])
        guard case .object(var members) = json, case .object(let metadata)? = json["metadata"] else { Issue.record("shape"); return }
        members = members.map { $0.0 == "metadata" ? ("metadata", .object(metadata.filter { $0.0 != "target" })) : $0 }
        json = .object(members)
        #expect(try RESTShapes.parseOperation(json, store: Self.store).store == Self.store)
        #expect(try RESTShapes.parseOperation(json).store == StoreName(Self.dataset, id: "-"))
    }

    @Test("Google's operation JSON (int64 strings, nanoseconds, error details) parses")
    func googleOperation() throws {
        let text = """
            {"name":"projects/p/locations/l/datasets/d/operations/99","metadata":{
             "@type":"type.googleapis.com/google.cloud.healthcare.v1.OperationMetadata",
             "apiMethodName":"google.cloud.healthcare.v1.dicom.DicomService.ExportDicomData",
             "createTime":"2024-05-01T10:00:00.123456789Z","endTime":"2024-05-01T12:00:01+02:00",
             "logsUrl":"https://console.cloud.google.com/logs","counter":{"success":"5","failure":"1"}},
             "done":true,"error":{"code":13,"message":"internal","details":[{"sampleErrors":[
             {"resource":"x","error":{"code":4,"message":"slow"}}]}]}}
            """
        let operation = try RESTShapes.parseOperation(try JSONValue.parse(text))
        #expect(operation.kind == .exportDicomData)
        #expect(operation.counter == .init(success: 5, failure: 1, pending: 0))
        #expect(abs(operation.createTime.timeIntervalSince1970 - 1_714_557_600.123457) < 1e-5)
        #expect(operation.endTime == Date(timeIntervalSince1970: 1_714_557_601))
        #expect(operation.error?.code == .internal)
        #expect(operation.error?.sampleErrors == [.init(resource: "x", code: .unavailable, message: "slow")])
    }

    @Test("datasets and stores (with metrics) round trip")
    func datasetAndStore() throws {
        let dataset = Dataset(name: Self.dataset, labels: ["team": "radiology", "a": "b"], createTime: Date(timeIntervalSince1970: 0))
        #expect(try RESTShapes.parseDataset(try JSONValue.parse(RESTShapes.dataset(dataset).serialized())) == dataset)
        let store = DicomStore(name: Self.store, labels: ["k": "v"], createTime: Date(timeIntervalSince1970: 0),
                               studyCount: 2, seriesCount: 5, instanceCount: 123, totalBytes: 9_000_000_000)
        let parsed = try RESTShapes.parseStore(try JSONValue.parse(RESTShapes.store(store).serialized()),
                                               metrics: try JSONValue.parse(RESTShapes.metrics(store).serialized()))
        #expect(parsed == store)
        var empty = store
        (empty.studyCount, empty.seriesCount, empty.instanceCount, empty.totalBytes) = (0, 0, 0, 0)
        #expect(RESTShapes.metrics(empty) == .object([("name", .string(Self.store.description))]), "zeros are left out")
    }

    @Test("log entries round trip")
    func logEntries() throws {
        let entry = OperationLogEntry(time: Date(timeIntervalSince1970: 1_714_557_600.5), resource: "gs://b/junk.txt",
                                      code: .invalidArgument, message: "not a DICOM file")
        #expect(RESTShapes.parseLogEntry(try JSONValue.parse(RESTShapes.logEntry(entry).serialized())) == entry)
    }

    @Test("QIDO attributes round trip for studies, series and instances")
    func qido() throws {
        let study = StudySummary(studyInstanceUID: "1.2.3", patientID: "P1", patientName: "Doe^Jane", studyDate: "20240501",
                                 studyDescription: "CT", seriesCount: 2, instanceCount: 10, totalBytes: 0)
        #expect(try QIDOShapes.parseStudy(try JSONValue.parse(QIDOShapes.study(study).serialized())) == study)
        let series = SeriesSummary(studyInstanceUID: "1.2.3", seriesInstanceUID: "1.2.3.4", modality: "CT", seriesNumber: 3,
                                   instanceCount: 4, totalBytes: 0)
        #expect(try QIDOShapes.parseSeries(try JSONValue.parse(QIDOShapes.series(series).serialized()), study: "9") == series)
        let epoch = Date(timeIntervalSince1970: 0)
        let instance = Instance(studyInstanceUID: "1.2.3", seriesInstanceUID: "1.2.3.4", sopInstanceUID: "1.2.3.4.5",
                                sopClassUID: "1.2.840.10008.5.1.4.1.1.2", modality: "CT", patientID: nil, patientName: nil,
                                studyDate: nil, studyDescription: nil, seriesNumber: nil, instanceNumber: 7,
                                transferSyntaxUID: "1.2.840.10008.1.2.1", numberOfFrames: 3, size: 0, storageClass: .standard,
                                contentHash: "", createTime: epoch, updateTime: epoch)
        #expect(try QIDOShapes.parseInstance(try JSONValue.parse(QIDOShapes.instance(instance).serialized())) == instance)
        #expect(throws: ServiceError.self) { try QIDOShapes.parseStudy(.object([])) }
    }

    @Test("google.rpc.Status answers map to the same code and message", arguments: [
        (404, #"{"error":{"code":404,"message":"dataset not found","status":"NOT_FOUND"}}"#, CanonicalCode.notFound, "dataset not found"),
        (409, #"{"error":{"code":409,"message":"exists","status":"ALREADY_EXISTS"}}"#, .alreadyExists, "exists"),
        (400, #"{"error":{"code":400,"message":"bad","status":"FAILED_PRECONDITION"}}"#, .failedPrecondition, "bad"),
        (501, #"{"error":{"code":501,"message":"no","status":"UNIMPLEMENTED"}}"#, .unimplemented, "no"),
        (504, #"{"error":{"code":504,"message":"late","status":"DEADLINE_EXCEEDED"}}"#, .unavailable, "late"),
        (403, #"{"error":{"code":403,"message":"denied"}}"#, .permissionDenied, "denied"),
        (503, "<html>Service Unavailable</html>", .unavailable, "HTTP 503: <html>Service Unavailable</html>"),
    ])
    func errors(status: Int, body: String, code: CanonicalCode, message: String) {
        #expect(RESTShapes.parseError(httpStatus: status, body: body) == ServiceError(code, message))
    }

    @Test("times: microseconds written, rounding carried into the second, offsets read")
    func times() throws {
        #expect(RESTShapes.time(Date(timeIntervalSince1970: 0.9999996)) == "1970-01-01T00:00:01.000000Z")
        #expect(RESTShapes.parseTime("2024-05-01T10:00:00Z") == Date(timeIntervalSince1970: 1_714_557_600))
        #expect(RESTShapes.parseTime("2024-05-01T12:00:00.5+02:00") == Date(timeIntervalSince1970: 1_714_557_600.5))
        #expect(RESTShapes.parseTime("yesterday") == nil)
    }

    @Test("a metadata table's URI parses back to the same table")
    func tableURI() throws {
        let table = try MetadataTable(uri: "sqlite:///tmp/x/meta.db?table=T1", disposition: .writeAppend)
        #expect(table.uri == "sqlite:///tmp/x/meta.db?table=T1")
        #expect(try MetadataTable(uri: table.uri, disposition: .writeAppend) == table)
    }
}
