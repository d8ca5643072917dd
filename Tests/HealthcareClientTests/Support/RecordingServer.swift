import AsyncHTTPClient
import Dispatch
import Foundation
import NIOCore
#if canImport(Glibc)
import Glibc
#endif

/// A running `healthcare_test_server.py`: canned answers per route, and the log of requests received.
final class RecordingServer: @unchecked Sendable {
    /// One request as the server saw it.
    struct Request: Decodable, Equatable {
        var method: String
        var path: String
        var query: String
        var body: String
        var authorization: String?
        var accept: String?
    }

    struct Failure: Error, CustomStringConvertible { let description: String }

    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("healthcare_test_server.py")

    let process: Process
    let port: Int
    private let configURL: URL

    /// `http://127.0.0.1:PORT`.
    var endpoint: URL { URL(string: "http://127.0.0.1:\(port)")! }

    /// Starts the server with `config` (see the script's documentation).
    init(_ config: [String: Any]) async throws {
        configURL = FileManager.default.temporaryDirectory.appendingPathComponent("healthcare-test-\(UUID()).json")
        try JSONSerialization.data(withJSONObject: config).write(to: configURL)
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Self.script.path, configURL.path]
        let output = Pipe()
        process.standardOutput = output
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let line = await firstLine(of: output.fileHandleForReading).trimmingCharacters(in: .whitespaces)
        guard let port = Int(line) else {
            _ = kill(process.processIdentifier, SIGKILL)
            throw Failure(description: "healthcare_test_server.py printed \"\(line)\", not a port")
        }
        self.port = port
    }

    /// The requests received so far, oldest first.
    func requests() async throws -> [Request] {
        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: "\(endpoint)/_log"), timeout: .seconds(10))
        let body = try await response.body.collect(upTo: 16 << 20)
        return try JSONDecoder().decode([Request].self, from: Data(body.readableBytesView))
    }

    /// Stops the server (SIGKILL: children inherit the test runner's blocked SIGTERM).
    func stop() {
        if process.isRunning {
            _ = kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: configURL)
    }
}

/// The first line a starting server prints (read off the cooperative pool); "" at end of file.
func firstLine(of handle: FileHandle) async -> String {
    await withCheckedContinuation { continuation in
        DispatchQueue.global().async {
            var data = Data()
            while !data.contains(UInt8(ascii: "\n")) {
                let more = handle.availableData
                if more.isEmpty { break }
                data.append(more)
            }
            continuation.resume(returning: String(decoding: data, as: UTF8.self).split(separator: "\n").first.map(String.init) ?? "")
        }
    }
}
