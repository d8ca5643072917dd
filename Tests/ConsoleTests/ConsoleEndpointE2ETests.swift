import DICOM
import Foundation
import Testing
@testable import Console
@testable import DicomStore
import ObjectStorage
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// The console attached to a running `dicom-console serve` through `--endpoint`: the server keeps the
/// data; the console's own data directory holds only `console.json`.
@Suite(.serialized, .timeLimit(.minutes(3))) struct ConsoleEndpointE2ETests {
    /// Starts `serve --port 0` over `data`, open on loopback or with `token`; returns the process and its URL.
    static func serve(_ data: URL, token: String? = nil) throws -> (Process, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Tmux.binary)
        process.arguments = ["serve", "--port", "0", "--quiet", "--data-dir", data.path]
            + (token.map { ["--token", $0] } ?? ["--allow-unauthenticated"])
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

    @Test func wildcardImportThroughAServerGrantsTheMissingRoleThereAndShowsCountersLogAndInstances() async throws {
        let tmux = try Tmux()
        let e2e = ConsoleE2ETests()
        let data = try await e2e.prepare(tmux, grant: false) { folder in
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
        try e2e.openImportOverride(tmux, showing: "study/")
        try e2e.importPath(tmux, "gs://src-bucket/study/*.dcm", matches: "7 objects")
        // The server's bucket lacks the grant: the console grants it on the server, then imports.
        try tmux.waitFor(text: "Permission denied on gs://src-bucket", "Grant roles/storage.objectViewer")
        try tmux.keys("Right", "Enter")
        try tmux.waitFor(text: "✗ FAILED", "6 ok 1 failed")
        let agent = ServiceAgent.member(projectNumber: ServiceAgent.localProjectNumber(for: "local-project"))
        let policy = try await LocalStorage(dataDirectory: data).iamPolicy(bucket: "src-bucket")
        #expect(policy?.roles(of: agent) == [BucketAccess.Need.read.role], "granted in the server's data directory")
        try tmux.keys("l")
        let log = try tmux.waitFor(text: "gs://src-bucket/study/junk1.dcm")
        #expect(!log.contains("phantom"), "only failures are logged")
        try tmux.keys("Escape", "1")
        try tmux.waitFor(text: "6 instances")
        try tmux.keys("q", "q", "q")
        try tmux.waitFor(text: "EXIT=0")
        #expect(!FileManager.default.fileExists(atPath: client.appendingPathComponent("index.sqlite").path))
    }

    /// Opens the console on a server that wants a token, over a store holding the six samples and a
    /// writable `out-bucket`, and exports from the Export tab: the files land in the server's bucket.
    /// `check` looks at each exported file while the test's folder still exists.
    func exportThroughAServer(folder: String, fileTypeSteps: Int, syntaxSteps: Int, mimeType: String,
                              check: (URL) throws -> Void) async throws {
        let tmux = try Tmux()
        let e2e = ConsoleE2ETests()
        let data = try await e2e.prepare(tmux, grant: true, importFirst: true, exportBucket: true) { try ConsoleE2ETests.copySamples(to: $0) }
        let token = "console-e2e-token"
        let (server, endpoint) = try Self.serve(data, token: token)
        defer {
            _ = kill(server.processIdentifier, SIGKILL)
            server.waitUntilExit()
        }
        let client = tmux.folder.appendingPathComponent("client")
        try CommandRunner.save(ConsoleConfig(project: "local-project", location: "local", dataset: "d", store: "s"), in: client)
        try tmux.start(arguments: ["--endpoint", endpoint, "--access-token", token, "--data-dir", client.path], environment: e2e.environment)
        try tmux.waitFor(text: "Store s", "6 instances")
        let files = try e2e.exportFromTheConsole(tmux, folder: folder, fileTypeSteps: fileTypeSteps, syntaxSteps: syntaxSteps, mimeType: mimeType)
        try tmux.keys("q", "q", "q")
        try tmux.waitFor(text: "EXIT=0")
        #expect(!FileManager.default.fileExists(atPath: client.appendingPathComponent("index.sqlite").path), "the server did the work")
        #expect(files.count == 6, "one file per instance: \(files.map(\.lastPathComponent))")
        for file in files { try check(file) }
    }

    @Test func exportAsPNGThroughAServerWithATokenWritesPNGsIntoTheServersBucket() async throws {
        try await exportThroughAServer(folder: "png", fileTypeSteps: 3, syntaxSteps: 0, mimeType: "image/png") { (file: URL) throws in
            #expect(file.pathExtension == "png", "\(file.path)")
            #expect(Array(try Data(contentsOf: file).prefix(8)) == ConsoleE2ETests.pngSignature, "\(file.lastPathComponent) is a PNG")
        }
    }

    @Test func exportAsJPEG2000ThroughAServerWithATokenWritesThatTransferSyntax() async throws {
        let jpeg2000 = "1.2.840.10008.1.2.4.90"
        try await exportThroughAServer(folder: "j2k", fileTypeSteps: 0, syntaxSteps: 8,
                                       mimeType: "application/dicom; transfer-syntax=\(jpeg2000)") { (file: URL) throws in
            #expect(try DICOMFile(contentsOf: file).transferSyntax.uid == jpeg2000, "\(file.lastPathComponent) is JPEG 2000 lossless")
        }
    }

    @Test func firstTimeSetupThroughAServerFromAnEmptyDataDirectoryImportsTheSamplesThere() async throws {
        let tmux = try Tmux()
        let serverData = tmux.folder.appendingPathComponent("server")
        try FileManager.default.createDirectory(at: serverData, withIntermediateDirectories: true)
        let (server, endpoint) = try Self.serve(serverData)
        defer {
            _ = kill(server.processIdentifier, SIGKILL)
            server.waitUntilExit()
        }
        let client = tmux.folder.appendingPathComponent("client")
        try tmux.start(arguments: ["--endpoint", endpoint, "--data-dir", client.path], environment: ConsoleE2ETests().environment)
        try tmux.waitFor(text: "First-time setup", endpoint, "new bucket on the server", "roles/storage.objectViewer")
        try tmux.keys("Tab", "Tab", "C-u")
        try tmux.type("clinic")
        try tmux.keys("Tab", "Tab", "Space")
        try tmux.waitFor(text: "cannot see this machine's folders")
        for _ in 0..<3 { try tmux.keys("Tab") }
        try tmux.keys("Enter")
        let done = try tmux.waitFor(text: "✓ DONE", "local-project › local › clinic › store1", "6 ok")
        #expect(!done.contains("✗"), "no step failed")
        #expect(try ConsoleE2ETests.sgr(before: "✓ DONE", in: tmux.screen(escapes: true)).isSuperset(of: ["1", "32"]), "✓ DONE is bold green")
        try tmux.keys("1")
        try tmux.waitFor(text: "6 instances")
        try tmux.keys("q", "q", "q")
        try tmux.waitFor(text: "EXIT=0")

        // On the server: the store has the study (its REST API), the bucket and its grants are its own.
        let store = "\(endpoint)/v1/projects/local-project/locations/local/datasets/clinic/dicomStores/store1"
        let metrics = try ProgramRun.run("/usr/bin/curl", ["-s", "-S", "-f", "\(store):getDICOMStoreMetrics"])
        #expect(metrics.status == 0, "\(metrics.stderr)")
        let counts = try JSONSerialization.jsonObject(with: Data(metrics.stdout.utf8)) as? [String: Any]
        #expect(counts?["instanceCount"] as? String == "6")
        #expect(counts?["studyCount"] as? String == "1")
        let agent = ServiceAgent.member(projectNumber: ServiceAgent.localProjectNumber(for: "local-project"))
        let policy = try await LocalStorage(dataDirectory: serverData).iamPolicy(bucket: "dicom-bucket")
        #expect(Set(policy?.roles(of: agent) ?? []) == [BucketAccess.Need.read.role, BucketAccess.Need.write.role])
        #expect(FileManager.default.fileExists(atPath: serverData.appendingPathComponent("buckets/dicom-bucket/samples").path))
        #expect(!FileManager.default.fileExists(atPath: client.appendingPathComponent("buckets.json").path), "nothing made here")
        #expect(!FileManager.default.fileExists(atPath: client.appendingPathComponent("index.sqlite").path))
        #expect(FileManager.default.fileExists(atPath: client.appendingPathComponent("console.json").path))
    }
}
