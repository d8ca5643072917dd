import Foundation
import ObjectStorage
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// The real `dicom-console serve` on a loopback port in a fresh data directory, with the CLI, curl and
/// Python run beside it as users run them.
final class ServerProcess: @unchecked Sendable {
    struct Run { let status: Int32; let stdout: String; let stderr: String }

    static let token = "test-token-\(UUID().uuidString.prefix(8))"
    static let project = "p", location = "l"

    let root = FileManager.default.temporaryDirectory.appendingPathComponent("serve-\(UUID().uuidString)")
    var data: URL { root.appendingPathComponent("data") }
    private var process: Process?
    private(set) var port = 0

    var endpoint: String { "http://127.0.0.1:\(port)" }
    var locationURL: String { "\(endpoint)/v1/projects/\(Self.project)/locations/\(Self.location)" }

    /// The built binary: `$DICOM_CONSOLE_BIN`, else the debug build.
    static var binary: String { Corpus.binaryPath }

    static var samples: URL { Corpus.samples }

    static let support = URL(fileURLWithPath: #filePath).deletingLastPathComponent()

    /// The store's service agent for the test project.
    static var agent: String { ServiceAgent.member(projectNumber: ServiceAgent.localProjectNumber(for: project)) }

    init() throws {
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }

    /// Starts the server (extra arguments appended) and waits for its "Listening on" line; with `log`,
    /// requests are logged to that file instead of being silenced.
    func start(_ extra: [String] = ["--token", ServerProcess.token], log: URL? = nil) throws {
        #expect(FileManager.default.isExecutableFile(atPath: Self.binary), "build dicom-console first (swift build)")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = ["serve", "--data-dir", data.path, "--port", "0"] + (log == nil ? ["--quiet"] : []) + extra
        let out = Pipe()
        process.standardOutput = out
        if let log {
            _ = FileManager.default.createFile(atPath: log.path, contents: nil)
            process.standardError = try FileHandle(forWritingTo: log)
        } else {
            process.standardError = FileHandle(forWritingAtPath: "/dev/null")
        }
        process.environment = environment
        try process.run()
        self.process = process
        var line = Data()
        let deadline = Date().addingTimeInterval(30)
        while !line.contains(UInt8(ascii: "\n")), Date() < deadline, process.isRunning {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        let text = String(decoding: line, as: UTF8.self)
        guard let range = text.range(of: "Listening on http://127.0.0.1:"),
              let port = Int(text[range.upperBound...].prefix { $0.isNumber }) else {
            throw ServiceFailure("the server did not start: \(text)")
        }
        self.port = port
    }

    var environment: [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["XDG_CONFIG_HOME"] = root.appendingPathComponent("config").path
        environment.removeValue(forKey: "STORAGE_EMULATOR_HOST")
        return environment
    }

    /// Stops the server (SIGKILL: test threads block the signals a graceful stop listens for).
    func stop() {
        if let process, process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: root)
    }

    /// Runs a program to completion and collects its output.
    func run(_ executable: String, _ arguments: [String]) throws -> Run {
        let output = try ProgramRun.run(executable, arguments, environment: environment, scratch: root)
        return Run(status: output.status, stdout: output.stdout, stderr: output.stderr)
    }

    /// The CLI on the server's data directory.
    func cli(_ arguments: String...) throws -> Run {
        try run(Self.binary, arguments + ["--data-dir", data.path])
    }

    /// A local bucket over a new folder, with the roles import and export need granted to the agent.
    func bucket(_ name: String, files: [String: Data] = [:]) throws -> URL {
        let folder = root.appendingPathComponent("buckets/\(name)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for (path, bytes) in files {
            let url = folder.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try bytes.write(to: url)
        }
        #expect(try cli("storage", "buckets", "create", "gs://\(name)", "--path", folder.path).status == 0)
        #expect(try cli("storage", "buckets", "add-iam-policy-binding", "gs://\(name)", "--member=\(Self.agent)",
                        "--role=roles/storage.objectAdmin").status == 0)
        return folder
    }

    /// The six phantom samples and one junk file, as bucket contents.
    static func sampleFiles() throws -> [String: Data] {
        var files: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: samples.path) where name.hasSuffix(".dcm") {
            files["in/\(name)"] = try Data(contentsOf: samples.appendingPathComponent(name))
        }
        files["in/junk/not-dicom.dcm"] = Data("this is not a DICOM file".utf8)
        return files
    }

    /// curl with the bearer token; returns (HTTP status, body).
    func curl(_ method: String, _ url: String, body: String? = nil, headers: [String] = [],
              token: String? = ServerProcess.token) throws -> (Int, String) {
        var arguments = ["-s", "-S", "-X", method, "-w", "\n%{http_code}", url]
        if let token { arguments += ["-H", "Authorization: Bearer \(token)"] }
        for header in headers { arguments += ["-H", header] }
        if let body { arguments += ["-H", "Content-Type: application/json", "--data-binary", body] }
        let run = try run("/usr/bin/curl", arguments)
        #expect(run.status == 0, "curl failed: \(run.stderr)")
        let text = run.stdout
        guard let newline = text.lastIndex(of: "\n") else { return (0, text) }
        return (Int(text[text.index(after: newline)...]) ?? 0, String(text[..<newline]))
    }

    /// curl that expects JSON back.
    func json(_ method: String, _ url: String, body: String? = nil, token: String? = ServerProcess.token) throws -> (Int, JSONObject) {
        let (status, text) = try curl(method, url, body: body, token: token)
        return (status, try JSONObject(text))
    }

    /// Polls an operation until `done`, as the seed's `operations get` loop does.
    func waitForOperation(_ name: String) throws -> JSONObject {
        let deadline = Date().addingTimeInterval(120)
        while Date() < deadline {
            let (status, operation) = try json("GET", "\(endpoint)/v1/\(name)")
            #expect(status == 200)
            if operation["done"] as? Bool == true { return operation }
            Thread.sleep(forTimeInterval: 0.1)
        }
        throw ServiceFailure("operation \(name) did not finish in two minutes")
    }
}

/// A JSON object read with JSONSerialization, with key paths (`"metadata.counter.success"`).
struct JSONObject: @unchecked Sendable {
    let value: Any

    init(_ text: String) throws {
        value = try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
    }

    init(value: Any) { self.value = value }

    subscript(path: String) -> Any? {
        var current: Any? = value
        for key in path.split(separator: ".") {
            if let index = Int(key), let array = current as? [Any] {
                current = index < array.count ? array[index] : nil
            } else {
                current = (current as? [String: Any])?[String(key)]
            }
        }
        return current
    }
}

struct ServiceFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
