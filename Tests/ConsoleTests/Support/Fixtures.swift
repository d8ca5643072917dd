import Foundation
import ObjectStorage
import Testing
@testable import Console
@testable import DicomStore

/// Fixed model values (fixed times, UTC) for reducer and snapshot tests.
enum Fixtures {
    static let location = try! LocationName(project: "demo-project", location: "local")
    static let dataset = try! DatasetName(location, id: "hospital")
    static let store = try! StoreName(dataset, id: "ct-archive")
    static let t0 = Date(timeIntervalSince1970: 1_790_000_000)  // 2026-09-21 14:13:20 UTC

    static let environment = ConsoleEnvironment(dataDirectory: "/data/dicom-console", mode: "local",
                                                samplesFolder: "/opt/samples", timeZone: TimeZone(identifier: "UTC")!)

    static var datasets: [Dataset] {
        [Dataset(name: dataset, labels: ["team": "radiology"], createTime: t0),
         Dataset(name: try! DatasetName(location, id: "research"), labels: [:], createTime: t0.addingTimeInterval(3600))]
    }

    static var stores: [DicomStore] {
        [DicomStore(name: store, labels: [:], createTime: t0, studyCount: 2, seriesCount: 3, instanceCount: 1_234, totalBytes: 41_500_000),
         DicomStore(name: try! StoreName(dataset, id: "mr-incoming"), labels: [:], createTime: t0.addingTimeInterval(60),
                    studyCount: 0, seriesCount: 0, instanceCount: 0, totalBytes: 0)]
    }

    static var studies: [StudySummary] {
        [StudySummary(studyInstanceUID: "1.2.3.4", patientID: "P-001", patientName: "Doe^Jane", studyDate: "20260101",
                      studyDescription: "CT chest", seriesCount: 2, instanceCount: 1_000, totalBytes: 33_000_000),
         StudySummary(studyInstanceUID: "1.2.3.5", patientID: "P-002", patientName: "山田^太郎", studyDate: "20260102",
                      studyDescription: "CT head", seriesCount: 1, instanceCount: 234, totalBytes: 8_500_000)]
    }

    /// An operation with counters; `done` with `failed` > 0 gets an error.
    static func operation(id: String, kind: DicomOperation.Kind = .importDicomData, success: Int64, failure: Int64 = 0,
                          pending: Int64 = 0, done: Bool, start: TimeInterval = 0, seconds: TimeInterval = 12) -> DicomOperation {
        let error = done && failure > 0
            ? DicomOperation.Failure(code: .invalidArgument, message: "\(failure) of \(success + failure) objects could not be imported",
                                     sampleErrors: [.init(resource: "gs://src/junk.dcm", code: .invalidArgument, message: "not DICOM")])
            : nil
        return DicomOperation(name: OperationName(dataset, id: id), kind: kind, store: store, requestJSON: "{}",
                              createTime: t0.addingTimeInterval(start), endTime: done ? t0.addingTimeInterval(start + seconds) : nil,
                              counter: .init(success: success, failure: failure, pending: pending), cancelRequested: false,
                              done: done, error: error)
    }

    static var operations: [DicomOperation] {
        [operation(id: "1790000300000000003", success: 1_234, pending: 3_766, done: false, start: 300),
         operation(id: "1790000200000000002", success: 6, failure: 2, done: true, start: 200, seconds: 0.8),
         operation(id: "1790000100000000001", kind: .exportDicomData, success: 6, done: true, start: 100, seconds: 1.25)]
    }

    /// A state at the datasets page with the fixed datasets loaded.
    static func state(width: Int = 80, height: Int = 24, readOnly: Bool = false) -> ConsoleState {
        var environment = environment
        environment.readOnly = readOnly
        var state = ConsoleState(environment: environment, location: location, width: width, height: height)
        state.now = t0.addingTimeInterval(330)
        _ = state.apply(.datasets(location, .success(datasets)))
        return state
    }

    /// A state on the store page (tab given), with stores, studies and operations loaded.
    static func storeState(tab: StoreTab, width: Int = 80, height: Int = 24) -> ConsoleState {
        var state = state(width: width, height: height)
        _ = state.openStore(store, tab: tab)
        _ = state.apply(.stores(dataset, .success(stores)))
        _ = state.apply(.studies(store, .success(studies)))
        _ = state.apply(.operations(dataset, .success(operations)))
        _ = state.apply(.buckets(.success([BucketInfo(name: "scans", backend: "local", location: "/srv/scans"),
                                           BucketInfo(name: "exports", backend: "local", location: "/srv/exports")]),
                                 remoteProblem: nil, project: nil))
        state.inFlight = 0
        return state
    }
}
