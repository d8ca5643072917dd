import CPosixExtras
import Crypto
import Foundation
#if canImport(Glibc)
import Glibc
#endif

extension LocalStorage {
    public func list(bucket: String, prefix: String, delimiter: String?, pageToken: String?,
                     pageSize: Int) async throws -> ObjectPage {
        let root = try entry(bucket).path
        var walker = LocalListing(root: root, bucket: bucket, prefix: prefix, folding: delimiter == "/",
                                  startAfter: pageToken, limit: max(1, pageSize))
        walker.run()
        return ObjectPage(objects: walker.objects, prefixes: walker.prefixes, nextPageToken: walker.nextToken)
    }

    public func metadata(bucket: String, object: String) async throws -> ObjectInfo {
        let path = try LocalPaths.existingFile(root: entry(bucket).path, name: object, bucket: bucket)
        var info = try Self.objectInfo(path, bucket: bucket, name: object)
        var crc = CRC32C()
        var md5 = Insecure.MD5()
        try Self.readChunks(path, bucket: bucket, name: object) { chunk in
            chunk.withUnsafeBytes { crc.update($0) }
            md5.update(data: chunk)
        }
        info.crc32c = crc.base64
        info.md5Hash = Data(md5.finalize()).base64EncodedString()
        return info
    }

    public func read(bucket: String, object: String) async throws -> AsyncThrowingStream<Data, any Error> {
        let path = try LocalPaths.existingFile(root: entry(bucket).path, name: object, bucket: bucket)
        let handle = try Self.open(path, bucket: bucket, name: object)
        // Pulled chunk by chunk: memory stays at one chunk whatever the object's size.
        return AsyncThrowingStream(unfolding: {
            do {
                guard let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty else {
                    try? handle.close()
                    return nil
                }
                return chunk
            } catch {
                throw StorageError(.internal, "reading gs://\(bucket)/\(object) failed: \(error.localizedDescription)")
            }
        })
    }

    /// A bucket's objects as files, its folder looked up once: for readers of many objects in a row
    /// that can map them (the import path), no copy is made.
    public func files(of bucket: String) throws -> LocalFiles {
        LocalFiles(bucket: bucket, root: try entry(bucket).path)
    }

    public func write(bucket: String, object: String, contentType: String?,
                      from chunks: AsyncThrowingStream<Data, any Error>) async throws -> ObjectInfo {
        let parent = try LocalPaths.parentForWrite(root: entry(bucket).path, name: object, bucket: bucket)
        let final = parent + "/" + (object.split(separator: "/").last.map(String.init) ?? object)
        let temporary = parent + "/" + LocalPaths.temporaryPrefix + UniqueName.next()
        let fd = Glibc.open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw Self.ioError("create", bucket, object) }
        var crc = CRC32C()
        var md5 = Insecure.MD5()
        var size: Int64 = 0
        do {
            for try await chunk in chunks {
                try chunk.withUnsafeBytes { raw in
                    crc.update(raw)
                    try Self.writeAll(fd, raw, bucket, object)
                }
                md5.update(data: chunk)
                size += Int64(chunk.count)
            }
            guard fsync(fd) == 0 else { throw Self.ioError("sync", bucket, object) }
            close(fd)
            if let contentType {
                _ = contentType.withCString { setxattr(temporary, Self.contentTypeAttribute, $0, strlen($0), 0) }
            }
            guard rename(temporary, final) == 0 else { throw Self.ioError("rename", bucket, object) }
            let directory = Glibc.open(parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            if directory >= 0 { fsync(directory); close(directory) }
        } catch {
            close(fd)
            unlink(temporary)
            throw error
        }
        var info = try Self.objectInfo(final, bucket: bucket, name: object)
        info.size = size
        info.crc32c = crc.base64
        info.md5Hash = Data(md5.finalize()).base64EncodedString()
        return info
    }

    public func delete(bucket: String, object: String) async throws {
        let root = try entry(bucket).path
        try LocalPaths.validate(object, bucket: bucket)
        let path = root + "/" + object
        guard let parent = LocalPaths.realPath((path as NSString).deletingLastPathComponent),
              parent == root || parent.hasPrefix(root + "/") else {
            throw StorageError(.notFound, "no such object gs://\(bucket)/\(object)")
        }
        let target = parent + "/" + (object.split(separator: "/").last.map(String.init) ?? object)
        var info = Glibc.stat()
        guard lstat(target, &info) == 0, (info.st_mode & S_IFMT) != S_IFDIR else {
            throw StorageError(.notFound, "no such object gs://\(bucket)/\(object)")
        }
        guard unlink(target) == 0 else { throw Self.ioError("delete", bucket, object) }
    }

    // MARK: Helpers

    static let contentTypeAttribute = "user.dicom-console.content-type"

    static func objectInfo(_ path: String, bucket: String, name: String) throws -> ObjectInfo {
        var info = Glibc.stat()
        guard fstatat(AT_FDCWD, path, &info, 0) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            throw StorageError(.notFound, "no such object gs://\(bucket)/\(name)")
        }
        let modified = Date(timeIntervalSince1970: Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9)
        return ObjectInfo(bucket: bucket, name: name, size: Int64(info.st_size),
                          contentType: storedContentType(path) ?? ContentType.guess(for: name), updated: modified)
    }

    static func storedContentType(_ path: String) -> String? {
        var buffer = [CChar](repeating: 0, count: 256)
        let length = getxattr(path, contentTypeAttribute, &buffer, buffer.count - 1)
        guard length > 0 else { return nil }
        return String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    static func open(_ path: String, bucket: String, name: String) throws -> FileHandle {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw ioError("open", bucket, name) }
        return handle
    }

    static func readChunks(_ path: String, bucket: String, name: String, _ body: (Data) throws -> Void) throws {
        let handle = try open(path, bucket: bucket, name: name)
        defer { try? handle.close() }
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty { try body(chunk) }
    }

    static func ioError(_ action: String, _ bucket: String, _ name: String) -> StorageError {
        StorageError(.internal, "cannot \(action) gs://\(bucket)/\(name): \(String(cString: strerror(errno)))")
    }
}

/// A local bucket's objects as files (see `LocalStorage.files(of:)`).
public struct LocalFiles: Sendable {
    let bucket: String
    let root: String

    /// The file of an object; names and links that would leave the bucket's folder are refused.
    public func path(of object: String) throws -> String {
        try LocalPaths.existingFile(root: root, name: object, bucket: bucket)
    }
}
