import AsyncHTTPClient
import Crypto
import Dispatch
import Foundation
import NIOCore
@testable import ObjectStorage

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A test-infrastructure failure, with a message that says what to do.
struct GCSTestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Running helper programs.
enum GCSTestProcess {
    /// Runs a program to completion; its output and standard error as text.
    static func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String, errors: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: outputData, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines),
                String(decoding: errorData, as: UTF8.self))
    }

    /// Kills a test server with SIGKILL and reaps it. (Not SIGTERM: children of the test process inherit
    /// its blocked-signal mask, in which SIGTERM is blocked, so a terminate() would never arrive.)
    static func killServer(_ process: Process) {
        guard process.isRunning else { return }
        _ = kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// The first line a running program writes (read off the cooperative pool); throws at end of file.
    static func firstLine(of handle: FileHandle) async throws -> String {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                var data = Data()
                while !data.contains(UInt8(ascii: "\n")) {
                    let more = handle.availableData
                    if more.isEmpty { break }
                    data.append(more)
                }
                let line = String(decoding: data, as: UTF8.self).split(separator: "\n").first.map(String.init)
                if let line { continuation.resume(returning: line) } else {
                    continuation.resume(throwing: GCSTestFailure("the test server exited before printing its port"))
                }
            }
        }
    }
}

/// Configurations and the loopback Python server (`Support/iam_test_server.py`).
enum GCSTestServers {
    /// Retries with millisecond delays, 5 attempts.
    static let fastRetry = GCSRetryPolicy(maxAttempts: 5, initialDelay: .milliseconds(1), maxDelay: .milliseconds(10),
                                          totalTimeout: .seconds(30))
    /// A storage configuration for tests: fast retries.
    static let fastConfiguration = GCSStorage.Configuration(retry: fastRetry)

    /// The Python script.
    static let scriptURL = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Support/iam_test_server.py")
}

/// A running `iam_test_server.py`.
final class GCSTestServer {
    let process: Process
    let port: Int
    let configURL: URL

    /// `http://127.0.0.1:PORT`.
    var endpoint: URL { URL(string: "http://127.0.0.1:\(port)")! }

    private init(process: Process, port: Int, configURL: URL) {
        self.process = process
        self.port = port
        self.configURL = configURL
    }

    /// Writes `config` and starts the server; it prints its port when it listens.
    static func start(_ config: [String: Any]) async throws -> GCSTestServer {
        let configURL = FileManager.default.temporaryDirectory.appendingPathComponent("iam-test-\(UUID()).json")
        try JSONSerialization.data(withJSONObject: config).write(to: configURL)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", GCSTestServers.scriptURL.path, configURL.path]
        let output = Pipe()
        process.standardOutput = output
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let line = try await GCSTestProcess.firstLine(of: output.fileHandleForReading)
        guard let port = Int(line) else {
            GCSTestProcess.killServer(process)
            throw GCSTestFailure("iam_test_server.py printed \(line), not a port")
        }
        return GCSTestServer(process: process, port: port, configURL: configURL)
    }

    /// Stops the server.
    func stop() {
        GCSTestProcess.killServer(process)
        try? FileManager.default.removeItem(at: configURL)
    }

    /// GETs an inspection path (`/_counts`, `/_log`, `/_assertions`) and parses its JSON.
    func inspect(_ path: String) async throws -> Any {
        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: "\(endpoint)\(path)"),
                                                           timeout: .seconds(10))
        let body = try await response.body.collect(upTo: 16 << 20)
        return try JSONSerialization.jsonObject(with: Data(body.readableBytesView))
    }

    /// How many requests a path received.
    func count(_ path: String) async throws -> Int {
        ((try await inspect("/_counts")) as? [String: Any])?[path] as? Int ?? 0
    }

    /// The request log: method, path, authorization, contentRange.
    func log() async throws -> [[String: Any]] {
        (try await inspect("/_log")) as? [[String: Any]] ?? []
    }
}

/// Runs `body` with a test server, stopping it afterwards.
@discardableResult
func withGCSTestServer<T>(_ config: [String: Any], _ body: (GCSTestServer) async throws -> T) async throws -> T {
    let server = try await GCSTestServer.start(config)
    defer { server.stop() }
    return try await body(server)
}

/// Runs `body` with a storage on `server`, shutting it down afterwards.
@discardableResult
func withGCSStorage<T>(on server: GCSTestServer, credentials: GCSCredentials = .accessToken("test-token"),
                    configuration: GCSStorage.Configuration = GCSTestServers.fastConfiguration,
                    environment: [String: String] = ProcessInfo.processInfo.environment,
                    _ body: (GCSStorage) async throws -> T) async throws -> T {
    let storage = GCSStorage(endpoint: server.endpoint, credentials: credentials, project: "test-project",
                             configuration: configuration, environment: environment)
    do {
        let result = try await body(storage)
        try await storage.shutdown()
        return result
    } catch {
        try? await storage.shutdown()
        throw error
    }
}

/// A loopback port that was free when asked.
func gcsFreeLoopbackPort() throws -> Int {
    let script = "import socket; s = socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])"
    let result = try GCSTestProcess.run("/usr/bin/env", ["python3", "-c", script])
    guard result.status == 0, let port = Int(result.output) else { throw GCSTestFailure("no free port: \(result.errors)") }
    return port
}

/// The resident set size of this process, from /proc/self/statm.
func gcsResidentBytes() -> Int {
    guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
    let fields = text.split(separator: " ")
    guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
    return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
}

/// Pseudo-random bytes generated on demand (xorshift64*), hashed as they are produced, with the peak
/// RSS seen while producing.
actor GCSTestPattern {
    private var state: UInt64
    private var remaining: Int
    private let chunkSize: Int
    private var crc = CRC32C()
    private var md5 = Insecure.MD5()
    private(set) var peakResident = 0

    init(size: Int, chunkSize: Int = 1 << 20, seed: UInt64 = 0x9E37_79B9_7F4A_7C15) {
        remaining = size
        self.chunkSize = chunkSize
        state = seed
    }

    /// The next chunk, or nil when all bytes were produced.
    func next() -> Data? {
        guard remaining > 0 else { return nil }
        let count = min(chunkSize, remaining)
        remaining -= count
        var data = Data(count: count)
        var x = state
        data.withUnsafeMutableBytes { raw in
            let words = raw.bindMemory(to: UInt64.self)
            for index in 0..<words.count {
                x ^= x >> 12
                x ^= x << 25
                x ^= x >> 27
                words[index] = x &* 0x2545_F491_4F6C_DD1D
            }
            for index in (words.count * 8)..<count { raw[index] = UInt8(truncatingIfNeeded: index) }
        }
        state = x
        data.withUnsafeBytes { crc.update($0) }
        md5.update(data: data)
        peakResident = max(peakResident, gcsResidentBytes())
        return data
    }

    /// CRC32C and MD5 (base64, as Cloud Storage writes them) of everything produced.
    func hashes() -> (crc32c: String, md5: String) {
        (crc.base64, Data(md5.finalize()).base64EncodedString())
    }

    /// The pattern as a stream pulled chunk by chunk.
    nonisolated func stream() -> AsyncThrowingStream<Data, any Error> {
        AsyncThrowingStream(unfolding: { await self.next() })
    }
}
