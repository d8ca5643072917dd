import Crypto
import Foundation
import NIOCore
import NIOHTTP1

extension GCSStorage {
    /// Writes an object from a stream. Up to `configuration.simpleUploadLimit` bytes go in one request
    /// (`uploadType=media`, retried whole); more go through a resumable upload in chunks of
    /// `configuration.chunkSize`, so memory stays bounded by about one chunk whatever the size. A chunk
    /// that fails with 429, 5xx or a connection error is retried after asking the server how much it
    /// kept (`Content-Range: bytes */*`). The object appears only when the last chunk is in, so readers
    /// see the old content or the new. The MD5 of what was sent is checked against the server's.
    public func write(bucket: String, object: String, contentType: String?,
                      from chunks: AsyncThrowingStream<Data, any Error>) async throws -> ObjectInfo {
        let resource = GCSResource.object(bucket: bucket, name: object)
        var pending = ByteBuffer()
        var md5 = Insecure.MD5()
        var session: GCSUploadSession?
        var offset: Int64 = 0
        let chunkSize = configuration.chunkSize
        let resourceJSON: GCSObjectResource
        do {
            for try await piece in chunks {
                md5.update(data: piece)
                pending.writeBytes(piece)
                if session == nil {
                    guard pending.readableBytes > configuration.simpleUploadLimit else { continue }
                    session = try await startUpload(bucket: bucket, object: object, contentType: contentType)
                }
                // Send whole chunks while more bytes follow them (the last chunk must say the total).
                while pending.readableBytes > chunkSize, let session {
                    let chunk = pending.readSlice(length: chunkSize)!
                    _ = try await session.put(chunk, at: offset, total: nil)
                    offset += Int64(chunk.readableBytes)
                    pending.discardReadBytes()
                }
            }
            if let session {
                let total = offset + Int64(pending.readableBytes)
                guard let final = try await session.put(pending, at: offset, total: total) else {
                    throw StorageError(.internal, "the upload of \(resource.uri) did not complete")
                }
                resourceJSON = final
            } else {
                resourceJSON = try await simpleUpload(pending, bucket: bucket, object: object, contentType: contentType)
            }
        } catch {
            // Abandon the session (the source failed, or the upload did): nothing of it becomes visible.
            await session?.cancel()
            throw error
        }
        let sent = Data(md5.finalize()).base64EncodedString()
        if let stored = resourceJSON.md5Hash, stored != sent {
            throw StorageError(.internal, """
                \(resource.uri) was corrupted in transit: sent MD5 \(sent), the server stored \(stored); write it again
                """)
        }
        return resourceJSON.info(bucket: bucket)
    }

    /// `POST /upload/storage/v1/b/BUCKET/o?uploadType=media&name=OBJECT` with the whole body. Retried
    /// like an idempotent call: a replay writes the same bytes under the same name.
    private func simpleUpload(_ body: ByteBuffer, bucket: String, object: String,
                              contentType: String?) async throws -> GCSObjectResource {
        let url = "\(http.base)/upload/storage/v1/b/\(GCSPath.encode(bucket))/o"
            + GCSPath.query([("uploadType", "media"), ("name", object)])
        return try await http.json(
            GCSObjectResource.self, .POST, url,
            headers: [("Content-Type", contentType ?? "application/octet-stream")], body: { body },
            resource: .object(bucket: bucket, name: object), timeout: configuration.transferTimeout)
    }

    /// Starts a resumable upload; the answer's `Location` is the session URI.
    private func startUpload(bucket: String, object: String, contentType: String?) async throws -> GCSUploadSession {
        let resource = GCSResource.object(bucket: bucket, name: object)
        let url = "\(http.base)/upload/storage/v1/b/\(GCSPath.encode(bucket))/o"
            + GCSPath.query([("uploadType", "resumable"), ("name", object)])
        var metadata = ["name": object]
        var headers = [("Content-Type", "application/json; charset=UTF-8")]
        if let contentType {
            metadata["contentType"] = contentType
            headers.append(("X-Upload-Content-Type", contentType))
        }
        let body = try JSONSerialization.data(withJSONObject: metadata)
        // Starting a session twice is harmless (the first is abandoned), so it is retried.
        let response = try await http.send(.POST, url, headers: headers, body: { ByteBuffer(bytes: body) },
                                           resource: resource)
        guard response.isSuccess else { throw await http.failure(response, resource: resource) }
        guard let location = response.headers.first(name: "Location"), !location.isEmpty else {
            throw StorageError(.internal, "Cloud Storage started an upload of \(resource.uri) without a session URI")
        }
        return GCSUploadSession(url: location, resource: resource, http: http,
                                timeout: configuration.transferTimeout)
    }
}

/// One resumable upload session: sends chunks and recovers from failed ones.
struct GCSUploadSession: Sendable {
    /// The session URI.
    let url: String
    /// The object being written.
    let resource: GCSResource
    /// The HTTP layer (its retry policy bounds the recovery of each chunk).
    let http: GCSHTTP
    /// How long one chunk may take.
    let timeout: Duration

    private enum Outcome {
        /// The upload is complete: the object.
        case complete(GCSObjectResource)
        /// The server keeps this many bytes of the object.
        case persisted(Int64)
        /// A failure worth retrying (429, 5xx, connection).
        case failed(StorageError)
        /// A failure that ends the upload.
        case fatal(StorageError)
    }

    /// Sends `chunk`, which starts at byte `offset` of the object; `total` is the object's size when this
    /// is the last chunk, nil otherwise. Returns the object's resource once the upload is complete (last
    /// chunk), nil after a non-final chunk.
    func put(_ chunk: ByteBuffer, at offset: Int64, total: Int64?) async throws -> GCSObjectResource? {
        let end = offset + Int64(chunk.readableBytes)
        let policy = http.retrier.policy
        let clock = ContinuousClock()
        let start = clock.now
        var persisted = offset
        var failures = 0
        var askStatus = false
        while true {
            let asked = askStatus
            let outcome = asked ? await status(total: total)
                                : await send(chunk, from: persisted, chunkOffset: offset, end: end, total: total)
            let failure: StorageError
            switch outcome {
            case .complete(let object):
                guard total != nil else {
                    throw StorageError(.internal, "Cloud Storage finished the upload of \(resource.uri) before its last chunk")
                }
                return object
            case .persisted(let count):
                askStatus = false
                guard count >= offset else {
                    throw StorageError(.unavailable, """
                        the upload session of \(resource.uri) lost data already sent (it has \(count) bytes, \
                        \(offset) were sent); write the object again
                        """)
                }
                let kept = min(count, end)
                if kept == end, total == nil { return nil }
                if kept > persisted || asked {
                    if kept > persisted { failures = 0 }
                    persisted = kept
                    continue  // send the rest, or (a final chunk fully kept) the total to finish
                }
                failure = StorageError(.unavailable, "Cloud Storage kept none of a chunk of \(resource.uri)")
            case .failed(let error):
                failure = error
            case .fatal(let error):
                throw error
            }
            failures += 1
            let delay = policy.delay(afterAttempt: failures)
            guard failures < policy.maxAttempts, start.duration(to: clock.now) + delay <= policy.totalTimeout else {
                throw StorageError(failure.code, "\(failure.message) (gave up after \(failures) attempts)")
            }
            try await Task.sleep(for: delay)
            askStatus = true
        }
    }

    /// Cancels the upload, best effort (`DELETE` on the session URI, one attempt): the server drops the
    /// bytes it kept, and the object is left as it was.
    func cancel() async {
        _ = try? await http.attempt(.DELETE, url, timeout: .seconds(10))
    }

    /// Sends the bytes of `chunk` from object byte `from` to `end`.
    private func send(_ chunk: ByteBuffer, from: Int64, chunkOffset: Int64, end: Int64, total: Int64?) async -> Outcome {
        let range: String
        var body: ByteBuffer?
        if from < end {
            range = "bytes \(from)-\(end - 1)/\(total.map(String.init) ?? "*")"
            body = chunk.getSlice(at: chunk.readerIndex + Int(from - chunkOffset), length: Int(end - from))
        } else {
            range = "bytes */\(total.map(String.init) ?? "*")"
        }
        return await exchange(headers: [("Content-Range", range)], body: body)
    }

    /// Asks how much of the upload the server has.
    private func status(total: Int64?) async -> Outcome {
        await exchange(headers: [("Content-Range", "bytes */\(total.map(String.init) ?? "*")")], body: nil)
    }

    private func exchange(headers: [(String, String)], body: ByteBuffer?) async -> Outcome {
        let response: GCSHTTP.Response
        var makeBody: (@Sendable () -> ByteBuffer)?
        if let body { makeBody = { body } }
        do {
            response = try await http.attempt(.PUT, url, headers: headers, body: makeBody, timeout: timeout)
        } catch let error as StorageError {
            return .fatal(error)  // from the authenticator: retrying will not help
        } catch {
            return .failed(GCSErrorMapping.transport(error, resource: resource, endpoint: http.base))
        }
        switch response.status {
        case 200, 201:
            do {
                return .complete(try http.decode(GCSObjectResource.self, from: response.body, resource: resource))
            } catch {
                return .fatal(error as? StorageError ?? StorageError(.internal, "\(error)"))
            }
        case 308:
            // `Range: bytes=0-N` says N+1 bytes are kept; no Range header means none.
            guard let range = response.headers.first(name: "Range"), let dash = range.lastIndex(of: "-"),
                  let last = Int64(range[range.index(after: dash)...]) else { return .persisted(0) }
            return .persisted(last + 1)
        case 404, 410:
            return .fatal(StorageError(.unavailable, """
                the upload session of \(resource.uri) expired or was cancelled (HTTP \(response.status)); write it again
                """))
        default:
            let error = GCSErrorMapping.error(status: response.status, body: response.body, resource: resource,
                                              account: http.account)
            return GCSRetryPolicy.isRetryable(status: response.status) ? .failed(error) : .fatal(error)
        }
    }
}
