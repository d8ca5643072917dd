import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Maps object names to files inside a bucket's folder, refusing every name or link that would lead
/// outside it.
enum LocalPaths {
    /// The prefix of temporary files of atomic writes; they are never listed.
    static let temporaryPrefix = ".~dicom-console-tmp-"

    /// Checks an object name: not empty, not absolute, no `.` or `..` segment (also percent-encoded),
    /// no empty segment, no NUL, no trailing `/`.
    static func validate(_ name: String, bucket: String) throws {
        func refuse(_ why: String) -> StorageError {
            StorageError(.invalidArgument, "object name \"\(name)\" in gs://\(bucket) is refused: \(why)")
        }
        guard !name.isEmpty else { throw refuse("it is empty") }
        guard !name.hasPrefix("/") else { throw refuse("it is absolute") }
        guard !name.hasSuffix("/") else { throw refuse("it ends with /, which names a folder") }
        guard !name.utf8.contains(0) else { throw refuse("it contains a NUL byte") }
        guard name.utf8.count <= 1024 else { throw refuse("it is longer than 1024 bytes") }
        let decoded = name.removingPercentEncoding ?? name
        for candidate in Set([name, decoded]) {
            for segment in candidate.split(separator: "/", omittingEmptySubsequences: false) {
                if segment.isEmpty { throw refuse("it has an empty path segment (//)") }
                if segment == "." || segment == ".." { throw refuse("it has a \(segment) segment, which could leave the bucket") }
            }
        }
        if name.split(separator: "/").contains(where: { $0.hasPrefix(temporaryPrefix) }) {
            throw refuse("names starting with \(temporaryPrefix) are reserved")
        }
    }

    /// The file of an existing object, after checking that its real path (links resolved) is inside `root`.
    static func existingFile(root: String, name: String, bucket: String) throws -> String {
        try validate(name, bucket: bucket)
        if let plain = plainFile(root: root, name: name) { return plain }
        let path = root + "/" + name
        guard let real = realPath(path) else {
            throw StorageError(.notFound, "no such object gs://\(bucket)/\(name)")
        }
        guard real.hasPrefix(root + "/") else {
            throw StorageError(.permissionDenied, "gs://\(bucket)/\(name) is a link that leads outside the bucket's folder; it is not followed")
        }
        return real
    }

    /// `root/name` when every folder on the way is a folder (not a link) and the object a regular file:
    /// then it cannot lead out of the bucket (names have no `.`, `..` or empty segments), and one `lstat`
    /// per segment is all it costs (`realpath` checks every component from `/` down, with a `readlink`
    /// each). Anything else (a link, nothing there) is left to `realPath`.
    private static func plainFile(root: String, name: String) -> String? {
        var path = root
        var info = stat()
        let segments = name.split(separator: "/")
        for (index, segment) in segments.enumerated() {
            path += "/" + segment
            guard lstat(path, &info) == 0 else { return nil }
            let type = info.st_mode & S_IFMT
            if index == segments.count - 1 { return type == S_IFREG ? path : nil }
            guard type == S_IFDIR else { return nil }
        }
        return nil
    }

    /// The parent folder for a new object, created if needed, checked to be inside `root`. With
    /// `folders`, a folder created and checked earlier by the same batch of writes is not created and
    /// resolved again (an export writes thousands of objects into a few folders).
    static func parentForWrite(root: String, name: String, bucket: String, folders: VerifiedFolders? = nil) throws -> String {
        try validate(name, bucket: bucket)
        let segments = name.split(separator: "/")
        let parent = ([root] + segments.dropLast().map(String.init)).joined(separator: "/")
        let real: String
        var info = stat()
        // A folder checked earlier is used again only while its path still leads to the same folder
        // (one `stat`): a folder replaced by a link, or removed, since is checked (or made) again.
        if let known = folders?.real(of: parent), stat(parent, &info) == 0, info.st_dev == known.device, info.st_ino == known.inode {
            real = known.path
        } else {
            var path = root
            for segment in segments.dropLast() {
                path += "/" + segment
                if mkdir(path, 0o755) != 0, errno != EEXIST {
                    throw StorageError(.internal, "cannot create folder for gs://\(bucket)/\(name): \(String(cString: strerror(errno)))")
                }
            }
            guard let resolved = realPath(parent), resolved == root || resolved.hasPrefix(root + "/") else {
                throw StorageError(.permissionDenied, "gs://\(bucket)/\(name) would be written through a link that leads outside the bucket's folder")
            }
            real = resolved
            if stat(real, &info) == 0 { folders?.remember(parent, real: real, device: info.st_dev, inode: info.st_ino) }
        }
        // The object itself: only a link can lead elsewhere (a file or nothing there stays in the folder).
        if lstat(real + "/" + segments.last!, &info) == 0, info.st_mode & S_IFMT == S_IFLNK,
           realPath(real + "/" + segments.last!).map({ $0.hasPrefix(root + "/") }) != true {
            throw StorageError(.permissionDenied, "gs://\(bucket)/\(name) is a link that leads outside the bucket's folder; it is not replaced")
        }
        return real
    }

    /// `realpath(3)`, nil when the path does not exist.
    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}

/// Folders that one batch of writes (an export) has created and checked to lie inside their bucket,
/// with their resolved paths and identity (device, inode): later objects in the same folder skip the
/// `mkdir` and `realpath` (some twenty system calls each) while the path still names that folder.
/// Kept for one operation, not for the life of the process.
public final class VerifiedFolders: Sendable {
    struct Folder: Sendable {
        var path: String
        var device: UInt
        var inode: UInt
    }

    private let known = Mutex<[String: Folder]>([:])

    /// An empty set.
    public init() {}

    func real(of folder: String) -> Folder? { known.withLock { $0[folder] } }

    func remember(_ folder: String, real: String, device: UInt, inode: UInt) {
        known.withLock { $0[folder] = Folder(path: real, device: device, inode: inode) }
    }
}
