import DICOM
import DicomStore
import Foundation
import Hummingbird
import HTTPTypes
import ObjectStorage

/// The server's buckets through a subset of the Cloud Storage JSON API (`/storage/v1/…`,
/// `/upload/storage/v1/…`), so a remote console or CLI browses, reads and writes them with the same
/// client it uses for Cloud Storage: bucket list and get, object list (prefix, delimiter, pages),
/// metadata, `alt=media` download (streamed), media upload (streamed to disk first), delete, bucket
/// creation and IAM policy get and set (`StorageAdminRoutes`).
struct StorageRoutes {
    let storage: StorageRouter
    /// The staging folder and the lock that keeps recovery away from it while an upload is there.
    let staging: @Sendable () async throws -> (folder: URL, lock: BlobLock)
    /// The server's open resumable upload sessions.
    let uploads: ResumableUploads

    func handle(_ request: APIRequest, path: [String]) async throws -> Response {
        guard path.first == "b" else { throw ServiceError(.notFound, "no such storage resource: \(request.rawPath)") }
        switch (request.method, path.count) {
        case (.get, 1):
            // Local buckets belong to no project; `project` picks the Cloud Storage project behind the server, if any.
            let buckets = try await storage.listBuckets(project: request.parameter("project"))
            return JSONResponse.make(.object([("kind", .string("storage#buckets")), ("items", .array(buckets.map(Self.bucket)))]))
        case (.post, 1): return try await createBucket(request)
        case (.get, 2): return JSONResponse.make(Self.bucket(try await storage.bucket(path[1])))
        case (.get, 3) where path[2] == "iam":
            return JSONResponse.make(Self.policy(try await storage.iamPolicy(bucket: path[1]) ?? IAMPolicy()))
        case (.put, 3) where path[2] == "iam": return try await setPolicy(request, bucket: path[1])
        case (.get, 3) where path[2] == "o": return try await list(request, bucket: path[1])
        case (_, 4...) where path[2] == "o":
            let name = path.dropFirst(3).joined(separator: "/")
            switch request.method {
            case .get:
                if request.parameter("alt") == "media" { return try await download(bucket: path[1], object: name) }
                return JSONResponse.make(Self.object(try await storage.metadata(bucket: path[1], object: name)))
            case .delete:
                try await storage.delete(bucket: path[1], object: name)
                return Response(status: .noContent)
            default: throw methodNotAllowed(request)
            }
        default: throw ServiceError(.notFound, "no such storage resource: \(request.method.rawValue) \(request.rawPath)")
        }
    }

    /// `POST /upload/storage/v1/b/B/o?uploadType=media&name=N` (one request) or `uploadType=resumable`
    /// (a session: `PUT`s of chunks to the `Location` answered, `DELETE` to abandon).
    func upload(_ request: APIRequest, path: [String]) async throws -> Response {
        guard path.count == 3, path[0] == "b", path[2] == "o" else {
            throw ServiceError(.notFound, "no such upload resource: \(request.method.rawValue) \(request.rawPath)")
        }
        let bucket = path[1]
        switch (request.method, request.parameter("uploadType"), request.parameter("upload_id")) {
        case (.post, "media", nil):
            guard let name = request.parameter("name"), !name.isEmpty else { throw ServiceError(.invalidArgument, "name is required") }
            let (folder, lock) = try await staging()
            defer { lock.release() }
            let file = folder.appendingPathComponent("upload-" + UUID().uuidString).path
            defer { unlink(file) }
            _ = try await request.saveBody(to: file)
            return try await publish(file, bucket: bucket, object: name, contentType: request.headers[.contentType])
        case (.post, "resumable", nil):
            let metadata = try await request.json()
            guard let name = request.parameter("name") ?? metadata["name"]?.stringValue, !name.isEmpty else {
                throw ServiceError(.invalidArgument, "name is required")
            }
            _ = try await storage.bucket(bucket)
            let contentType = metadata["contentType"]?.stringValue ?? request.headers[HTTPField.Name("X-Upload-Content-Type")!]
            let id = try await uploads.start(bucket: bucket, object: name, contentType: contentType, staging: try await staging())
            let location = "\(request.publicBase)/upload/storage/v1/b/\(bucket.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? bucket)/o?uploadType=resumable&upload_id=\(id)"
            var response = JSONResponse.empty
            response.headers[.location] = location
            return response
        case (.put, _, let id?): return try await chunk(request, id: id)
        case (.delete, _, let id?):
            _ = try await uploads.claim(id)
            await uploads.end(id)
            return APIError.response(httpStatus: 499, status: "CANCELLED", message: "the upload was cancelled")
        case (.post, let type, nil):
            throw ServiceError(.invalidArgument, "uploadType \(type ?? "(none)") is not offered: use media or resumable")
        default:
            throw ServiceError(.notFound, "no such upload resource: \(request.method.rawValue) \(request.rawPath)")
        }
    }

    /// One chunk (or a status query) of a resumable upload. The session is claimed for the request, the
    /// file is cut back to what the session had before the chunk (a chunk cut off midway leaves nothing),
    /// and the session ends only when the object is written.
    private func chunk(_ request: APIRequest, id: String) async throws -> Response {
        let range = try ContentRange(request.headers[.contentRange])
        let session = try await uploads.claim(id)
        var received = session.received
        do {
            if let first = range.first, let last = range.last {
                // Bytes the session already has are skipped; a gap is refused (the client asks for the status).
                guard first <= received else {
                    throw ServiceError(.invalidArgument, "chunk starts at byte \(first) but the session has \(received)")
                }
                received = try await request.appendBody(to: session.path, skipping: received - first, expected: last - first + 1,
                                                        startingSize: received)
            }
            if let total = range.total, received >= total {
                guard received == total else { throw ServiceError(.invalidArgument, "the upload has \(received) bytes, more than its total \(total)") }
                let response = try await publish(session.path, bucket: session.bucket, object: session.object, contentType: session.contentType)
                await uploads.end(id)
                return response
            }
        } catch {
            await uploads.release(id, received: session.received)
            throw error
        }
        await uploads.release(id, received: received)
        var headers: HTTPFields = [:]
        if received > 0 { headers[HTTPField.Name("Range")!] = "bytes=0-\(received - 1)" }
        return Response(status: .init(code: 308, reasonPhrase: "Resume Incomplete"), headers: headers)
    }

    /// Writes the staged file as the object.
    private func publish(_ file: String, bucket: String, object: String, contentType: String?) async throws -> Response {
        // Read as the writer asks (unfolding), so a large upload never sits in memory whole.
        let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: file))
        defer { try? handle.close() }
        let reader = StagedFileReader(handle: handle)
        let chunks = AsyncThrowingStream<Data, any Error>(unfolding: { try reader.next() })
        let info = try await storage.write(bucket: bucket, object: object, contentType: contentType, from: chunks)
        return JSONResponse.make(Self.object(info))
    }

    private func list(_ request: APIRequest, bucket: String) async throws -> Response {
        let size = try request.intParameter("maxResults", in: 1...5000) ?? 1000
        let page = try await storage.list(bucket: bucket, prefix: request.parameter("prefix") ?? "",
                                          delimiter: request.parameter("delimiter"), pageToken: request.parameter("pageToken"),
                                          pageSize: size)
        var members: [(String, JSONValue)] = [("kind", .string("storage#objects"))]
        if !page.objects.isEmpty { members.append(("items", .array(page.objects.map(Self.object)))) }
        if !page.prefixes.isEmpty { members.append(("prefixes", .array(page.prefixes.map(JSONValue.string)))) }
        if let token = page.nextPageToken { members.append(("nextPageToken", .string(token))) }
        return JSONResponse.make(.object(members))
    }

    private func download(bucket: String, object: String) async throws -> Response {
        let info = try await storage.metadata(bucket: bucket, object: object)
        let stream = try await storage.read(bucket: bucket, object: object)
        var headers: HTTPFields = [.contentType: info.contentType ?? "application/octet-stream",
                                   .contentLength: String(info.size)]
        let hashes = [info.crc32c.map { "crc32c=\($0)" }, info.md5Hash.map { "md5=\($0)" }].compactMap { $0 }
        if !hashes.isEmpty, let name = HTTPField.Name("x-goog-hash") { headers[name] = hashes.joined(separator: ",") }
        return Response(status: .ok, headers: headers, body: ResponseBody { writer in
            for try await chunk in stream { try await writer.write(ByteBuffer(bytes: chunk)) }
            try await writer.finish(nil)
        })
    }

    static func bucket(_ bucket: BucketInfo) -> JSONValue {
        var members: [(String, JSONValue)] = [("kind", .string("storage#bucket")), ("id", .string(bucket.name)),
                                              ("name", .string(bucket.name)), ("location", .string(bucket.location))]
        if let created = bucket.created { members.append(("timeCreated", .string(RESTShapes.time(created)))) }
        return .object(members)
    }

    static func object(_ info: ObjectInfo) -> JSONValue {
        var members: [(String, JSONValue)] = [("kind", .string("storage#object")), ("bucket", .string(info.bucket)),
                                              ("name", .string(info.name)), ("size", .string(String(info.size)))]
        if let type = info.contentType { members.append(("contentType", .string(type))) }
        if let updated = info.updated { members.append(("updated", .string(RESTShapes.time(updated)))) }
        if let crc = info.crc32c { members.append(("crc32c", .string(crc))) }
        if let md5 = info.md5Hash { members.append(("md5Hash", .string(md5))) }
        return .object(members)
    }

    static func policy(_ policy: IAMPolicy) -> JSONValue {
        var members: [(String, JSONValue)] = [("kind", .string("storage#policy"))]
        members.append(("bindings", .array(policy.bindings.map {
            .object([("role", .string($0.role)), ("members", .array($0.members.map(JSONValue.string)))])
        })))
        members.append(("etag", .string(policy.etag ?? "CAE=")))
        return .object(members)
    }
}

/// Reads a staged file in 1 MiB chunks, on demand.
final class StagedFileReader: @unchecked Sendable {
    private let handle: FileHandle
    init(handle: FileHandle) { self.handle = handle }
    func next() throws -> Data? {
        guard let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty else { return nil }
        return chunk
    }
}
