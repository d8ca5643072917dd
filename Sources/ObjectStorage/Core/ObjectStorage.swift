import Foundation

/// A place that holds buckets of objects: the embedded local backend, Cloud Storage, or a router over
/// both. Every call names its bucket; errors are `StorageError`s with the cloud's codes.
public protocol ObjectStorage: Sendable {
    /// The buckets this storage serves.
    func listBuckets() async throws -> [BucketInfo]

    /// The buckets this storage serves in a Cloud Storage project (nil: the storage's default project).
    /// Local buckets belong to no project: a local backend lists them all whatever the project.
    func listBuckets(project: String?) async throws -> [BucketInfo]

    /// One bucket's information; `notFound` when there is no such bucket.
    func bucket(_ name: String) async throws -> BucketInfo

    /// One page of objects whose names start with `prefix`, in name order. With a `delimiter` (always
    /// `/` in this product), names that continue past the next delimiter are folded into `prefixes`.
    func list(bucket: String, prefix: String, delimiter: String?, pageToken: String?,
              pageSize: Int) async throws -> ObjectPage

    /// One object's metadata, hashes included; `notFound` when absent.
    func metadata(bucket: String, object: String) async throws -> ObjectInfo

    /// The object's content as a stream of chunks (bounded memory whatever its size).
    func read(bucket: String, object: String) async throws -> AsyncThrowingStream<Data, any Error>

    /// Writes an object from a stream of chunks, replacing any object of that name atomically: readers
    /// see the old content or the new, never a part.
    func write(bucket: String, object: String, contentType: String?,
               from chunks: AsyncThrowingStream<Data, any Error>) async throws -> ObjectInfo

    /// Deletes an object; `notFound` when absent.
    func delete(bucket: String, object: String) async throws

    /// The bucket's IAM policy, or nil when this endpoint cannot say (the emulator answers 404 there).
    func iamPolicy(bucket: String) async throws -> IAMPolicy?

    /// Creates an empty bucket (`POST /storage/v1/b?project=P` with `{"name": B}` on Cloud Storage);
    /// `alreadyExists` when there is one of that name, `invalidArgument` for a name Cloud Storage refuses.
    @discardableResult
    func createBucket(_ name: String) async throws -> BucketInfo

    /// Adds `member` to `role` in the bucket's IAM policy and returns the new policy (on Cloud Storage:
    /// `GET …/b/B/iam`, then `PUT …/b/B/iam` with the binding added and the etag read, so a concurrent
    /// change is refused rather than overwritten).
    @discardableResult
    func addIAMBinding(bucket: String, member: String, role: String) async throws -> IAMPolicy
}

extension ObjectStorage {
    /// Backends without projects list the same buckets for every project.
    public func listBuckets(project: String?) async throws -> [BucketInfo] { try await listBuckets() }

    /// Reads a whole object into memory, refusing objects larger than `limit` bytes.
    public func readAll(bucket: String, object: String, limit: Int = 1 << 30) async throws -> Data {
        var data = Data()
        for try await chunk in try await read(bucket: bucket, object: object) {
            data.append(chunk)
            if data.count > limit {
                throw StorageError(.resourceExhausted, "gs://\(bucket)/\(object) is larger than \(limit) bytes")
            }
        }
        return data
    }

    /// Writes an object from bytes in memory.
    public func write(bucket: String, object: String, contentType: String?, data: Data) async throws -> ObjectInfo {
        let chunks = AsyncThrowingStream<Data, any Error> { continuation in
            continuation.yield(data)
            continuation.finish()
        }
        return try await write(bucket: bucket, object: object, contentType: contentType, from: chunks)
    }
}
