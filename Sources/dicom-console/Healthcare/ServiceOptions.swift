import ArgumentParser
import DicomStore
import Foundation
import HealthcareClient
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
    /// The data directory when `--data-dir` is not given (`config set data-dir`, or the console's setup).
    var dataDirectory: String?

    static var url: URL {
        let environment = ProcessInfo.processInfo.environment
        let base = environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : URL(fileURLWithPath: $0) }
            ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".config")
        return base.appendingPathComponent("dicom-console/config.json")
    }

    static func load() -> Defaults {
        (try? JSONDecoder().decode(Defaults.self, from: Data(contentsOf: url))) ?? Defaults()
    }

    /// Writes the defaults to `config.json` (atomically).
    func save() throws {
        try FileManager.default.createDirectory(at: Self.url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try encoder.encode(self).write(to: Self.url, options: .atomic)
    }
}

/// Prints resources as YAML (gcloud's default) or JSON.
func emit(_ value: DICOM.JSONValue, _ format: OutputFormat) {
    switch format {
    case .yaml: print(YAML.render(value), terminator: "")
    case .json: print(value.serialized(pretty: true))
    }
}

/// Opens the service for one command and runs `body`: the `RemoteService` of `--endpoint` when one is
/// given, else the embedded service. Service errors become a message on stderr and their exit code.
func withService(_ options: GlobalOptions, detachedWorkers: Bool = false,
                 _ body: (any DicomService) async throws -> Void) async throws {
    if let endpoint = try options.remoteEndpoint {
        let service = try RemoteService(options.remoteConfiguration(endpoint),
                                        localStorage: LocalStorage(dataDirectory: options.dataDirectory))
        var failure: (any Error)?
        do { try await body(service) } catch { failure = error }
        try? await service.shutdown()
        if let failure { try await reportingErrors { throw failure } }
        return
    }
    try await withEmbeddedService(options, detachedWorkers: detachedWorkers) { try await body($0) }
}

/// Opens the embedded service (for what only it can do, like running a worker); refuses `--endpoint`.
func withEmbeddedService(_ options: GlobalOptions, detachedWorkers: Bool = false, refusing command: String? = nil,
                         _ body: (EmbeddedService) async throws -> Void) async throws {
    if let command, try options.remoteEndpoint != nil {
        printError("ERROR: (INVALID_ARGUMENT) `\(command)` works on this machine's data directory only: drop --endpoint (and DICOM_CONSOLE_ENDPOINT)")
        throw ExitCode(1)
    }
    let remote = try GCSStorage.fromEnvironment()
    var failure: (any Error)?
    do {
        try await body(try embeddedService(at: options.dataDirectory, remote: remote, detachedWorkers: detachedWorkers))
    } catch {
        failure = error
    }
    try? await remote?.shutdown()
    if let failure { try await reportingErrors { throw failure } }
}

/// The embedded service over a data directory (created if needed), with Cloud Storage as `remote`.
func embeddedService(at dataDirectory: URL, remote: (any ObjectStorage)?, detachedWorkers: Bool) throws -> EmbeddedService {
    let storage = StorageRouter(local: try LocalStorage(dataDirectory: dataDirectory), remote: remote)
    let runner: any OperationRunner = detachedWorkers
        ? DetachedProcessRunner(executable: Executable.path, arguments: ["operations", "run-worker", "--data-dir", dataDirectory.path])
        : InProcessRunner()
    return try EmbeddedService(dataDirectory: dataDirectory, storage: storage, runner: runner)
}

/// Runs `body`; errors other than exits are printed as `ERROR: (CODE) message` and exit with their code.
func reportingErrors(_ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let exit as ExitCode {
        throw exit
    } catch let exit as CleanExit {
        throw exit
    } catch {
        let error = ServiceError(error)
        printError("ERROR: (\(error.code.rawValue)) \(error.message)")
        throw ExitCode(error.exitCode)
    }
}

/// This program's own path (for starting worker processes).
enum Executable {
    static var path: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }
}

import DICOM
