import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The embedded backend: `gs://BUCKET/...` served from folders on this machine. A bucket is a folder
/// created under the data directory or an existing folder registered in place (nothing is copied).
/// Writes are atomic (temporary file, fsync, rename); no object name or link can reach outside a bucket.
public final class LocalStorage: ObjectStorage {
    /// The data directory (`buckets.json` and managed bucket folders live here).
    public let dataDirectory: URL
    private let registry: Mutex<LocalBucketRegistry>
    /// `buckets.json` (built once: `appendingPathComponent` asks the file system whether it is a folder).
    private let registryURL: URL

    /// Opens the local buckets of a data directory (created on first write).
    public init(dataDirectory: URL) throws {
        self.dataDirectory = dataDirectory
        registryURL = dataDirectory.appendingPathComponent("buckets.json", isDirectory: false)
        registry = Mutex(try LocalBucketRegistry.load(from: registryURL))
        loadedStamp = Mutex(Self.stamp(of: registryURL))
    }

    /// The registry file's modification time and size when last read: other processes (the CLI beside the
    /// console) change it, so it is read again whenever they differ.
    private let loadedStamp: Mutex<[Int]>

    static func stamp(of url: URL) -> [Int] {
        var info = stat()
        guard stat(url.path, &info) == 0 else { return [] }
        return [Int(info.st_mtim.tv_sec), Int(info.st_mtim.tv_nsec), Int(info.st_size), Int(info.st_ino)]
    }

    /// The current registry, read again if another process changed the file.
    private func current() -> LocalBucketRegistry {
        let stamp = Self.stamp(of: registryURL)
        if loadedStamp.withLock({ $0 }) != stamp, let fresh = try? LocalBucketRegistry.load(from: registryURL) {
            registry.withLock { $0 = fresh }
            loadedStamp.withLock { $0 = stamp }
        }
        return registry.withLock { $0 }
    }

    /// Read-modify-write of the registry under an exclusive lock on `buckets.json.lock`, starting from the
    /// file as it is now, so changes made by other processes are never lost.
    func update<T>(_ change: (inout LocalBucketRegistry) throws -> T) throws -> T {
        try FileManager.default.createDirectory(at: dataDirectory, withIntermediateDirectories: true)
        let fd = Glibc.open(registryURL.path + ".lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0, flock(fd, LOCK_EX) == 0 else {
            if fd >= 0 { close(fd) }
            throw StorageError(.internal, "cannot lock \(registryURL.path).lock")
        }
        defer { close(fd) }
        var fresh = try LocalBucketRegistry.load(from: registryURL)
        let result = try change(&fresh)
        try fresh.save(to: registryURL)
        registry.withLock { $0 = fresh }
        loadedStamp.withLock { $0 = Self.stamp(of: registryURL) }
        return result
    }

    // MARK: Buckets

    /// Creates a bucket: a new folder under the data directory, or, with `folder`, an existing folder
    /// registered as it is.
    @discardableResult
    public func createBucket(_ name: String, folder: URL? = nil) throws -> BucketInfo {
        try StorageURI.validateBucketName(name)
        let path: String
        if let folder {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue,
                  let real = LocalPaths.realPath(folder.path) else {
                throw StorageError(.invalidArgument, "\(folder.path) is not an existing folder")
            }
            path = real
        } else {
            let managed = dataDirectory.appendingPathComponent("buckets").appendingPathComponent(name)
            do { try FileManager.default.createDirectory(at: managed, withIntermediateDirectories: true) } catch {
                throw StorageError(.internal, "cannot create \(managed.path): \(error.localizedDescription)")
            }
            path = LocalPaths.realPath(managed.path) ?? managed.path
        }
        let entry = LocalBucketRegistry.Entry(path: path, managed: folder == nil, created: Date(), policy: IAMPolicy())
        try update { registry in
            guard registry.buckets[name] == nil else {
                throw StorageError(.alreadyExists, "bucket gs://\(name) already exists (folder \(registry.buckets[name]!.path))")
            }
            registry.buckets[name] = entry
        }
        return BucketInfo(name: name, backend: "local", location: path, created: entry.created)
    }

    /// Creates a bucket as a new folder under the data directory (`createBucket(_:folder:)` without a folder).
    @discardableResult
    public func createBucket(_ name: String) throws -> BucketInfo { try createBucket(name, folder: nil) }

    /// True when this storage has a bucket of that name.
    public func hasBucket(_ name: String) -> Bool { current().buckets[name] != nil }

    public func listBuckets() async throws -> [BucketInfo] {
        current().buckets.sorted { $0.key < $1.key }.map {
            BucketInfo(name: $0.key, backend: "local", location: $0.value.path, created: $0.value.created)
        }
    }

    public func bucket(_ name: String) async throws -> BucketInfo {
        let entry = try self.entry(name)
        return BucketInfo(name: name, backend: "local", location: entry.path, created: entry.created)
    }

    public func iamPolicy(bucket: String) async throws -> IAMPolicy? { try entry(bucket).versionedPolicy }

    func entry(_ name: String) throws -> LocalBucketRegistry.Entry {
        guard let entry = current().buckets[name] else { throw Self.noBucket(name) }
        return entry
    }

    static func noBucket(_ name: String) -> StorageError {
        StorageError(.notFound, "no such bucket gs://\(name): create it with `dicom-console storage buckets create gs://\(name)` (add --path DIR to use an existing folder)")
    }
}
