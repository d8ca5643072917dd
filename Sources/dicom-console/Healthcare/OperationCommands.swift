import ObjectStorage
import ArgumentParser
import DICOM
import DicomStore
import Foundation

/// `dicom-console operations describe|list|cancel|wait|logs`, shaped like `gcloud healthcare operations`.
struct OperationsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "operations", abstract: "Follow, list and cancel long-running operations.",
        subcommands: [Describe.self, List.self, Cancel.self, Wait.self, Logs.self, RunWorker.self])

    struct Describe: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show an operation.")
        @OptionGroup var options: DatasetOptions
        @Argument(help: "Operation ID or full name.") var operation: String
        func run() async throws {
            try await withService(options.location.global) { service in
                let name = try OperationName(parsing: operation, dataset: options.datasetName)
                emit(RESTShapes.operation(try await service.operation(name)), options.location.format)
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List a dataset's operations, newest first.")
        @OptionGroup var options: DatasetOptions
        @Option(help: "done=true or done=false.") var filter: String?
        func run() async throws {
            try await withService(options.location.global) { service in
                let done: Bool? = filter.flatMap { $0 == "done=true" ? true : ($0 == "done=false" ? false : nil) }
                let operations = try await service.operations(in: options.datasetName, done: done, kind: nil)
                if options.location.format == .json { return emit(.array(operations.map(RESTShapes.operation)), .json) }
                print("ID\tLOCATION\tDONE\tSTATUS\tSUCCESS\tFAILURE\tPENDING")
                for op in operations {
                    let status = op.done ? (op.error?.code.rawValue ?? "OK") : "RUNNING"
                    print("\(op.name.id)\t\(op.name.dataset.parent.location)\t\(op.done ? "True" : "False")\t\(status)\t\(op.counter.success)\t\(op.counter.failure)\t\(op.counter.pending)")
                }
            }
        }
    }

    struct Cancel: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Ask a running operation to stop.")
        @OptionGroup var options: DatasetOptions
        @Argument(help: "Operation ID or full name.") var operation: String
        func run() async throws {
            try await withService(options.location.global) { service in
                let name = try OperationName(parsing: operation, dataset: options.datasetName)
                _ = try await service.cancel(name)
                printError("Cancellation requested for [\(name)].")
            }
        }
    }

    struct Wait: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Wait for an operation to finish, then show it.")
        @OptionGroup var options: DatasetOptions
        @Argument(help: "Operation ID or full name.") var operation: String
        func run() async throws {
            try await withService(options.location.global) { service in
                let finished = try await OperationWaiter.wait(for: OperationName(parsing: operation, dataset: options.datasetName), service: service)
                emit(RESTShapes.operation(finished), options.location.format)
            }
        }
    }

    struct Logs: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the objects an operation could not process, and why.")
        @OptionGroup var options: DatasetOptions
        @Argument(help: "Operation ID or full name.") var operation: String
        func run() async throws {
            try await withService(options.location.global) { service in
                for entry in try await service.logs(of: OperationName(parsing: operation, dataset: options.datasetName)) {
                    print("\(RESTShapes.time(entry.time))\t\(entry.code.rawValue)\t\(entry.resource)\t\(entry.message)")
                }
            }
        }
    }

    /// The detached worker: runs one operation to its end (started by `--async` and the console).
    struct RunWorker: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "run-worker", abstract: "Run an operation (internal).",
                                                        shouldDisplay: false)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Full operation name.") var operation: String
        func run() async throws {
            BackgroundPriority.lower()
            try await withEmbeddedService(global, refusing: "operations run-worker") { service in
                await service.run(try OperationName(parsing: operation))
            }
        }
    }
}

/// What `import`/`export` commands do with the operation they started: with `--async`, print it at once;
/// otherwise wait for it, print the finished operation, and exit 1 if it ended with an error.
func report(_ started: DicomOperation, verb: String, async runAsync: Bool, format: OutputFormat,
            service: any DicomService) async throws {
    if runAsync {
        printError("Started \(verb) operation [\(started.name)].")
        return emit(RESTShapes.operation(started), format)
    }
    let finished = try await OperationWaiter.wait(for: started.name, service: service)
    emit(RESTShapes.operation(finished), format)
    if finished.error != nil { throw ExitCode(1) }
}

/// Waits for an operation like gcloud: "Waiting for operation [...] to complete..." on stderr, with a
/// progress line on a terminal, then "done.".
enum OperationWaiter {
    static func wait(for name: OperationName, service: any DicomService) async throws -> DicomOperation {
        let terminal = isatty(2) == 1
        printError("Waiting for operation [\(name)] to complete...", newline: !terminal)
        var last: DicomOperation?
        for try await snapshot in service.progress(of: name) {
            last = snapshot
            if terminal {
                let c = snapshot.counter
                FileHandle.standardError.write(Data("\r\u{1B}[KWaiting for operation [\(name.id)]: \(c.success) imported, \(c.failure) failed, \(c.pending) pending".utf8))
            }
        }
        if terminal { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        printError(terminal ? "Waiting for operation [\(name)] to complete...done." : "done.")
        guard let last else { throw ExitCode(1) }
        return last
    }
}
