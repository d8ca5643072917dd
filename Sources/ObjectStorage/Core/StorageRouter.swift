/// The storage the product uses: buckets registered locally are served from their folders; any other
/// bucket goes to Cloud Storage when it is configured (an endpoint from `STORAGE_EMULATOR_HOST` or
/// the configuration, or Google with credentials).
public struct StorageRouter: ObjectStorage {
    /// Where buckets created through the router go.
    public enum Placement: Sendable, Equatable {
        /// Into this machine's data directory: the embedded service reads them there.
        case local
        /// To the remote: the service is a server (`--endpoint`) that cannot see this machine's folders.
        case remote
    }

    /// The embedded local buckets.
    public let local: LocalStorage
    /// Cloud Storage (or its emulator, or a `serve`'s storage API), when configured.
    public let remote: (any ObjectStorage)?
    /// Where `createBucket(_:)` puts new buckets.
    public let placement: Placement
    /// The `--endpoint` of this product's server when `remote` is its storage API (grant commands name
    /// it); nil when `remote` is Cloud Storage.
    public let serverEndpoint: String?

    /// Creates a router.
    /// - Parameter placement: `.remote` when the service using it runs elsewhere (needs `remote`).
    /// - Parameter serverEndpoint: the server's `--endpoint` when `remote` is a `serve`'s storage API.
    public init(local: LocalStorage, remote: (any ObjectStorage)?, placement: Placement = .local, serverEndpoint: String? = nil) {
        self.local = local
        self.remote = remote
        self.placement = remote == nil ? .local : placement
        self.serverEndpoint = remote == nil ? nil : serverEndpoint
    }

    /// The backend that serves a bucket.
    public func backend(for bucket: String) throws -> any ObjectStorage {
        if local.hasBucket(bucket) { return local }
        if let remote { return remote }
        throw StorageError(.notFound, "no such bucket gs://\(bucket): it is not a local bucket and Cloud Storage is not configured. Create a local one with `dicom-console storage buckets create gs://\(bucket) [--path DIR]`, or set STORAGE_EMULATOR_HOST (or credentials) to use Cloud Storage")
    }

    /// Local buckets, then Cloud Storage's when it answers (see `listBucketsReportingRemote(project:)` for
    /// why it did not).
    public func listBuckets() async throws -> [BucketInfo] {
        try await listBuckets(project: nil)
    }

    /// Local buckets, then those of Cloud Storage's `project` when it answers.
    public func listBuckets(project: String?) async throws -> [BucketInfo] {
        let (buckets, _) = try await listBucketsReportingRemote(project: project)
        return buckets
    }

    /// Local buckets and those of Cloud Storage's `project` (nil: its default), with the reason Cloud
    /// Storage could not be listed (no project, no network, no credentials) instead of failing the whole
    /// listing.
    public func listBucketsReportingRemote(project: String? = nil) async throws -> ([BucketInfo], (any Error)?) {
        var buckets = try await local.listBuckets()
        guard let remote else { return (buckets, nil) }
        do {
            buckets += try await remote.listBuckets(project: project)
            return (buckets, nil)
        } catch {
            return (buckets, error)
        }
    }

    public func bucket(_ name: String) async throws -> BucketInfo { try await backend(for: name).bucket(name) }

    public func list(bucket: String, prefix: String, delimiter: String?, pageToken: String?,
                     pageSize: Int) async throws -> ObjectPage {
        try await backend(for: bucket).list(bucket: bucket, prefix: prefix, delimiter: delimiter,
                                            pageToken: pageToken, pageSize: pageSize)
    }

    public func metadata(bucket: String, object: String) async throws -> ObjectInfo {
        try await backend(for: bucket).metadata(bucket: bucket, object: object)
    }

    public func read(bucket: String, object: String) async throws -> AsyncThrowingStream<Data, any Error> {
        try await backend(for: bucket).read(bucket: bucket, object: object)
    }

    public func write(bucket: String, object: String, contentType: String?,
                      from chunks: AsyncThrowingStream<Data, any Error>) async throws -> ObjectInfo {
        try await backend(for: bucket).write(bucket: bucket, object: object, contentType: contentType, from: chunks)
    }

    public func delete(bucket: String, object: String) async throws {
        try await backend(for: bucket).delete(bucket: bucket, object: object)
    }

    public func iamPolicy(bucket: String) async throws -> IAMPolicy? {
        try await backend(for: bucket).iamPolicy(bucket: bucket)
    }

    /// Creates a bucket where the service reads it: a folder in the data directory (embedded), or on the
    /// remote (`placement == .remote`). Registering an existing folder stays `local.createBucket(_:folder:)`.
    @discardableResult
    public func createBucket(_ name: String) async throws -> BucketInfo {
        if placement == .remote, let remote { return try await remote.createBucket(name) }
        return try local.createBucket(name)
    }

    /// Grants `role` to `member` on the bucket, through the backend that serves it.
    @discardableResult
    public func addIAMBinding(bucket: String, member: String, role: String) async throws -> IAMPolicy {
        try await backend(for: bucket).addIAMBinding(bucket: bucket, member: member, role: role)
    }

    /// Whether `addIAMBinding` is the way to grant roles on this bucket: a local bucket, or any bucket of
    /// a remote that is the service's own storage. (Roles on Cloud Storage buckets beside an embedded
    /// service are left to gcloud and the user's own account.)
    public func canGrant(on bucket: String) -> Bool {
        local.hasBucket(bucket) || placement == .remote
    }

    /// The command tool to suggest for granting roles on a bucket.
    public func grantTool(for bucket: String) -> BucketAccess.GrantTool {
        if local.hasBucket(bucket) { return .dicomConsole }
        return serverEndpoint.map { .dicomConsoleServer(endpoint: $0) } ?? .gcloud
    }
}

import Foundation
