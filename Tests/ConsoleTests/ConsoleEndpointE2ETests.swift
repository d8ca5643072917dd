import Foundation
import Testing
@testable import Console
@testable import DicomStore
import ObjectStorage
#if canImport(Glibc)
import Glibc
#endif

/// The console attached to a running `dicom-console serve` through `--endpoint`: the server keeps the
/// data; the console's own data directory holds only `console.json`.
@Suite(.serialized, .timeLimit(.minutes(3))) struct ConsoleEndpointE2ETests {
    /// Starts `serve --allow-unauthenticated --port 0` over `data`; returns the process and its URL.
    static func serve(_ data: URL) throws -> (Process, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Tmux.binary)
        process.arguments = ["serve", "--port", "0", "--allow-unauthenticated", "--quiet", "--data-dir", data.path]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let more = output.fileHandleForReading.availableData
            if more.isEmpty { break }
            line.append(more)
        }
        let text = String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.hasPrefix("Listening on ") else {
            _ = kill(process.processIdentifier, SIGKILL)
            throw TmuxError("serve printed \"\(text)\"")
        }
        return (process, String(text.dropFirst("Listening on ".count)))
    }

    @Test func wildcardImportThroughAServerShowsCountersLogAndInstances() async throws {
        let tmux = try Tmux()
        let e2e = ConsoleE2ETests()
        let data = try await e2e.prepare(tmux, grant: true) { folder in
            try FileManager.default.createDirectory(at: folder.appendingPathComponent("study"), withIntermediateDirectories: true)
            try ConsoleE2ETests.copySamples(to: folder.appendingPathComponent("study"))
            try Data("junk".utf8).write(to: folder.appendingPathComponent("study/junk1.dcm"))
        }
        let (server, endpoint) = try Self.serve(data)
        defer {
            _ = kill(server.processIdentifier, SIGKILL)
            server.waitUntilExit()
        }
        let client = tmux.folder.appendingPathComponent("client")
        try CommandRunner.save(ConsoleConfig(project: "local-project", location: "local", dataset: "d", store: "s"), in: client)
        try tmux.start(arguments: ["--endpoint", endpoint, "--data-dir", client.path], environment: e2e.environment)
        try tmux.waitFor(text: "Store s")
        try tmux.keys("2")
        try tmux.waitFor(text: "gs://src-bucket")
        try tmux.keys("Enter")
        try tmux.waitFor(text: "study/")
        try tmux.keys("Tab", "Enter", "C-u")
        try tmux.type("gs://src-bucket/study/*.dcm")
        try tmux.waitFor(text: "7 objects")
        try tmux.keys("Tab", "Tab", "Enter")
        try tmux.waitFor(text: "✗ FAILED", "6 ok 1 failed")
        try tmux.keys("l")
        let log = try tmux.waitFor(text: "gs://src-bucket/study/junk1.dcm")
        #expect(!log.contains("phantom"), "only failures are logged")
        try tmux.keys("Escape", "1")
        try tmux.waitFor(text: "6 instances")
        try tmux.keys("q", "q", "q")
        try tmux.waitFor(text: "EXIT=0")
        #expect(!FileManager.default.fileExists(atPath: client.appendingPathComponent("index.sqlite").path))
    }
}
