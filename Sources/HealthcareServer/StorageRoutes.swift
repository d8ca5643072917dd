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
    let staging: @Sendable () throws -> (folder: URL, lock: BlobLock)

    func handle(_ request: APIRequest, path: [String]) async throws -> Response {
        guard path.first == "b" else { throw ServiceError(.notFound, "no such storage resource: \(request.rawPath)") }
        switch (request.method, path.count) {
        case (.get, 1):
            let buckets = try await storage.listBuckets()
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

    /// `POST /upload/storage/v1/b/B/o?uploadType=media&name=N`.
    func upload(_ request: APIRequest, path: [String]) async throws -> Response {
        guard request.method == .post, path.count == 3, path[0] == "b", path[2] == "o" else {
            throw ServiceError(.notFound, "no such upload resource: \(request.method.rawValue) \(request.rawPath)")
        }
        guard request.parameter("uploadType") == "media" else {
            throw ServiceError(.unimplemented, "uploadType \(request.parameter("uploadType") ?? "(none)") is not offered here: use uploadType=media")
        }
        guard let name = request.parameter("name"), !name.isEmpty else { throw ServiceError(.invalidArgument, "name is required") }
        let (folder, lock) = try staging()
        defer { lock.release() }
        let path = folder.appendingPathComponent("upload-" + UUID().uuidString).path
        defer { unlink(path) }
        _ = try await request.saveBody(to: path)
        let chunks = AsyncThrowingStream<Data, any Error> { continuation in
            do {
                let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
                defer { try? handle.close() }
                while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty { continuation.yield(chunk) }
                continuation.finish()
            } catch { continuation.finish(throwing: error) }
        }
        let info = try await storage.write(bucket: request.segments[4], object: name,
                                           contentType: request.headers[.contentType], from: chunks)
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
