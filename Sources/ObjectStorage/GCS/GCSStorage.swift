import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// Cloud Storage through its JSON API v1 (or an emulator such as fake-gcs-server), as an `ObjectStorage`.
///
/// Objects are streamed both ways: reads yield the body as it arrives, writes below
/// `Configuration.simpleUploadLimit` go in one request and larger ones through a resumable upload in
/// chunks of `Configuration.chunkSize`, resumed after a failed chunk. Idempotent calls are retried on 429,
/// 5xx and connection errors (`GCSRetryPolicy`).
///
/// The storage owns an `HTTPClient` unless one is passed in: **call `shutdown()` when done** (an owned
/// client that is not shut down leaks its connections and traps in debug builds). A client passed in,
/// such as `HTTPClient.shared`, is left running. The storage owns its client by default, rather than
/// using `HTTPClient.shared`, because resumable uploads need redirects off (Cloud Storage answers
/// 308 Resume Incomplete), an idle-read timeout for stalled downloads, and more connections per host
/// than the shared client's for concurrent transfers.
public final class GCSStorage: ObjectStorage {
    /// Tunables; the defaults suit Cloud Storage.
    public struct Configuration: Sendable {
        /// Retries of idempotent calls.
        public var retry: GCSRetryPolicy
        /// Objects up to this many bytes are written in one request; larger ones resumably.
        public var simpleUploadLimit: Int
        /// The size of a resumable upload's chunks, rounded down to a multiple of 256 KiB (at least 256 KiB).
        public var chunkSize: Int
        /// How long a metadata call may wait for its answer.
        public var requestTimeout: Duration
        /// How long an upload request (one chunk, or a simple upload) may take.
        public var transferTimeout: Duration
        /// How long a download may go without receiving a byte (for clients the storage creates).
        public var idleReadTimeout: Duration
        /// Concurrent connections per host (for clients the storage creates).
        public var connectionsPerHost: Int

        /// Creates a configuration.
        public init(retry: GCSRetryPolicy = .default, simpleUploadLimit: Int = 8 << 20, chunkSize: Int = 8 << 20,
                    requestTimeout: Duration = .seconds(60), transferTimeout: Duration = .seconds(600),
                    idleReadTimeout: Duration = .seconds(120), connectionsPerHost: Int = 16) {
            self.retry = retry
            self.simpleUploadLimit = max(0, simpleUploadLimit)
            self.chunkSize = max(1, chunkSize / Self.chunkQuantum) * Self.chunkQuantum
            self.requestTimeout = requestTimeout
            self.transferTimeout = transferTimeout
            self.idleReadTimeout = idleReadTimeout
            self.connectionsPerHost = max(1, connectionsPerHost)
        }

        /// Resumable chunks other than the last must be multiples of 256 KiB.
        public static let chunkQuantum = 256 << 10
    }

    /// Google's endpoint.
    public static let defaultEndpoint = URL(string: "https://storage.googleapis.com")!

    /// The endpoint requests go to.
    public let endpoint: URL
    /// The project buckets are listed in and created in.
    public let project: String?
    /// The credentials.
    public let credentials: GCSCredentials
    /// The tunables.
    public let configuration: Configuration
    /// The HTTP layer.
    let http: GCSHTTP
    /// Whether `shutdown()` shuts the client down.
    private let ownsClient: Bool

    /// Creates a storage.
    /// - Parameters:
    ///   - endpoint: the JSON API's root; nil for `https://storage.googleapis.com`.
    ///   - credentials: how to authenticate (`.none` for an emulator).
    ///   - project: the project for listing and creating buckets (not needed by an emulator).
    ///   - configuration: retries, upload sizes, timeouts.
    ///   - httpClient: a client to use (not shut down by `shutdown()`); nil to create one.
    ///   - environment: where gcloud is looked for (`PATH`).
    public init(endpoint: URL? = nil, credentials: GCSCredentials, project: String? = nil,
                configuration: Configuration = Configuration(), httpClient: HTTPClient? = nil,
                environment: [String: String] = ProcessInfo.processInfo.environment) {
        let endpoint = endpoint ?? Self.defaultEndpoint
        self.endpoint = endpoint
        self.project = project
        self.credentials = credentials
        self.configuration = configuration
        let client: HTTPClient
        if let httpClient {
            client = httpClient
            ownsClient = false
        } else {
            var clientConfiguration = HTTPClient.Configuration(
                redirectConfiguration: .disallow,
                timeout: .init(connect: .seconds(10), read: configuration.idleReadTimeout.gcsTimeAmount),
                connectionPool: .init(idleTimeout: .seconds(60),
                                      concurrentHTTP1ConnectionsPerHostSoftLimit: configuration.connectionsPerHost))
            clientConfiguration.decompression = .disabled
            // Fail a request whose connection cannot be made, rather than retrying until its deadline:
            // the retry policy does the backing off, within its bounds.
            clientConfiguration.connectionPool.retryConnectionEstablishment = false
            client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: clientConfiguration)
            ownsClient = true
        }
        var base = endpoint.absoluteString
        while base.hasSuffix("/") { base.removeLast() }
        let retrier = GCSRetrier(policy: configuration.retry, endpoint: base)
        let authenticator = GCSAuthenticator(credentials: credentials, http: client, retrier: retrier,
                                             environment: environment, timeout: configuration.requestTimeout)
        http = GCSHTTP(client: client, authenticator: authenticator, retrier: retrier, base: base,
                       account: credentials.accountDescription, timeout: configuration.requestTimeout)
    }

    /// A storage configured from the environment: `STORAGE_EMULATOR_HOST` (`http://127.0.0.1:9023` or
    /// `127.0.0.1:9023`) selects that emulator without authentication; otherwise Google's endpoint with
    /// `GCSCredentials.automatic(environment:)`. The project is `project`, else `GOOGLE_CLOUD_PROJECT`,
    /// `CLOUDSDK_CORE_PROJECT` or the service-account key's `project_id`.
    /// - Returns: nil when Cloud Storage is not configured at all (no emulator, no credentials, no gcloud):
    ///   callers then say so, with `GCSCredentials.setupHint` for what to set. (To get a storage that fails
    ///   each call with that explanation instead, use `init` with `.automatic(environment:)`.)
    /// - Throws: `invalidArgument` when `STORAGE_EMULATOR_HOST` is not a host:port or URL.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment,
                                       project: String? = nil,
                                       configuration: Configuration = Configuration()) throws -> GCSStorage? {
        if let host = environment["STORAGE_EMULATOR_HOST"]?.trimmingCharacters(in: .whitespaces), !host.isEmpty {
            return GCSStorage(endpoint: try emulatorEndpoint(host), credentials: .none,
                              project: project ?? environment["GOOGLE_CLOUD_PROJECT"], configuration: configuration,
                              environment: environment)
        }
        let credentials = GCSCredentials.automatic(environment: environment)
        if case .missing = credentials { return nil }
        var project = project ?? environment["GOOGLE_CLOUD_PROJECT"] ?? environment["CLOUDSDK_CORE_PROJECT"]
        if project == nil, case .serviceAccountKey(let path) = credentials {
            project = (try? GCSServiceAccountKey(contentsOf: path))?.projectID
        }
        return GCSStorage(credentials: credentials, project: project, configuration: configuration,
                          environment: environment)
    }

    /// The endpoint URL of an emulator host (`host:port`, or a URL with a scheme).
    static func emulatorEndpoint(_ host: String) throws -> URL {
        let text = host.contains("://") ? host : "http://\(host)"
        guard let url = URL(string: text), let scheme = url.scheme, ["http", "https"].contains(scheme),
              url.host != nil else {
            throw StorageError(.invalidArgument, """
                STORAGE_EMULATOR_HOST=\(host) is not a host:port or http(s) URL (e.g. 127.0.0.1:9023)
                """)
        }
        return url
    }

    /// Shuts down the HTTP client if the storage created it. Call it once when done with the storage;
    /// no call may be made afterwards.
    public func shutdown() async throws {
        if ownsClient { try await http.client.shutdown() }
    }

    /// Whether this talks to an emulator without authentication.
    var isUnauthenticated: Bool { credentials == .none }

    /// `https://…/storage/v1/b/BUCKET`.
    func bucketURL(_ bucket: String) -> String { "\(http.base)/storage/v1/b/\(GCSPath.encode(bucket))" }

    /// `https://…/storage/v1/b/BUCKET/o/OBJECT`, the object name fully percent-encoded (`/` too).
    func objectURL(_ bucket: String, _ object: String) -> String {
        "\(bucketURL(bucket))/o/\(GCSPath.encode(object))"
    }

    private func bucketInfo(_ resource: GCSBucketResource) -> BucketInfo {
        BucketInfo(name: resource.name, backend: "gcs", location: http.base,
                   created: resource.timeCreated.flatMap(GCSTime.parse))
    }

    /// The project for bucket listing and creation; an emulator does not need one.
    private func requireProject(_ project: String?, for action: String) throws -> String? {
        if let project = project ?? self.project { return project }
        if isUnauthenticated { return nil }
        throw StorageError(.invalidArgument, """
            \(action) in Cloud Storage needs a project: set GOOGLE_CLOUD_PROJECT or pass one
            """)
    }

    /// The default project's buckets; see `listBuckets(project:)`.
    public func listBuckets() async throws -> [BucketInfo] { try await listBuckets(project: nil) }

    /// A project's buckets (every page of `GET /storage/v1/b?project=P`; nil: the storage's project); an
    /// emulator needs no project.
    public func listBuckets(project: String?) async throws -> [BucketInfo] {
        let project = try requireProject(project, for: "listing buckets")
        var buckets: [BucketInfo] = []
        var token: String?
        repeat {
            let url = "\(http.base)/storage/v1/b" + GCSPath.query([
                ("project", project), ("maxResults", "1000"), ("pageToken", token)])
            let page = try await http.json(GCSBucketList.self, .GET, url, resource: .service)
            buckets += (page.items ?? []).map(bucketInfo)
            token = page.nextPageToken.flatMap { $0.isEmpty ? nil : $0 }
        } while token != nil
        return buckets
    }

    /// `GET /storage/v1/b/BUCKET`; `notFound` ("no such bucket gs://B") when absent.
    public func bucket(_ name: String) async throws -> BucketInfo {
        bucketInfo(try await http.json(GCSBucketResource.self, .GET, bucketURL(name), resource: .bucket(name)))
    }

    /// Creates a bucket in `project` (default: the storage's project); `alreadyExists` if it exists.
    @discardableResult
    public func createBucket(name: String, project: String? = nil) async throws -> BucketInfo {
        let project = try requireProject(project, for: "creating a bucket")
        let body = try JSONSerialization.data(withJSONObject: ["name": name])
        let url = "\(http.base)/storage/v1/b" + GCSPath.query([("project", project)])
        return bucketInfo(try await http.json(
            GCSBucketResource.self, .POST, url, headers: [("Content-Type", "application/json")],
            body: { ByteBuffer(bytes: body) }, resource: .bucket(name), idempotent: false))
    }
}
