import DicomStore
import ObjectStorage
import ArgumentParser
import Foundation

/// `dicom-console config set|get project|location|data-dir`: the defaults of `--project`, `--location`
/// and `--data-dir`.
struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config", abstract: "Set or show the default project, location and data directory (like gcloud config).",
        subcommands: [Set.self, Get.self])

    enum Key: String, ExpressibleByArgument { case project, location, dataDir = "data-dir" }

    struct Set: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Set a default.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "project, location or data-dir") var key: Key
        @Argument(help: "The value.") var value: String
        func run() throws {
            var defaults = Defaults.load()
            switch key {
            case .project: defaults.project = value
            case .location: defaults.location = value
            case .dataDir:
                guard value.hasPrefix("/") else { throw ValidationError("data-dir must be an absolute path, not \(value)") }
                let chosen = EmbeddedService.dataDirectory(choosing: URL(fileURLWithPath: value).standardizedFileURL)
                if chosen.path != URL(fileURLWithPath: value).standardizedFileURL.path {
                    printError("\(value) holds other files: the data goes to \(chosen.path)")
                }
                defaults.dataDirectory = chosen.path
            }
            try defaults.save()
            printError("Updated property [\(key.rawValue)].")
        }
    }

    struct Get: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a default.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "project, location or data-dir") var key: Key
        func run() throws {
            let defaults = Defaults.load()
            switch key {
            case .project: print(defaults.project ?? Defaults.project)
            case .location: print(defaults.location ?? Defaults.location)
            case .dataDir: print(global.dataDirectory.path)
            }
        }
    }
}
