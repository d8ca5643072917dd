import ArgumentParser
import DicomStore
import Foundation
import ObjectStorage

/// Where a command acts: project and location (with defaults from the configuration), and output format.
struct LocationOptions: ParsableArguments {
    @OptionGroup var global: GlobalOptions
    @Option(help: "Project ID (default: the configured project, else \(Defaults.project)).") var project: String?
    @Option(help: "Location (default: the configured location, else \(Defaults.location)).") var location: String?
    @Option(help: "Output format: yaml (default) or json.") var format: OutputFormat = .yaml

    var locationName: LocationName {
        get throws {
            let config = Defaults.load()
            return try LocationName(project: project ?? config.project ?? Defaults.project,
                                    location: location ?? config.location ?? Defaults.location)
        }
    }
}

/// `--labels=KEY=VALUE,…` as gcloud takes them.
struct LabelOptions: ParsableArguments {
    @Option(help: "Labels: KEY=VALUE,KEY=VALUE (letters, digits, _ and - in keys).") var labels: String?

    var parsed: [String: String] {
        get throws {
            guard let labels, !labels.isEmpty else { return [:] }
            var result: [String: String] = [:]
            for pair in labels.split(separator: ",") {
                let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
                guard parts.count == 2, !parts[0].isEmpty,
                      parts[0].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }) else {
                    throw ValidationError("label \"\(pair)\" is not KEY=VALUE")
                }
                result[parts[0]] = parts[1]
            }
            return result
        }
    }
}

/// Output formats of resource-printing commands.
enum OutputFormat: String, ExpressibleByArgument, Sendable {
    case yaml, json
}

/// Defaults from `$XDG_CONFIG_HOME/dicom-console/config.json` (`{"project": …, "location": …}`).
struct Defaults: Codable {
    static let project = "local-project"
    static let location = "local"
    var project: String?
    var location: String?

    static var url: URL {
        let environment = ProcessInfo.processInfo.environment
        let base = environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : URL(fileURLWithPath: $0) }
            ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".config")
        return base.appendingPathComponent("dicom-console/config.json")
    }

    static func load() -> Defaults {
        (try? JSONDecoder().decode(Defaults.self, from: Data(contentsOf: url))) ?? Defaults()
    }
}

/// Prints resources as YAML (gcloud's default) or JSON.
func emit(_ value: DICOM.JSONValue, _ format: OutputFormat) {
    switch format {
    case .yaml: print(YAML.render(value), terminator: "")
    case .json: print(value.serialized(pretty: true))
    }
}

/// Opens the embedded service for one command and runs `body`; service errors become a message on
/// stderr and their exit code.
func withService(_ options: GlobalOptions, detachedWorkers: Bool = false,
                 _ body: (EmbeddedService) async throws -> Void) async throws {
    let remote = try GCSStorage.fromEnvironment()
    var failure: (any Error)?
    do {
        let storage = StorageRouter(local: try LocalStorage(dataDirectory: options.dataDirectory), remote: remote)
        let runner: any OperationRunner = detachedWorkers
            ? DetachedProcessRunner(executable: Executable.path, arguments: ["operations", "run-worker", "--data-dir", options.dataDirectory.path])
            : InProcessRunner()
        let service = try EmbeddedService(dataDirectory: options.dataDirectory, storage: storage, runner: runner)
        try await body(service)
    } catch {
        failure = error
    }
    try? await remote?.shutdown()
    guard let failure else { return }
    if failure is ExitCode || failure is CleanExit { throw failure }
    let error = ServiceError(failure)
    printError("ERROR: (\(error.code.rawValue)) \(error.message)")
    throw ExitCode(error.exitCode)
}

/// This program's own path (for starting worker processes).
enum Executable {
    static var path: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }
}

import DICOM
