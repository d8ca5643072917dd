import ArgumentParser
import Foundation
import ObjectStorage

/// `storage cat gs://…`: write objects' content to standard output (wildcards allowed), like gsutil cat.
struct Cat: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cat",
        abstract: "Write the content of objects to standard output (wildcards allowed)."
    )
    @OptionGroup var global: GlobalOptions
    @Argument(help: "gs://BUCKET/PATH or a pattern.") var uris: [String]

    func run() async throws {
        try await withStorage(global) { storage in
            let out = FileHandle.standardOutput
            var count = 0
            for text in uris {
                for try await object in try storage.objects(matching: StorageURI(text)) {
                    for try await chunk in try await storage.read(bucket: object.bucket, object: object.name) {
                        out.write(chunk)
                    }
                    count += 1
                }
            }
            if count == 0 { throw StorageError(.notFound, "nothing matches \(uris.joined(separator: " "))") }
        }
    }
}
