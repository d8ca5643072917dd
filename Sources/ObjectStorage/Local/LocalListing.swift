import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One page of a local bucket listing: a depth-first walk that visits names in Cloud Storage's order
/// (byte-wise lexicographic on the whole name), resuming after a page token. A folder is visited as if
/// its name ended in `/`, which is what makes the walk's order the names' order. Memory holds one
/// folder's entries per level and one page of results.
struct LocalListing {
    let root: String
    let bucket: String
    let prefix: [UInt8]
    let folding: Bool
    let startAfter: [UInt8]?
    let limit: Int
    private(set) var objects: [ObjectInfo] = []
    private(set) var prefixes: [String] = []
    private(set) var nextToken: String?
    private var full = false

    init(root: String, bucket: String, prefix: String, folding: Bool, startAfter: String?, limit: Int) {
        self.root = root
        self.bucket = bucket
        self.prefix = Array(prefix.utf8)
        self.folding = folding
        self.startAfter = startAfter.map { Array($0.utf8) }
        self.limit = limit
    }

    mutating func run() {
        // Start in the deepest folder the prefix names in full.
        let folderEnd = prefix.lastIndex(of: 0x2F).map { $0 + 1 } ?? 0
        walk(relative: Array(prefix[..<folderEnd]))
    }

    private mutating func walk(relative: [UInt8]) {
        let directory = root + (relative.isEmpty ? "" : "/" + String(decoding: relative.dropLast(), as: UTF8.self))
        for (name, isDirectory) in entries(of: directory) {
            if full { return }
            let key = relative + name + (isDirectory ? [0x2F] : [])
            // Skip what cannot match the prefix: the key must extend the prefix, or (a folder) lead to it.
            let compatible = key.starts(with: prefix) || (isDirectory && prefix.starts(with: key))
            guard compatible else { continue }
            if let startAfter, Self.entirelyBefore(key, isDirectory: isDirectory, startAfter) { continue }
            if isDirectory {
                if folding, key.count > prefix.count, key.starts(with: prefix) {
                    emitPrefix(key)
                } else {
                    walk(relative: key)
                }
            } else {
                emitObject(key, path: directory + "/" + String(decoding: name, as: UTF8.self))
            }
        }
    }

    /// True when every name under `key` sorts at or before `token` (so a resumed listing skips it).
    private static func entirelyBefore(_ key: [UInt8], isDirectory: Bool, _ token: [UInt8]) -> Bool {
        if !isDirectory { return key == token || key.lexicographicallyPrecedes(token) }
        if token.starts(with: key) { return false }
        return key.lexicographicallyPrecedes(token)
    }

    private mutating func emitObject(_ key: [UInt8], path: String) {
        let name = String(decoding: key, as: UTF8.self)
        guard let info = try? LocalStorage.objectInfo(path, bucket: bucket, name: name) else { return }
        append(token: name) { $0.objects.append(info) }
    }

    private mutating func emitPrefix(_ key: [UInt8]) {
        let name = String(decoding: key, as: UTF8.self)
        append(token: name) { $0.prefixes.append(name) }
    }

    private mutating func append(token: String, _ add: (inout LocalListing) -> Void) {
        if objects.count + prefixes.count == limit {
            // One more than a page exists: the page ends at the last name given.
            full = true
            nextToken = lastEmitted
            return
        }
        add(&self)
        lastEmitted = token
    }

    private var lastEmitted: String?

    /// The entries of a folder sorted by their listing key, with links resolved (and dropped when they
    /// lead outside the bucket) and temporary files of unfinished writes left out.
    private func entries(of directory: String) -> [(name: [UInt8], isDirectory: Bool)] {
        guard let handle = opendir(directory) else { return [] }
        defer { closedir(handle) }
        var found: [(name: [UInt8], isDirectory: Bool)] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { Array($0.prefix { $0 != 0 }) }
            if name == [0x2E] || name == [0x2E, 0x2E] { continue }
            if name.starts(with: Array(LocalPaths.temporaryPrefix.utf8)) { continue }
            var type = Int32(entry.pointee.d_type)
            if type == Int32(DT_LNK) || type == Int32(DT_UNKNOWN) {
                let path = directory + "/" + String(decoding: name, as: UTF8.self)
                guard let real = LocalPaths.realPath(path), real == root || real.hasPrefix(root + "/") else { continue }
                var link = Glibc.stat()
                let isLink = type == Int32(DT_LNK) || (lstat(path, &link) == 0 && (link.st_mode & S_IFMT) == S_IFLNK)
                var info = Glibc.stat()
                guard fstatat(AT_FDCWD, real, &info, 0) == 0 else { continue }
                // Linked files inside the bucket are objects; linked folders are not followed (no cycles).
                let isFolder = (info.st_mode & S_IFMT) == S_IFDIR
                if isFolder, isLink { continue }
                type = isFolder ? Int32(DT_DIR) : ((info.st_mode & S_IFMT) == S_IFREG ? Int32(DT_REG) : 0)
            }
            if type == Int32(DT_DIR) { found.append((name, true)) } else if type == Int32(DT_REG) { found.append((name, false)) }
        }
        return found.sorted { a, b in
            (a.name + (a.isDirectory ? [0x2F] : [])).lexicographicallyPrecedes(b.name + (b.isDirectory ? [0x2F] : []))
        }
    }
}
