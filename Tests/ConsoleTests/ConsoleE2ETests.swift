import Foundation
import Testing
@testable import Console
@testable import DicomStore
import ObjectStorage
import TestSupport

/// End-to-end: the real `dicom-console` binary in a private tmux server, driven by keys, asserted on the
/// screen tmux shows (text and SGR). One test at a time: imports are heavy for two cores.
@Suite(.serialized, .timeLimit(.minutes(3))) struct ConsoleE2ETests {
    static let samples = Tmux.packageRoot.appendingPathComponent("Resources/samples")

    /// A data directory with dataset `d`, store `s`, bucket `src-bucket` over `source`, and `console.json`
    /// pointing at the store (so the console opens on it, without the setup). With `exportBucket`, also
    /// `out-bucket` over the folder `out` of the test, which the store's service agent may write.
    func prepare(_ tmux: Tmux, grant: Bool, importFirst: Bool = false, exportBucket: Bool = false,
                 source: (URL) throws -> Void) async throws -> URL {
        let data = tmux.folder.appendingPathComponent("data")
        let folder = tmux.folder.appendingPathComponent("src")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try source(folder)
        let storage = StorageRouter(local: try LocalStorage(dataDirectory: data), remote: nil)
        let service = try EmbeddedService(dataDirectory: data, storage: storage)
        let store = try StoreName(DatasetName(LocationName(project: "local-project", location: "local"), id: "d"), id: "s")
        _ = try await service.createDataset(store.dataset, labels: [:])
        _ = try await service.createStore(store, labels: [:])
        try storage.local.createBucket("src-bucket", folder: folder)
        if grant {
            try storage.local.addIAMBinding(bucket: "src-bucket", member: service.serviceAgent(of: "local-project"),
                                            role: BucketAccess.Need.read.role)
        }
        if exportBucket {
            let out = tmux.folder.appendingPathComponent("out")
            try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
            try storage.local.createBucket("out-bucket", folder: out)
            try storage.local.addIAMBinding(bucket: "out-bucket", member: service.serviceAgent(of: "local-project"),
                                            role: BucketAccess.Need.write.role)
        }
        if importFirst {
            let operation = try await service.importDicom(into: store, gcsURI: "gs://src-bucket/**.dcm", storageClass: nil)
            for try await _ in service.progress(of: operation.name) {}
        }
        try CommandRunner.save(ConsoleConfig(project: "local-project", location: "local", dataset: "d", store: "s"), in: data)
        return data
    }

    static func copySamples(to folder: URL) throws {
        for name in try FileManager.default.contentsOfDirectory(atPath: samples.path) where name.hasSuffix(".dcm") {
            try FileManager.default.copyItem(at: samples.appendingPathComponent(name), to: folder.appendingPathComponent(name))
        }
    }

    /// The SGR parameters in effect where `text` starts on a `capture-pane -e` screen (those of the
    /// escape sequences written since the last reset).
    static func sgr(before text: String, in screen: String) -> Set<String> {
        guard let range = screen.range(of: text) else { return [] }
        var parameters: Set<String> = []
        var index = range.lowerBound
        // Walk back over the escape sequences right before the text.
        while index > screen.startIndex {
            let head = screen[..<index]
            guard head.hasSuffix("m"), let start = head.lastIndex(of: "\u{1B}") else { break }
            let sequence = screen[screen.index(start, offsetBy: 2)..<screen.index(before: index)]
            let values = sequence.split(separator: ";").map(String.init)
            parameters.formUnion(values)
            if values.contains("0") || sequence.isEmpty { break }
            index = start
        }
        return parameters
    }

    /// The environment of every run: the bundled samples, and no NO_COLOR (swift test exports it).
    var environment: [String: String] { ["DICOM_CONSOLE_SAMPLES": Self.samples.path] }

    @Test func firstTimeSetupFromAnEmptyDataDirectoryEndsWithAGreenCheck() throws {
        let tmux = try Tmux()
        let data = tmux.folder.appendingPathComponent("data")
        try tmux.start(arguments: ["--data-dir", data.path], environment: environment)
        // The data directory is shown (the end of it, in its field), and the roles the service agent gets.
        try tmux.waitFor(text: "First-time setup", String(data.path.suffix(24)), "roles/storage.objectViewer", "roles/storage.objectAdmin")
        try tmux.keys("Tab", "Tab", "C-u")
        try tmux.type("bad id")
        try tmux.waitFor(text: "is not allowed")
        try tmux.keys("C-u")
        try tmux.type("clinic")
        for _ in 0..<5 { try tmux.keys("Tab") }
        try tmux.keys("Enter")
        try tmux.waitFor(text: "✓ DONE", "local-project › local › clinic › store1", "6 ok")
        #expect(try Self.sgr(before: "✓ DONE", in: tmux.screen(escapes: true)).isSuperset(of: ["1", "32"]), "✓ DONE is bold green")
        #expect(FileManager.default.fileExists(atPath: data.appendingPathComponent("console.json").path))
        try tmux.keys("1")
        try tmux.waitFor(text: "6 instances")
        try tmux.keys("q", "q", "q")
        try tmux.waitFor(text: "EXIT=0")
    }

    @Test func wildcardImportWithJunkFailsWithCountersAndTheLogListsTheJunk() async throws {
        let tmux = try Tmux()
        let data = try await prepare(tmux, grant: false) { folder in
            for series in ["a", "b"] {
                try FileManager.default.createDirectory(at: folder.appendingPathComponent("study/\(series)"), withIntermediateDirectories: true)
            }
            for name in try FileManager.default.contentsOfDirectory(atPath: Self.samples.path) where name.hasSuffix(".dcm") {
                let series = name.contains("-s1-") ? "a" : "b"
                try FileManager.default.copyItem(at: Self.samples.appendingPathComponent(name),
                                                 to: folder.appendingPathComponent("study/\(series)/\(name)"))
            }
            try Data("junk".utf8).write(to: folder.appendingPathComponent("study/a/junk1.dcm"))
            try Data(repeating: 0xAB, count: 700).write(to: folder.appendingPathComponent("study/b/junk2.dcm"))
            try Data("not an image".utf8).write(to: folder.appendingPathComponent("study/readme.txt"))
        }
        try tmux.start(arguments: ["--data-dir", data.path], environment: environment)
        try openImportOverride(tmux, showing: "study/")
        try tmux.type("gs://src-bucket/**/a/*")
        try tmux.waitFor(text: "** cannot be combined with other wildcards")
        try tmux.keys("C-u")
        try importPath(tmux, "gs://src-bucket/study/*/*.dcm", matches: "8 objects")
        try tmux.waitFor(text: "Permission denied on gs://src-bucket", "add-iam-policy-binding gs://src-bucket",
                         "Grant roles/storage.objectViewer")
        try tmux.keys("Right", "Enter")
        // Counters: 6 imported, 2 failed.
        try tmux.waitFor(text: "✗ FAILED", "6 ok 2 failed")
        try tmux.keys("l")
        let log = try tmux.waitFor(text: "gs://src-bucket/study/a/junk1.dcm", "gs://src-bucket/study/b/junk2.dcm")
        #expect(!log.contains("phantom"), "only failures are logged")
        try tmux.keys("Escape", "Enter")
        try tmux.waitFor(text: "\"failure\": \"2\"", "\"success\": \"6\"")
        try tmux.keys("Escape", "1")
        try tmux.waitFor(text: "6 instances")
        try tmux.keys("q", "q", "q")
        try tmux.waitFor(text: "EXIT=0")
    }

    @Test func resizeWhileAnOperationRunsRedrawsAndTheOperationFinishes() async throws {
        let tmux = try Tmux()
        let data = try await prepare(tmux, grant: true) { folder in
            try Self.copySamples(to: folder)
            for index in 0..<12_000 { try Data("junk \(index)".utf8).write(to: folder.appendingPathComponent("junk\(index).dcm")) }
        }
        try tmux.start(arguments: ["--data-dir", data.path], environment: environment)
        try tmux.waitFor(text: "Store s")
        try tmux.keys("2")
        try tmux.waitFor(text: "gs://src-bucket")
        try tmux.keys("Enter")
        try tmux.waitFor(text: "junk0.dcm")
        try tmux.keys("Tab", "Tab", "Tab", "Enter")
        try tmux.waitFor("the operation to run") { $0.contains("RUNNING") || $0.contains("PENDING") }
        try tmux.resize(width: 120, height: 40)
        try tmux.waitFor("a 120x40 frame") { screen in
            let lines = screen.split(separator: "\n", omittingEmptySubsequences: false)
            return lines.count >= 40 && lines[39].contains("help") && lines[0].count > 100
        }
        try tmux.resize(width: 70, height: 20)
        try tmux.waitFor(text: "Terminal too small: 70x20")
        try tmux.resize(width: 100, height: 30)
        try tmux.waitFor(text: "✗ FAILED", "6 ok 12,000 failed", timeout: .seconds(90))
        // Idle: once the flash has expired nothing more is written.
        try tmux.waitFor("the flash to expire") { !$0.contains("failed: 6 succeeded") }
        let bytes = tmux.folder.appendingPathComponent("idle.bytes")
        try tmux.recordOutput(to: bytes)
        try await Task.sleep(for: .seconds(1))  // a measurement window, not a wait for a condition
        #expect(((try? Data(contentsOf: bytes)) ?? Data()).isEmpty, "an idle console writes nothing")
        try tmux.keys("q", "q", "q")
        try tmux.waitFor(text: "EXIT=0")
    }

    @Test func asciiFallbackUnderLangC() async throws {
        let tmux = try Tmux()
        let data = try await prepare(tmux, grant: true, importFirst: true) { try Self.copySamples(to: $0) }
        try tmux.start(arguments: ["--data-dir", data.path], environment: environment.merging(["LANG": "C", "LC_ALL": "C"]) { $1 })
        try tmux.waitFor(text: "Store s")
        try tmux.keys("4")
        // ASCII glyphs, separators and progress bar.
        let screen = try tmux.waitFor(text: "+ DONE", "local-project > local > d > s", "[########]")
        #expect(screen.utf8.allSatisfy { $0 < 0x80 }, "nothing but ASCII reaches a C-locale terminal")
        #expect(try Self.sgr(before: "+ DONE", in: tmux.screen(escapes: true)).contains("32"), "colours are still on")
        try tmux.keys("C-c")
        try tmux.waitFor(text: "EXIT=0")
    }

    @Test func noColorKeepsGlyphsAndAttributesButSendsNoColour() async throws {
        let tmux = try Tmux()
        let data = try await prepare(tmux, grant: true, importFirst: true) { try Self.copySamples(to: $0) }
        try tmux.start(arguments: ["--data-dir", data.path], environment: environment.merging(["NO_COLOR": "1"]) { $1 })
        try tmux.waitFor(text: "Store s")
        try tmux.keys("4")
        try tmux.waitFor(text: "✓ DONE")
        let escapes = try tmux.screen(escapes: true)
        let colour = try Regex("\u{1B}\\[[0-9;]*(3[0-7]|38;5;[0-9]+|4[0-7])m")
        #expect(escapes.firstMatch(of: colour) == nil, "no colour escapes")
        #expect(escapes.contains("\u{1B}[1m"), "bold is kept")
        #expect(escapes.firstMatch(of: try Regex("\u{1B}\\[[0-9;]*7m")) != nil, "the selection is reverse video")
        try tmux.keys("C-c")
        try tmux.waitFor(text: "EXIT=0")
    }
}

/// The Actions menu and the project/location selector in the real binary, at 80x24 under the TERM
/// values SSH users have (vt100 has no colour and no mouse; the others do).
extension ConsoleE2ETests {
    @Test(arguments: ["vt100", "xterm", "screen-256color"])
    func actionsMenuAndProjectSelectorAt80x24(term: String) async throws {
        let tmux = try Tmux()
        let data = try await prepare(tmux, grant: true, importFirst: true, exportBucket: true) { try Self.copySamples(to: $0) }
        try tmux.start(arguments: ["--data-dir", data.path], environment: environment.merging(["TERM": term]) { $1 }, width: 80, height: 24)
        try tmux.waitFor(text: "Store s", "6 instances")
        try tmux.keys("q")
        try tmux.waitFor(text: "DICOM stores in dataset d")
        try tmux.keys("a")
        let menu = try tmux.waitFor(text: "Actions: s", "Import", "Export metadata", "Delete")
        #expect(menu.contains("Enter choose"), "the footer says what works in the menu")
        try tmux.keys("e")
        try tmux.waitFor(text: "Destination", "gs://out-bucket/exports/s/")
        try tmux.keys("Escape")
        try tmux.waitFor(text: "DICOM stores in dataset d")
        try tmux.keys("q")
        try tmux.waitFor(text: "Datasets in local-project")
        try tmux.keys("p")
        try tmux.waitFor(text: "PROJECT/LOCATION", "local-project/local")
        try tmux.keys("C-u")
        try tmux.type("no such/place")
        try tmux.waitFor(text: "✗")
        try tmux.keys("C-u")
        try tmux.type("radiology-prod/us-central1")
        try tmux.keys("Enter")
        try tmux.waitFor(text: "Datasets in radiology-prod", "No datasets yet")
        try tmux.keys("q")
        try tmux.waitFor(text: "EXIT=0")
        // Remembered: the next launch shows the chosen location.
        let saved = try String(contentsOf: data.appendingPathComponent("console.json"), encoding: .utf8)
        #expect(saved.contains("radiology-prod") && saved.contains("us-central1"), "\(saved)")
    }
}

/// Quitting while an operation runs: the console asks first, the import goes on in its detached worker,
/// and the next launch shows it on the Operations tab, finished with every object counted.
extension ConsoleE2ETests {
    @Test func quitWhileAnImportRunsAsksFirstAndTheImportIsThereNextLaunch() async throws {
        let tmux = try Tmux()
        let count = 20_000
        let data = try await prepare(tmux, grant: true) { folder in
            // Hard links of one sample: many objects to import, almost nothing on disk.
            let many = folder.appendingPathComponent("many")
            try FileManager.default.createDirectory(at: many, withIntermediateDirectories: true)
            let sample = many.appendingPathComponent("0.dcm")
            try FileManager.default.copyItem(at: Self.samples.appendingPathComponent("phantom-s1-i1.dcm"), to: sample)
            for index in 1..<count { try FileManager.default.linkItem(at: sample, to: many.appendingPathComponent("\(index).dcm")) }
        }
        try tmux.start(arguments: ["--data-dir", data.path], environment: environment)
        try openImportOverride(tmux, showing: "many/")
        try importPath(tmux, "gs://src-bucket/many/*.dcm", matches: "20,000 objects")
        try tmux.waitFor(text: "RUNNING")
        // Up to the root, then quit: the console asks, because the import is still running.
        try tmux.keys("q", "q", "q")
        try tmux.waitFor(text: "Quit?", "1 operation is running", "keep running in the background")
        try tmux.keys("Right", "Enter")
        try tmux.waitFor(text: "EXIT=0")
        let store = try StoreName(DatasetName(LocationName(project: "local-project", location: "local"), id: "d"), id: "s")
        let service = try EmbeddedService(dataDirectory: data, storage: StorageRouter(local: try LocalStorage(dataDirectory: data), remote: nil))
        let atQuit = try #require(try await service.operations(in: store.dataset, done: nil, kind: nil).first)
        #expect(!atQuit.done, "the import was still running when the console quit")

        // The next launch shows it, and it finishes there with every object counted.
        try tmux.keys("C-c")
        let relaunched = try Tmux()
        try relaunched.start(arguments: ["--data-dir", data.path], environment: environment)
        try relaunched.waitFor(text: "Store s")
        try relaunched.keys("4")
        try relaunched.waitFor(text: "✓ DONE", "20,000 ok", timeout: .seconds(120))
        try relaunched.keys("C-c")
        try relaunched.waitFor(text: "EXIT=0")
        let finished = try await service.operation(atQuit.name)
        #expect(finished.done && finished.error == nil && finished.counter.success == Int64(count))
    }
}

/// The first-time setup's data directory: another folder is created and used, remembered in config.json,
/// and the next launch (without --data-dir) opens it without asking again.
extension ConsoleE2ETests {
    @Test func firstTimeSetupMovesToTheDataDirectoryChosenAndTheNextLaunchOpensIt() throws {
        let tmux = try Tmux()
        let chosen = tmux.folder.appendingPathComponent("archive/dicom")
        let defaultDirectory = tmux.folder.appendingPathComponent("xdg-data/dicom-console")
        let xdg = ["XDG_DATA_HOME": tmux.folder.appendingPathComponent("xdg-data").path,
                   "XDG_CONFIG_HOME": tmux.folder.appendingPathComponent("config").path]
        try tmux.start(arguments: [], environment: environment.merging(xdg) { $1 })
        // The field shows the end of a long path.
        try tmux.waitFor(text: "First-time setup", "Data directory", "xdg-data/dicom-console")
        try tmux.keys("BTab")  // from the project up to the data directory
        try tmux.keys("C-u")
        try tmux.type("archive/relative")
        try tmux.waitFor(text: "give an absolute path")
        try tmux.keys("C-u")
        try tmux.type(chosen.path)
        for _ in 0..<8 { try tmux.keys("Tab") }
        try tmux.keys("Enter")
        try tmux.waitFor(text: "✓ DONE", "6 ok")
        try tmux.keys("q", "q", "q")
        try tmux.waitFor(text: "EXIT=0")
        for name in ["console.json", "index.sqlite", "buckets/dicom-bucket/samples"] {
            #expect(FileManager.default.fileExists(atPath: chosen.appendingPathComponent(name).path), "\(name) in the chosen directory")
        }
        let config = try String(contentsOf: tmux.folder.appendingPathComponent("config/dicom-console/config.json"), encoding: .utf8)
        #expect(config.contains(chosen.path), "remembered as the default: \(config)")
        #expect(!FileManager.default.fileExists(atPath: defaultDirectory.appendingPathComponent("console.json").path),
                "the directory left behind is not marked as set up")

        // The next launch, without --data-dir, opens the chosen directory: no setup, the imported study.
        try tmux.keys("C-c")
        let next = try Tmux()
        try next.start(arguments: [], environment: environment.merging(xdg) { $1 })
        try next.waitFor(text: "Store store1", "6 instances")
        try next.keys("q", "q", "q")
        try next.waitFor(text: "EXIT=0")
    }
}

/// GNU screen between the console and the terminal (TERM=screen inside it), as SSH users run it.
extension ConsoleE2ETests {
    @Test func underGNUScreenTheConsoleDrawsNavigatesAndQuits() async throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/screen") else {
            throw TmuxError("GNU screen is not installed (scripts/setup.sh installs it)")
        }
        let tmux = try Tmux()
        let data = try await prepare(tmux, grant: true, importFirst: true) { try Self.copySamples(to: $0) }
        let sockets = tmux.folder.appendingPathComponent("screen")
        try FileManager.default.createDirectory(at: sockets, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        try tmux.start(arguments: ["--data-dir", data.path], environment: environment.merging(["SCREENDIR": sockets.path]) { $1 },
                       width: 80, height: 24, wrapper: ["/usr/bin/screen", "-q"])
        try tmux.waitFor(text: "Store s", "6 instances")
        try tmux.keys("4")
        let operations = try tmux.waitFor(text: "✓ DONE", "6 ok", "STARTED")
        #expect(operations.contains("Operations, newest first"))
        try tmux.keys("q")
        try tmux.waitFor(text: "DICOM stores in dataset d")
        try tmux.keys("a")
        try tmux.waitFor(text: "Actions: s", "Export metadata")
        try tmux.keys("Escape", "q", "q")
        try tmux.waitFor(text: "EXIT=0")
    }
}

/// The first-time setup with Cloud Storage configured (`STORAGE_EMULATOR_HOST`, the real fake-gcs-server):
/// the bucket is made there, the samples copied there and imported from there.
extension ConsoleE2ETests {
    @Test func firstTimeSetupCanPutItsBucketInCloudStorage() throws {
        let emulator = try FakeGCSProcess.start()
        defer { emulator.stop() }
        let tmux = try Tmux()
        let data = tmux.folder.appendingPathComponent("data")
        try tmux.start(arguments: ["--data-dir", data.path], environment: environment.merging(["STORAGE_EMULATOR_HOST": emulator.host]) { $1 })
        try tmux.waitFor(text: "First-time setup", "Cloud Storage")
        for _ in 0..<4 { try tmux.keys("Tab") }
        try tmux.keys("Space", "Space")
        try tmux.keys("Tab", "C-u")
        try tmux.type("cloud-scans")
        try tmux.keys("Tab", "Tab", "Enter")
        try tmux.waitFor(text: "✓ DONE", "6 ok")
        try tmux.keys("q", "q", "q")
        try tmux.waitFor(text: "EXIT=0")
        // In the emulator: the bucket and the six samples; here: no bucket folder of that name.
        let listed = try ProgramRun.run("/usr/bin/curl", ["-s", "-f", "http://\(emulator.host)/storage/v1/b/cloud-scans/o?prefix=samples/"])
        #expect(listed.status == 0)
        #expect(listed.stdout.components(separatedBy: "\"name\"").count - 1 == 6, "\(listed.stdout.prefix(300))")
        #expect(!FileManager.default.fileExists(atPath: data.appendingPathComponent("buckets/cloud-scans").path))
    }
}
