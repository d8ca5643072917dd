import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Starts the work of an operation somewhere: in this process, or in a detached worker process that
/// outlives the front end that asked for it.
public protocol OperationRunner: Sendable {
    /// Starts running `operation` of `service` (returns at once).
    func start(_ operation: OperationName, service: EmbeddedService) throws
}

/// Runs operations as tasks of this process (the CLI waiting for an import, the HTTP server, tests).
public struct InProcessRunner: OperationRunner {
    public init() {}

    public func start(_ operation: OperationName, service: EmbeddedService) throws {
        Task.detached(priority: .utility) { await service.run(operation) }
    }
}

/// Runs each operation in its own detached process (`dicom-console operations run-worker NAME`),
/// in a new session so that closing the terminal or quitting the console does not stop it.
public struct DetachedProcessRunner: OperationRunner {
    /// The executable and the arguments that come before the operation name.
    public let executable: String
    public let arguments: [String]

    public init(executable: String, arguments: [String]) {
        self.executable = executable
        self.arguments = arguments
    }

    public func start(_ operation: OperationName, service: EmbeddedService) throws {
        let process = Process()
        // setsid: a new session, so the worker survives the terminal and the console that started it.
        let setsid = "/usr/bin/setsid"
        if FileManager.default.isExecutableFile(atPath: setsid) {
            process.executableURL = URL(fileURLWithPath: setsid)
            process.arguments = [executable] + arguments + [operation.description]
        } else {
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments + [operation.description]
        }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        let log = service.dataDirectory.appendingPathComponent("workers.log")
        if !FileManager.default.fileExists(atPath: log.path) { _ = FileManager.default.createFile(atPath: log.path, contents: nil) }
        let handle = try FileHandle(forWritingTo: log)
        handle.seekToEndOfFile()
        process.standardError = handle
        do { try process.run() } catch {
            throw ServiceError(.internal, "cannot start a worker for \(operation): \(error.localizedDescription)")
        }
    }
}
