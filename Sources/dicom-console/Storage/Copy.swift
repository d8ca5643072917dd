import ArgumentParser
import Foundation
import ObjectStorage

/// `storage cp [-r] SRC DST`: between local paths and gs:// URIs, in any direction.
struct Copy: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cp",
        abstract: "Copy files to, from and between buckets (wildcards allowed in gs:// sources).",
        discussion: "A destination ending in / is a folder: each source keeps its name (relative path with -r)."
    )
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Source: a local file or folder (-r), or gs://BUCKET/PATH (wildcards allowed).") var source: String
    @Argument(help: "Destination: a local path or gs://BUCKET/PATH.") var destination: String
    @Flag(name: .short, help: "Copy folders recursively.") var recursive = false

    func run() async throws {
        try await withStorage(global) { storage in
            var copied = 0
            for (from, name) in try await sources(storage) {
                let to = target(for: name)
                try await copy(from, to: to, storage: storage)
                copied += 1
            }
            guard copied > 0 else { throw StorageError(.notFound, "nothing matches \(source)") }
            printError("Copied \(copied) object\(copied == 1 ? "" : "s").")
        }
    }

    /// Each source with the name it keeps under a folder destination.
    private func sources(_ storage: StorageRouter) async throws -> [(Location, String)] {
        if source.hasPrefix("gs://") {
            let uri = try StorageURI(source)
            let basename = { (name: String) in String(name.split(separator: "/").last ?? "") }
            if !uri.path.isEmpty, try ObjectPattern(uri.path).hasWildcards {
                // Names keep their path below the pattern's literal folder with -r, else their base name.
                let literal = try ObjectPattern(uri.path).literalPrefix
                let folder = literal.contains("/") ? String(literal[...literal.lastIndex(of: "/")!]) : ""
                return try await Self.collect(storage.objects(matching: uri)) {
                    recursive ? String($0.dropFirst(folder.count)) : basename($0)
                }
            }
            if recursive || uri.path.isEmpty || uri.path.hasSuffix("/") {
                let folder = uri.path.isEmpty || uri.path.hasSuffix("/") ? uri.path : uri.path + "/"
                let everything = try StorageURI(bucket: uri.bucket, path: folder + "**")
                return try await Self.collect(storage.objects(matching: everything)) { String($0.dropFirst(folder.count)) }
            }
            return [(.object(uri.bucket, uri.path), basename(uri.path))]
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: source, isDirectory: &isDirectory) else {
            throw StorageError(.notFound, "no such file \(source)")
        }
        guard isDirectory.boolValue else { return [(.file(source), (source as NSString).lastPathComponent)] }
        guard recursive else { throw StorageError(.invalidArgument, "\(source) is a folder: add -r to copy it") }
        return FileWalk.expand([source]).map { path in
            (.file(path), String(path.dropFirst(source.count).drop { $0 == "/" }))
        }
    }

    private static func collect(_ objects: AsyncThrowingStream<ObjectInfo, any Error>,
                                _ relative: (String) -> String) async throws -> [(Location, String)] {
        var found: [(Location, String)] = []
        for try await object in objects { found.append((.object(object.bucket, object.name), relative(object.name))) }
        return found
    }

    private func target(for name: String) -> Location {
        let isFolder = destination.hasSuffix("/") || (recursive && !destination.hasPrefix("gs://")) || isExistingFolder(destination)
        if destination.hasPrefix("gs://"), let uri = try? StorageURI(destination) {
            let folder = destination.hasSuffix("/") || uri.path.isEmpty || recursive
            return .object(uri.bucket, folder ? (uri.path.isEmpty || uri.path.hasSuffix("/") ? uri.path : uri.path + "/") + name : uri.path)
        }
        return .file(isFolder ? (destination as NSString).appendingPathComponent(name) : destination)
    }

    private func isExistingFolder(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return !path.hasPrefix("gs://") && FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    private func copy(_ from: Location, to: Location, storage: StorageRouter) async throws {
        switch (from, to) {
        case (.file(let path), .object(let bucket, let name)):
            _ = try await storage.write(bucket: bucket, object: name, contentType: ContentType.guess(for: name),
                                        from: FileChunks.stream(path))
        case (.object(let bucket, let name), .object(let toBucket, let toName)):
            let info = try await storage.metadata(bucket: bucket, object: name)
            _ = try await storage.write(bucket: toBucket, object: toName, contentType: info.contentType,
                                        from: try await storage.read(bucket: bucket, object: name))
        case (.object(let bucket, let name), .file(let path)):
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try await FileChunks.write(try await storage.read(bucket: bucket, object: name), to: path)
        case (.file(let path), .file(let target)):
            try FileManager.default.createDirectory(atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try await FileChunks.write(FileChunks.stream(path), to: target)
        }
    }

    enum Location {
        case file(String)
        case object(String, String)
    }
}

/// Local files as chunk streams, and chunk streams into local files (atomically).
enum FileChunks {
    static func stream(_ path: String) -> AsyncThrowingStream<Data, any Error> {
        let handle = FileHandle(forReadingAtPath: path)
        return AsyncThrowingStream(unfolding: {
            guard let handle else { throw StorageError(.notFound, "cannot read \(path)") }
            guard let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty else { return nil }
            return chunk
        })
    }

    static func write(_ chunks: AsyncThrowingStream<Data, any Error>, to path: String) async throws {
        let temporary = path + ".part-\(UUID().uuidString)"
        guard FileManager.default.createFile(atPath: temporary, contents: nil), let handle = FileHandle(forWritingAtPath: temporary) else {
            throw StorageError(.internal, "cannot create \(path)")
        }
        do {
            for try await chunk in chunks { try handle.write(contentsOf: chunk) }
            try handle.synchronize()
            try handle.close()
            if FileManager.default.fileExists(atPath: path) { try FileManager.default.removeItem(atPath: path) }
            try FileManager.default.moveItem(atPath: temporary, toPath: path)
        } catch {
            try? handle.close()
            try? FileManager.default.removeItem(atPath: temporary)
            throw error
        }
    }
}
