import AsyncHTTPClient
import Crypto
import Foundation
import NIOCore
import NIOHTTP1

extension GCSStorage {
    /// One page of `GET /storage/v1/b/BUCKET/o` (`pageSize` clamped to 1…1000); `notFound` for a missing
    /// bucket.
    public func list(bucket: String, prefix: String, delimiter: String?, pageToken: String?,
                     pageSize: Int) async throws -> ObjectPage {
        let url = "\(bucketURL(bucket))/o" + GCSPath.query([
            ("prefix", prefix.isEmpty ? nil : prefix), ("delimiter", delimiter), ("pageToken", pageToken),
            ("maxResults", String(min(max(pageSize, 1), 1000))),
        ])
        // A 404 on a listing can only mean the bucket.
        let page = try await http.json(GCSObjectList.self, .GET, url, resource: .bucket(bucket))
        return ObjectPage(objects: (page.items ?? []).map { $0.info(bucket: bucket) }, prefixes: page.prefixes ?? [],
                          nextPageToken: page.nextPageToken.flatMap { $0.isEmpty ? nil : $0 })
    }

    /// `GET /storage/v1/b/BUCKET/o/OBJECT`; `notFound` naming the bucket or the object.
    public func metadata(bucket: String, object: String) async throws -> ObjectInfo {
        try await http.json(GCSObjectResource.self, .GET, objectURL(bucket, object),
                            resource: .object(bucket: bucket, name: object)).info(bucket: bucket)
    }

    /// Streams the object: chunks are yielded as they arrive, pulled by the consumer (nothing is read
    /// ahead beyond the HTTP client's small buffer). At the end the bytes are checked against the MD5 (or
    /// CRC32C) the server sent in `x-goog-hash`; a mismatch ends the stream with an `internal` error.
    public func read(bucket: String, object: String) async throws -> AsyncThrowingStream<Data, any Error> {
        let resource = GCSResource.object(bucket: bucket, name: object)
        let response = try await http.open(objectURL(bucket, object) + "?alt=media", resource: resource)
        let download = GCSDownload(response: response, resource: resource)
        return AsyncThrowingStream(unfolding: { try await download.next() })
    }

    /// `DELETE /storage/v1/b/BUCKET/o/OBJECT`, retried; a retry that finds the object gone after an
    /// earlier attempt failed counts as deleted. `notFound` when there was no such object.
    public func delete(bucket: String, object: String) async throws {
        let resource = GCSResource.object(bucket: bucket, name: object)
        var attempts = 0
        let response = try await http.retrier.run(idempotent: true, resource: resource) { number in
            attempts = number
            let answer = try await http.attempt(.DELETE, objectURL(bucket, object))
            if GCSRetryPolicy.isRetryable(status: answer.status) {
                throw GCSRetryableFailure(error: GCSErrorMapping.error(
                    status: answer.status, body: answer.body, resource: resource, account: http.account))
            }
            return answer
        }
        if response.isSuccess { return }
        // A retried DELETE that finds nothing: an earlier attempt may have deleted it before failing.
        if response.status == 404, attempts > 1, await http.bucketExists(bucket) == true { return }
        throw await http.failure(response, resource: resource)
    }

    /// The bucket's IAM policy; nil when the endpoint has the bucket but no IAM (fake-gcs-server answers
    /// 404 there); `notFound` when the bucket does not exist.
    public func iamPolicy(bucket: String) async throws -> IAMPolicy? {
        let resource = GCSResource.bucket(bucket)
        let response = try await http.send(.GET, "\(bucketURL(bucket))/iam", resource: resource)
        if response.isSuccess { return try http.decode(GCSPolicyResource.self, from: response.body, resource: resource).policy }
        if response.status == 404 {
            if await http.bucketExists(bucket) == true { return nil }
            throw GCSErrorMapping.notFound(resource)
        }
        throw await http.failure(response, resource: resource)
    }
}

/// The consumer side of a streamed download: hands out the body's chunks one at a time and checks the
/// whole against the server's hashes at the end.
actor GCSDownload {
    private var iterator: HTTPClientResponse.Body.AsyncIterator?
    private let resource: GCSResource
    private let expectedMD5: String?
    private let expectedCRC32C: String?
    private let expectedLength: Int64?
    private var md5 = Insecure.MD5()
    private var crc32c = CRC32C()
    private var received: Int64 = 0

    init(response: HTTPClientResponse, resource: GCSResource) {
        iterator = response.body.makeAsyncIterator()
        self.resource = resource
        var md5: String?
        var crc32c: String?
        // Hashes are of the stored bytes: only comparable when the server sends them as stored.
        let encoding = response.headers.first(name: "x-goog-stored-content-encoding") ?? "identity"
        let transformed = encoding != "identity" || response.headers.first(name: "content-encoding") != nil
        if !transformed {
            for field in response.headers[canonicalForm: "x-goog-hash"] {
                if field.hasPrefix("md5=") { md5 = String(field.dropFirst(4)) }
                if field.hasPrefix("crc32c=") { crc32c = String(field.dropFirst(7)) }
            }
        }
        expectedMD5 = md5
        expectedCRC32C = md5 == nil ? crc32c : nil
        expectedLength = transformed ? nil : response.headers.first(name: "content-length").flatMap { Int64($0) }
    }

    /// The next chunk, or nil at the end (after checking length and hash).
    func next() async throws -> Data? {
        guard var current = iterator else { return nil }
        let buffer: ByteBuffer?
        do {
            buffer = try await current.next(isolation: self)
        } catch {
            iterator = nil
            throw StorageError(.unavailable, "reading \(resource.uri) failed after \(received) bytes: \(error)")
        }
        iterator = current
        guard let buffer else {
            iterator = nil
            try verify()
            return nil
        }
        let data = Data(buffer.readableBytesView)
        received += Int64(data.count)
        if expectedMD5 != nil { md5.update(data: data) }
        if expectedCRC32C != nil { data.withUnsafeBytes { crc32c.update($0) } }
        return data
    }

    private func verify() throws {
        if let expectedLength, expectedLength != received {
            throw StorageError(.unavailable, "reading \(resource.uri) ended after \(received) of \(expectedLength) bytes")
        }
        if let expectedMD5 {
            let actual = Data(md5.finalize()).base64EncodedString()
            if actual != expectedMD5 {
                throw StorageError(.internal, "\(resource.uri) arrived corrupted: MD5 \(actual), the server says \(expectedMD5); read it again")
            }
        } else if let expectedCRC32C, crc32c.base64 != expectedCRC32C {
            throw StorageError(.internal, "\(resource.uri) arrived corrupted: CRC32C \(crc32c.base64), the server says \(expectedCRC32C); read it again")
        }
    }
}
