import DICOM
@testable import DicomStore
import Foundation
import HealthcareClient
import ObjectStorage
import Testing

/// The requests `RemoteService` sends (paths, queries, bodies, headers) and how it reads the answers,
/// against a loopback server that records them.
@Suite(.timeLimit(.minutes(2))) struct RequestTests {
    static let location = try! LocationName(project: "p", location: "l")
    static let dataset = try! DatasetName(location, id: "d")
    static let store = try! StoreName(dataset, id: "s")
    static let prefix = "/v1/projects/p/locations/l/datasets"

    /// Runs `body` with a service pointed at a recording server answering `routes`.
    func withService(_ routes: [[String: Any]], extra: [String: Any] = [:], credentials: GCSCredentials = .accessToken("tok"),
                     google: Bool = false, environment: ((RecordingServer) -> [String: String])? = nil,
                     _ body: (RemoteService, RecordingServer) async throws -> Void) async throws {
        let server = try await RecordingServer(extra.merging(["routes": routes]) { $1 })
        defer { server.stop() }
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("remote-\(UUID())")
        defer { try? FileManager.default.removeItem(at: data) }
        var configuration = RemoteService.Configuration(endpoint: server.endpoint, credentials: credentials, project: "p")
        configuration.isGoogle = google
        configuration.pollInterval = .milliseconds(50)
        if let environment { configuration.environment = environment(server) }
        let service = RemoteService(configuration, localStorage: try LocalStorage(dataDirectory: data))
        do { try await body(service, server) } catch {
            try? await service.shutdown()
            throw error
        }
        try await service.shutdown()
    }

    static func operationJSON(_ id: String, done: Bool = false, kind: String = "ImportDicomData", success: Int = 0,
                              target: Bool = true) -> [String: Any] {
        var metadata: [String: Any] = ["apiMethodName": "google.cloud.healthcare.v1.dicom.DicomService.\(kind)",
                                       "createTime": "2024-05-01T10:00:0\(id.suffix(1)).000000Z", "counter": ["success": String(success)]]
        if target { metadata["target"] = store.description }
        return ["name": "\(dataset)/operations/\(id)", "metadata": metadata, "done": done]
    }

    @Test("datasets: create sends datasetId and labels, list follows every page, errors keep code and message")
    func datasets() async throws {
        let routes: [[String: Any]] = [
            ["method": "POST", "path": Self.prefix, "json": ["name": "\(Self.dataset)", "labels": ["team": "x"]]],
            ["path": Self.prefix, "times": 1, "json": ["datasets": [["name": "\(Self.location)/datasets/z"]], "nextPageToken": "next page"]],
            ["path": Self.prefix, "json": ["datasets": [["name": "\(Self.location)/datasets/a"]]]],
            ["path": "\(Self.prefix)/missing", "status": 404, "json": ["error": ["code": 404, "message": "Dataset missing not found", "status": "NOT_FOUND"]]],
        ]
        try await withService(routes) { service, server async throws in
            let created = try await service.createDataset(Self.dataset, labels: ["team": "x"])
            #expect(created.name == Self.dataset && created.labels == ["team": "x"])
            let listed = try await service.datasets(in: Self.location)
            #expect(listed.map(\.name.id) == ["a", "z"])
            await #expect(throws: ServiceError(.notFound, "Dataset missing not found")) {
                try await service.dataset(DatasetName(Self.location, id: "missing"))
            }
            let requests = try await server.requests()
            #expect(requests.map { "\($0.method) \($0.path)?\($0.query)" } == [
                "POST \(Self.prefix)?datasetId=d",
                "GET \(Self.prefix)?pageSize=100",
                "GET \(Self.prefix)?pageSize=100&pageToken=next%20page",
                "GET \(Self.prefix)/missing?",
            ])
            #expect(try JSONValue.parse(requests[0].body) == .object([("labels", .object([("team", .string("x"))]))]))
            #expect(requests.allSatisfy { $0.authorization == "Bearer tok" })
        }
    }

    @Test("stores: counts come from getDICOMStoreMetrics; delete of a dataset with stores needs force")
    func stores() async throws {
        let storePath = "\(Self.prefix)/d/dicomStores"
        let routes: [[String: Any]] = [
            ["path": storePath, "json": ["dicomStores": [["name": "\(Self.dataset)/dicomStores/s"], ["name": "\(Self.dataset)/dicomStores/b"]]]],
            ["path": "\(storePath)/s:getDICOMStoreMetrics", "json": ["name": "x", "studyCount": "1", "seriesCount": "2", "instanceCount": "3",
                                                                      "blobStorageSizeBytes": "4000"]],
            ["path": "\(storePath)/b:getDICOMStoreMetrics", "json": ["name": "y"]],
            ["path": "\(storePath)/s", "json": ["name": "\(Self.store)"]],
            ["method": "DELETE", "path": "\(Self.prefix)/d", "json": [:]],
        ]
        try await withService(routes) { service, server async throws in
            let stores = try await service.stores(in: Self.dataset)
            #expect(stores.map(\.name.id) == ["b", "s"])
            #expect(stores.map(\.instanceCount) == [0, 3])
            let store = try await service.store(Self.store)
            #expect((store.studyCount, store.seriesCount, store.instanceCount, store.totalBytes) == (1, 2, 3, 4000))
            await #expect(throws: ServiceError.self) { try await service.deleteDataset(Self.dataset, force: false) }
            #expect(try await server.requests().filter { $0.method == "DELETE" }.isEmpty, "nothing deleted without force")
            try await service.deleteDataset(Self.dataset, force: true)
            #expect(try await server.requests().last?.method == "DELETE")
        }
    }

    @Test("import, export and metadata export send the API's request bodies and return the operation")
    func startOperations() async throws {
        let storePath = "\(Self.prefix)/d/dicomStores/s"
        let routes: [[String: Any]] = [
            ["method": "POST", "path": "\(storePath):import", "json": Self.operationJSON("1", target: false)],
            ["method": "POST", "path": "\(storePath):export", "json": Self.operationJSON("2", kind: "ExportDicomData", target: false)],
        ]
        try await withService(routes) { service, server async throws in
            let imported = try await service.importDicom(into: Self.store, gcsURI: "gs://b/dir/**.dcm", storageClass: .nearline)
            #expect(imported.store == Self.store && imported.kind == .importDicomData && imported.name.id == "1")
            _ = try await service.importDicom(into: Self.store, gcsURI: "gs://b/x.dcm", storageClass: nil)
            let exported = try await service.exportDicom(from: Self.store, uriPrefix: "gs://out/p", mimeType: "image/png",
                                                         filter: .bucket("gs://b/filter.txt"))
            #expect(exported.kind == .exportDicomData && exported.store == Self.store)
            let table = try MetadataTable(uri: "sqlite:///tmp/m.db?table=T", disposition: .writeTruncate)
            _ = try await service.exportMetadata(from: Self.store, to: table)
            await #expect(throws: ServiceError.self) {
                try await service.exportDicom(from: Self.store, uriPrefix: "gs://out", mimeType: nil, filter: .text("/a", name: "local.txt"))
            }
            // The store of an operation started here is remembered when the server does not name it.
            #expect(try await server.requests().count == 4)
            let bodies = try await server.requests().map { try JSONValue.parse($0.body) }
            #expect(bodies == [
                try JSONValue.parse(#"{"gcsSource":{"uri":"gs://b/dir/**.dcm"},"blobStorageSettings":{"blobStorageClass":"NEARLINE"}}"#),
                try JSONValue.parse(#"{"gcsSource":{"uri":"gs://b/x.dcm"}}"#),
                try JSONValue.parse(#"{"gcsDestination":{"uriPrefix":"gs://out/p","mimeType":"image/png"},"filterConfig":{"resourcePathsGcsUri":"gs://b/filter.txt"}}"#),
                try JSONValue.parse(#"{"bigqueryDestination":{"tableUri":"sqlite:///tmp/m.db?table=T","writeDisposition":"WRITE_TRUNCATE"}}"#),
            ])
        }
    }

    @Test("operations: list filters done on the server and kind here, cancel posts then reads, progress polls to done")
    func operations() async throws {
        let opPath = "\(Self.prefix)/d/operations"
        let routes: [[String: Any]] = [
            ["path": opPath, "json": ["operations": [Self.operationJSON("1", done: true), Self.operationJSON("2", done: true, kind: "ExportDicomData")]]],
            ["method": "POST", "path": "\(opPath)/3:cancel", "json": [:]],
            ["path": "\(opPath)/3", "times": 3, "json": Self.operationJSON("3", success: 1)],
            ["path": "\(opPath)/3", "json": Self.operationJSON("3", done: true, success: 9)],
        ]
        try await withService(routes) { service, server async throws in
            let imports = try await service.operations(in: Self.dataset, done: true, kind: .importDicomData)
            #expect(imports.map(\.name.id) == ["1"])
            let all = try await service.operations(in: Self.dataset, done: nil, kind: nil)
            #expect(all.map(\.name.id) == ["2", "1"], "newest first")
            let name = OperationName(Self.dataset, id: "3")
            #expect(try await service.cancel(name).done == false)
            var snapshots: [DicomOperation] = []
            for try await snapshot in service.progress(of: name) { snapshots.append(snapshot) }
            #expect(snapshots.count == 3 && snapshots.last?.done == true && snapshots.last?.counter.success == 9)
            let requests = try await server.requests()
            #expect(requests[0].query == "filter=done%3Dtrue&pageSize=100")
            #expect(requests[1].query == "pageSize=100")
            #expect(requests[2].method == "POST" && requests[2].path == "\(opPath)/3:cancel" && requests[2].body == "{}")
        }
    }

    @Test("logs: this product's :logs method; Google's API answers unimplemented naming the logsUrl")
    func logs() async throws {
        let opPath = "\(Self.prefix)/d/operations/5"
        let entry: [String: Any] = ["timestamp": "2024-05-01T10:00:00Z", "severity": "ERROR",
                                    "jsonPayload": ["resource": "gs://b/junk.txt", "error": ["code": 3, "message": "not DICOM", "status": "INVALID_ARGUMENT"]]]
        var operation = Self.operationJSON("5", done: true)
        operation["metadata"] = ["logsUrl": "https://console.cloud.google.com/logs/query/x"]
        let routes: [[String: Any]] = [["path": "\(opPath):logs", "json": ["entries": [entry]]], ["path": opPath, "json": operation]]
        let name = OperationName(Self.dataset, id: "5")
        try await withService(routes) { service, _ async throws in
            #expect(try await service.logs(of: name) == [OperationLogEntry(time: Date(timeIntervalSince1970: 1_714_557_600),
                                                                            resource: "gs://b/junk.txt", code: .invalidArgument, message: "not DICOM")])
        }
        try await withService(routes, google: true) { service, _ async throws in
            await #expect(throws: ServiceError(.unimplemented, "Google's API keeps an operation's per-object log in Cloud Logging: open https://console.cloud.google.com/logs/query/x")) {
                try await service.logs(of: name)
            }
        }
    }

    @Test("GETs are retried on 503; a POST is not")
    func retries() async throws {
        let routes: [[String: Any]] = [
            ["path": "\(Self.prefix)/d", "times": 2, "status": 503, "text": "busy"],
            ["path": "\(Self.prefix)/d", "json": ["name": "\(Self.dataset)"]],
            ["method": "POST", "path": Self.prefix, "status": 503, "json": ["error": ["code": 503, "message": "try later", "status": "UNAVAILABLE"]]],
        ]
        try await withService(routes) { service, server async throws in
            #expect(try await service.dataset(Self.dataset).name == Self.dataset)
            await #expect(throws: ServiceError(.unavailable, "try later")) { try await service.createDataset(Self.dataset, labels: [:]) }
            #expect(try await server.requests().map(\.method) == ["GET", "GET", "GET", "POST"])
        }
    }

    @Test("a refused token is refreshed once from the metadata server (Metadata-Flavor: Google)")
    func tokenRefresh() async throws {
        let routes: [[String: Any]] = [["path": "\(Self.prefix)/d", "json": ["name": "\(Self.dataset)"]]]
        try await withService(routes, extra: ["tokens": ["t1", "t2"], "valid_tokens": ["t2"]], credentials: .metadataServer,
                              environment: { ["GCE_METADATA_HOST": "127.0.0.1:\($0.port)"] }) { service, server async throws in
            #expect(try await service.dataset(Self.dataset).name == Self.dataset)
            #expect(try await server.requests().map(\.authorization) == ["Bearer t1", "Bearer t2"])
        }
        try await withService(routes, extra: ["valid_tokens": ["good"]], credentials: .accessToken("bad")) { service, _ async throws in
            let error = await #expect(throws: ServiceError.self) { try await service.dataset(Self.dataset) }
            #expect(error?.code == .unauthenticated && error?.message.contains("--access-token") == true)
        }
    }

    @Test("instances: QIDO searches with includefield, WADO retrieve of the stored bytes (single part or multipart)")
    func instances() async throws {
        let web = "\(Self.prefix)/d/dicomStores/s/dicomWeb"
        let instance = QIDOShapes.instance(Instance(studyInstanceUID: "1.2", seriesInstanceUID: "1.2.3", sopInstanceUID: "1.2.3.4", sopClassUID: "1.9",
                                                    modality: nil, patientID: nil, patientName: nil, studyDate: nil, studyDescription: nil,
                                                    seriesNumber: nil, instanceNumber: 1, transferSyntaxUID: "1.2.840.10008.1.2.1",
                                                    numberOfFrames: 1, size: 0, storageClass: .standard, contentHash: "",
                                                    createTime: Date(timeIntervalSince1970: 0), updateTime: Date(timeIntervalSince1970: 0)))
        let instanceJSON = try JSONSerialization.jsonObject(with: Data("[\(instance.serialized())]".utf8))
        let bytes = Data((0..<300).map { UInt8($0 % 251) })
        var multipart = Data("--B1\r\nContent-Type: application/dicom\r\n\r\n".utf8)
        multipart.append(bytes)
        multipart.append(Data("\r\n--B1--\r\n".utf8))
        let routes: [[String: Any]] = [
            ["path": "\(web)/studies", "status": 204, "text": ""],
            ["path": "\(web)/instances", "json": instanceJSON, "content_type": "application/dicom+json"],
            ["path": "\(web)/studies/1.2/series/1.2.3/instances/1.2.3.4", "times": 1, "base64": bytes.base64EncodedString()],
            ["path": "\(web)/studies/1.2/series/1.2.3/instances/1.2.3.4", "base64": multipart.base64EncodedString(),
             "content_type": "multipart/related; type=\"application/dicom\"; boundary=B1"],
        ]
        try await withService(routes) { service, server async throws in
            #expect(try await service.studies(in: Self.store).isEmpty, "204 No Content is no study")
            #expect(try await service.instanceBytes(in: Self.store, sopInstanceUID: "1.2.3.4") == bytes)
            #expect(try await service.instanceBytes(in: Self.store, sopInstanceUID: "1.2.3.4") == bytes)
            await #expect(throws: ServiceError.self) { try await service.series(in: Self.store, study: "../x") }
            let requests = try await server.requests()
            #expect(requests[0].query == "includefield=all&limit=1000&offset=0" && requests[0].accept == "application/dicom+json")
            #expect(requests[1].query == "SOPInstanceUID=1.2.3.4&includefield=all&limit=1000&offset=0")
            #expect(requests[2].accept == "application/dicom; transfer-syntax=*")
        }
    }

    @Test("credentials: an explicit token wins; Google's sources only for googleapis.com; else none")
    func credentials() {
        let local = URL(string: "http://127.0.0.1:9")!, google = URL(string: "https://healthcare.googleapis.com")!
        #expect(RemoteCredentials.resolve(endpoint: local, accessToken: "a", environment: [:]) == .accessToken("a"))
        #expect(RemoteCredentials.resolve(endpoint: local, accessToken: nil, environment: ["DICOM_CONSOLE_ACCESS_TOKEN": "b"]) == .accessToken("b"))
        #expect(RemoteCredentials.resolve(endpoint: local, accessToken: nil, environment: ["GOOGLE_OAUTH_ACCESS_TOKEN": "g"]) == .none)
        #expect(RemoteCredentials.resolve(endpoint: google, accessToken: nil, environment: ["GOOGLE_OAUTH_ACCESS_TOKEN": "g"]) == .accessToken("g"))
        #expect(RemoteCredentials.resolve(endpoint: google, accessToken: nil, environment: ["PATH": "/nonexistent"]) == .metadataServer)
        #expect(RemoteCredentials.resolve(endpoint: google, accessToken: nil,
                                          environment: ["PATH": "/nonexistent", "STORAGE_EMULATOR_HOST": "x:1"]) == .metadataServer)
    }
}
