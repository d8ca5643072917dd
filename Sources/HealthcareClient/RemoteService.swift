import AsyncHTTPClient
import DICOM
import DicomStore
import Foundation
import NIOHTTP1
import ObjectStorage
import Synchronization

/// `DicomService` over the Cloud Healthcare v1 REST API: Google's own
/// (`https://healthcare.googleapis.com`) or this product's server (`dicom-console serve`).
///
/// Buckets are reached through the Cloud Storage JSON API: the server's own (it serves its buckets at
/// `ENDPOINT/storage/v1`) or, for Google, Cloud Storage's. **Call `shutdown()` when done.**
public final class RemoteService: DicomService {
    /// Where and how to connect.
    public struct Configuration: Sendable {
        /// The API's root, e.g. `http://127.0.0.1:8080` or `https://healthcare.googleapis.com`.
        public var endpoint: URL
        /// The bearer-token credentials (`.none` for a server open on loopback).
        public var credentials: GCSCredentials
        /// The project buckets are listed in.
        public var project: String?
        /// The Cloud Storage JSON API's root: nil for the endpoint itself, or Cloud Storage for Google's API.
        public var storageEndpoint: URL?
        /// How often `progress(of:)` asks for the operation.
        public var pollInterval: Duration = .milliseconds(200)
        /// How long one call may take.
        public var timeout: Duration = .seconds(120)
        /// The environment (for gcloud's `PATH` and `GCE_METADATA_HOST`).
        public var environment: [String: String] = ProcessInfo.processInfo.environment

        /// True for Google's API (by default when the host is `*.googleapis.com`): it has no operation-log
        /// method, and its buckets are Cloud Storage's.
        public var isGoogle: Bool

        /// Creates a configuration.
        public init(endpoint: URL, credentials: GCSCredentials, project: String? = nil) {
            self.endpoint = endpoint
            self.credentials = credentials
            self.project = project
            isGoogle = GoogleHost.isGoogle(endpoint)
        }
    }

    /// The configuration.
    public let configuration: Configuration
    /// Local buckets of this machine (from `localStorage`), then the remote's; new buckets go to the remote.
    public let storage: StorageRouter
    let transport: RESTTransport
    private let bucketStorage: GCSStorage
    /// Stores of operations started here, for answers that do not name it (Google's).
    private let startedStores = Mutex<[OperationName: StoreName]>([:])

    /// Connects (lazily: nothing is sent before the first call).
    /// - Parameter localStorage: this machine's local buckets, served first by `storage`.
    public init(_ configuration: Configuration, localStorage: LocalStorage) {
        self.configuration = configuration
        var root = configuration.endpoint.absoluteString
        while root.hasSuffix("/") { root.removeLast() }
        if root.hasSuffix("/v1") { root.removeLast(3) }
        let client = HTTPClient.shared
        transport = RESTTransport(client: client,
                                  tokens: GoogleTokenSource(credentials: configuration.credentials, httpClient: client,
                                                            environment: configuration.environment),
                                  root: root, timeout: configuration.timeout)
        let storageEndpoint = configuration.storageEndpoint
            ?? (configuration.isGoogle ? GCSStorage.defaultEndpoint : URL(string: root) ?? configuration.endpoint)
        bucketStorage = GCSStorage(endpoint: storageEndpoint, credentials: configuration.credentials,
                                   project: configuration.project, environment: configuration.environment)
        storage = StorageRouter(local: localStorage, remote: bucketStorage, placement: .remote,
                                serverEndpoint: configuration.isGoogle || configuration.storageEndpoint != nil ? nil : root)
    }

    /// Closes the storage's connections; no call may be made afterwards.
    public func shutdown() async throws {
        try await bucketStorage.shutdown()
    }

    public func serviceAgent(of project: String) -> String {
        ServiceAgent.member(projectNumber: ServiceAgent.localProjectNumber(for: project))
    }

    // MARK: Datasets

    public func createDataset(_ name: DatasetName, labels: [String: String]) async throws -> Dataset {
        let url = transport.url("\(name.parent)/datasets", [("datasetId", name.id)])
        let answer = try await transport.json(.POST, url, body: Self.labelsBody(labels))
        // Google answers with an operation that is done at once; this product's server with the dataset.
        if answer["name"]?.stringValue == name.description { return try RESTShapes.parseDataset(answer) }
        return try await dataset(name)
    }

    public func dataset(_ name: DatasetName) async throws -> Dataset {
        try RESTShapes.parseDataset(try await transport.json(.GET, transport.url(name.description)))
    }

    public func datasets(in location: LocationName) async throws -> [Dataset] {
        try await pages("\(location)/datasets", key: "datasets").map(RESTShapes.parseDataset).sorted { $0.name.id < $1.name.id }
    }

    public func deleteDataset(_ name: DatasetName, force: Bool) async throws {
        if !force {
            let stores = try await stores(in: name, withCounts: false)
            if !stores.isEmpty {
                throw ServiceError(.failedPrecondition, "dataset \(name) still has DICOM stores (\(stores.map(\.name.id).joined(separator: ", "))): delete them first, or delete the dataset with --force")
            }
        }
        _ = try await transport.send(.DELETE, transport.url(name.description))
    }

    // MARK: DICOM stores

    public func createStore(_ name: StoreName, labels: [String: String]) async throws -> DicomStore {
        let url = transport.url("\(name.dataset)/dicomStores", [("dicomStoreId", name.id)])
        return try RESTShapes.parseStore(try await transport.json(.POST, url, body: Self.labelsBody(labels)))
    }

    public func store(_ name: StoreName) async throws -> DicomStore {
        async let resource = transport.json(.GET, transport.url(name.description))
        async let metrics = transport.json(.GET, transport.url("\(name):getDICOMStoreMetrics"))
        return try RESTShapes.parseStore(try await resource, metrics: try await metrics)
    }

    public func stores(in dataset: DatasetName) async throws -> [DicomStore] {
        try await stores(in: dataset, withCounts: true)
    }

    /// The stores, with their metrics asked for concurrently when `withCounts`.
    private func stores(in dataset: DatasetName, withCounts: Bool) async throws -> [DicomStore] {
        let resources = try await pages("\(dataset)/dicomStores", key: "dicomStores")
        guard withCounts else { return try resources.map { try RESTShapes.parseStore($0) } }
        return try await withThrowingTaskGroup(of: DicomStore.self) { group in
            for resource in resources {
                group.addTask {
                    let name = try RESTShapes.parseStore(resource).name
                    let metrics = try await self.transport.json(.GET, self.transport.url("\(name):getDICOMStoreMetrics"))
                    return try RESTShapes.parseStore(resource, metrics: metrics)
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }.sorted { $0.name.id < $1.name.id }
        }
    }

    public func deleteStore(_ name: StoreName) async throws {
        _ = try await transport.send(.DELETE, transport.url(name.description))
    }

    // MARK: Helpers

    /// Every page of a list method (`pageSize`, `pageToken` → `nextPageToken`), the members under `key`.
    func pages(_ path: String, key: String, query: [(String, String?)] = []) async throws -> [JSONValue] {
        var items: [JSONValue] = []
        var token: String?
        repeat {
            let page = try await transport.json(.GET, transport.url(path, query + [("pageSize", "100"), ("pageToken", token)]))
            items += page[key]?.arrayValue ?? []
            token = page["nextPageToken"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
        } while token != nil
        return items
    }

    /// `{}`, or `{"labels": {…}}` when there are labels.
    static func labelsBody(_ labels: [String: String]) -> JSONValue {
        labels.isEmpty ? .object([]) : .object([("labels", .object(labels.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) }))])
    }

    /// Remembers the store of an operation started here.
    func remember(_ operation: DicomOperation, store: StoreName) {
        startedStores.withLock { $0[operation.name] = store }
    }

    /// Parses an operation, with the store remembered for it when the answer does not name one.
    func parseOperation(_ json: JSONValue) throws -> DicomOperation {
        let name = try? OperationName(parsing: json["name"]?.stringValue ?? "")
        return try RESTShapes.parseOperation(json, store: name.flatMap { name in startedStores.withLock { $0[name] } })
    }
}
