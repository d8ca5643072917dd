import CPosixExtras
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// An object written to a temporary file beside its final name: neither durable nor named yet.
public struct StagedObject: Sendable {
    /// The object's name in its bucket.
    public let name: String
    let temporary: String
    let final: String
}

/// Many writes made durable together: `stage` writes each object to a temporary file without syncing,
/// `publish` makes a batch durable with one `syncfs` and only then renames each to its name. An object
/// is never visible before its bytes are on disk, as with `write`, without an fsync per object.
/// The last renames become durable with the next `publish` or with `sync`.
extension LocalStorage {
    /// Writes `data` as a temporary file beside the object's final name (folders created as needed).
    /// `folders` remembers the folders checked so far by the same batch of writes.
    public func stage(bucket: String, object: String, contentType: String?, data: Data,
                      folders: VerifiedFolders? = nil) throws -> StagedObject {
        let parent = try LocalPaths.parentForWrite(root: entry(bucket).path, name: object, bucket: bucket, folders: folders)
        let final = parent + "/" + (object.split(separator: "/").last.map(String.init) ?? object)
        let temporary = parent + "/" + LocalPaths.temporaryPrefix + UniqueName.next()
        let fd = Glibc.open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw Self.ioError("create", bucket, object) }
        defer { close(fd) }
        do {
            try data.withUnsafeBytes { try Self.writeAll(fd, $0, bucket, object) }
            if let contentType {
                _ = contentType.withCString { fsetxattr(fd, Self.contentTypeAttribute, $0, strlen($0), 0) }
            }
            // Write-back starts now (SYNC_FILE_RANGE_WRITE), so `publish`'s `syncfs` finds little left to wait for.
            _ = sync_file_range(fd, 0, 0, 2)
        } catch {
            unlink(temporary)
            throw error
        }
        return StagedObject(name: object, temporary: temporary, final: final)
    }

    /// Makes the staged objects of `bucket` durable (one `syncfs`), then names them in order. On a
    /// failure the objects not yet named are removed.
    public func publish(_ objects: [StagedObject], bucket: String) throws {
        guard !objects.isEmpty else { return }
        do {
            try sync(bucket: bucket)
        } catch {
            discard(objects)
            throw error
        }
        for (index, object) in objects.enumerated() where rename(object.temporary, object.final) != 0 {
            let failure = Self.ioError("rename", bucket, object.name)
            discard(Array(objects[index...]))
            throw failure
        }
    }

    /// Removes staged objects that will not be published.
    public func discard(_ objects: [StagedObject]) {
        for object in objects { unlink(object.temporary) }
    }

    /// Flushes the file system that holds `bucket` (`syncfs`): every write and rename before it is durable.
    public func sync(bucket: String) throws {
        let root = try entry(bucket).path
        let fd = Glibc.open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw Self.ioError("open", bucket, "") }
        defer { close(fd) }
        guard syncfs(fd) == 0 else { throw Self.ioError("sync", bucket, "") }
    }

    /// Writes all of `raw` to `fd` (retrying short writes and EINTR).
    static func writeAll(_ fd: Int32, _ raw: UnsafeRawBufferPointer, _ bucket: String, _ object: String) throws {
        var offset = 0
        while offset < raw.count {
            let written = Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
            if written < 0, errno == EINTR { continue }
            guard written > 0 else { throw ioError("write", bucket, object) }
            offset += written
        }
    }
}
