import ObjectStorage
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Expands command-line paths: a folder stands for every regular file below it, in sorted order.
/// Walks with `opendir`/`readdir` (Foundation's URL resource values cost more than parsing the files).
enum FileWalk {
    static func expand(_ paths: [String]) -> [String] {
        var out: [String] = []
        for path in paths {
            var info = stat()
            if stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
                var found: [String] = []
                walk(path, into: &found, depth: 0)
                out += found.sorted()
            } else {
                out.append(path)  // a missing file is reported when it is read
            }
        }
        return out
    }

    private static func walk(_ directory: String, into found: inout [String], depth: Int) {
        guard depth < 64, let handle = opendir(directory) else { return }
        defer { closedir(handle) }
        let prefix = directory.hasSuffix("/") ? directory : directory + "/"
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name == "." || name == ".." { continue }
            let path = prefix + name
            var type = Int32(entry.pointee.d_type)
            if type == Int32(DT_UNKNOWN) || type == Int32(DT_LNK) {
                var info = stat()
                guard stat(path, &info) == 0 else { continue }
                type = (info.st_mode & S_IFMT) == S_IFDIR ? Int32(DT_DIR) : ((info.st_mode & S_IFMT) == S_IFREG ? Int32(DT_REG) : 0)
            }
            if type == Int32(DT_DIR) {
                walk(path, into: &found, depth: depth + 1)
            } else if type == Int32(DT_REG) {
                found.append(path)
            }
        }
    }
}
