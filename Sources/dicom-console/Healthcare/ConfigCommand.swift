import ObjectStorage
import ArgumentParser
import Foundation

/// `dicom-console config set|get project|location`: the defaults of `--project` and `--location`.
struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config", abstract: "Set or show the default project and location (like gcloud config).",
        subcommands: [Set.self, Get.self])

    enum Key: String, ExpressibleByArgument { case project, location }

    struct Set: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Set a default.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "project or location") var key: Key
        @Argument(help: "The value.") var value: String
        func run() throws {
            var defaults = Defaults.load()
            switch key {
            case .project: defaults.project = value
            case .location: defaults.location = value
            }
            let url = Defaults.url
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            try encoder.encode(defaults).write(to: url, options: .atomic)
            printError("Updated property [\(key.rawValue)].")
        }
    }

    struct Get: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a default.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "project or location") var key: Key
        func run() throws {
            let defaults = Defaults.load()
            print(key == .project ? (defaults.project ?? Defaults.project) : (defaults.location ?? Defaults.location))
        }
    }
}
