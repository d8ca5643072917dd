import Foundation
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// The real `dicom-console` binary: `serve` on loopback (port 0) over a data directory, and CLI runs.
final class ServeProcess: @unchecked Sendable {
    struct Run { let status: Int32; let stdout: String; let stderr: String }
    struct Failure: Error, CustomStringConvertible { let description: String }

    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    /// `$DICOM_CONSOLE_BIN`, else `<package>/.build/debug/dicom-console`.
    static var binary: String { Corpus.binaryPath }

    let root: URL
    let process: Process
    let endpoint: String

    /// Starts `serve --port 0 --token TOKEN` over `root/server`; returns once it prints where it listens.
    init(root: URL, token: String) async throws {
        self.root = root
        process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = ["serve", "--port", "0", "--token", token, "--quiet", "--data-dir", root.appendingPathComponent("server").path]
        process.environment = Self.environment(root)
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let line = await firstLine(of: output.fileHandleForReading)
        guard line.hasPrefix("Listening on http://") else {
            _ = kill(process.processIdentifier, SIGKILL)
            throw Failure(description: "serve printed \"\(line)\", not \"Listening on http://…\"")
        }
        endpoint = String(line.dropFirst("Listening on ".count))
    }

    /// The environment of every run: a private configuration folder (project `remote-project`).
    static func environment(_ root: URL) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["XDG_CONFIG_HOME"] = root.appendingPathComponent("config").path
        environment.removeValue(forKey: "STORAGE_EMULATOR_HOST")
        environment.removeValue(forKey: "DICOM_CONSOLE_ENDPOINT")
        environment.removeValue(forKey: "DICOM_CONSOLE_ACCESS_TOKEN")
        return environment
    }

    /// Runs the CLI to completion (`--data-dir` is part of `arguments`).
    static func cli(_ arguments: [String], root: URL) throws -> Run {
        let output = try ProgramRun.run(binary, arguments, environment: environment(root), scratch: root)
        return Run(status: output.status, stdout: output.stdout, stderr: output.stderr)
    }

    /// Stops the server (SIGKILL: children inherit the test runner's blocked SIGTERM).
    func stop() {
        if process.isRunning {
            _ = kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }
}
