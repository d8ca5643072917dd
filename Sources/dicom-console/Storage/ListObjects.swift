import ArgumentParser
import Foundation
import ObjectStorage

/// `storage ls [-r] [-l] [gs://BUCKET[/PATH]]`: buckets, a folder's contents, or the objects a wildcard matches.
struct ListObjects: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ls",
        abstract: "List buckets, objects under a path, or the objects a wildcard matches (*, ?, **)."
    )
    @OptionGroup var global: GlobalOptions
    @Argument(help: "gs://BUCKET, gs://BUCKET/FOLDER, or gs://BUCKET/PATTERN.") var uris: [String] = []
    @Flag(name: .short, help: "Recurse into folders.") var recursive = false
    @Flag(name: .short, help: "Long listing: size, update time, name.") var long = false

    func run() async throws {
        try await withStorage(global) { storage in
            if uris.isEmpty {
                let (buckets, remoteError) = try await storage.listBucketsReportingRemote()
                for bucket in buckets { print("gs://\(bucket.name)/") }
                if let remoteError { printError("note: Cloud Storage buckets not listed: \(remoteError)") }
                return
            }
            for text in uris {
                let uri = try StorageURI(text)
                let pattern = uri.path.isEmpty ? nil : try ObjectPattern(uri.path)
                if let pattern, pattern.hasWildcards {
                    for try await object in try storage.objects(matching: uri) { show(object) }
                    continue
                }
                // A folder (or the bucket): its objects, and its sub-folders unless recursive.
                var prefix = uri.path
                if !prefix.isEmpty, !prefix.hasSuffix("/") {
                    if let object = try? await storage.metadata(bucket: uri.bucket, object: prefix) {
                        show(object)
                        continue
                    }
                    prefix += "/"
                }
                var token: String?
                repeat {
                    let page = try await storage.list(bucket: uri.bucket, prefix: prefix, delimiter: recursive ? nil : "/",
                                                      pageToken: token, pageSize: 1000)
                    for folder in page.prefixes { print((long ? String(repeating: " ", count: 34) : "") + "gs://\(uri.bucket)/\(folder)") }
                    for object in page.objects { show(object) }
                    token = page.nextPageToken
                } while token != nil
            }
        }
    }

    private func show(_ object: ObjectInfo) {
        guard long else { return print(object.uri) }
        let size = String(object.size)
        let date = object.updated.map { RFC3339.string(from: $0, microseconds: false) } ?? ""
        print(String(repeating: " ", count: max(0, 12 - size.count)) + size + "  " + date + "  " + object.uri)
    }
}
