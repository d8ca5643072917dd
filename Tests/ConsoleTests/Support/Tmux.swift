import Foundation
import TestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A private tmux server for one end-to-end test: its own socket in a temporary folder, children
/// spawned with a clean signal mask (test threads block almost every signal, and children inherit
/// that), an explicit environment (no NO_COLOR from `swift test`), and waits on screen content.
final class Tmux {
    static let path: String? = ["/usr/bin/tmux", "/usr/local/bin/tmux", "/bin/tmux"].first { FileManager.default.isExecutableFile(atPath: $0) }

    /// The console under test: `$DICOM_CONSOLE_BIN`, else `<package>/.build/debug/dicom-console`.
    static var binary: String { Corpus.binaryPath }

    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    let folder: URL
    private let tmux: String
    private var socket: String { folder.appendingPathComponent("tmux.sock").path }

    /// A server in its own temporary folder; fails the test loudly when tmux is missing.
    init() throws {
        guard let tmux = Self.path else {
            throw TmuxError("tmux is not installed: the end-to-end console tests need it (apt-get install tmux)")
        }
        guard FileManager.default.isExecutableFile(atPath: Self.binary) else {
            throw TmuxError("no console binary at \(Self.binary): build it (swift build) or set DICOM_CONSOLE_BIN")
        }
        self.tmux = tmux
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("console-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    deinit {
        _ = try? run(["kill-server"])
        try? FileManager.default.removeItem(at: folder)
    }

    /// Starts the console in a detached session of `width`x`height`; the pane prints `EXIT=<status>` after it.
    /// `wrapper` runs before the binary (`screen -q`: the console inside GNU screen inside the pane).
    func start(arguments: [String], environment: [String: String], width: Int = 100, height: Int = 30,
               wrapper: [String] = []) throws {
        var env = ["PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": folder.path, "TERM": "tmux-256color", "LANG": "C.UTF-8",
                   "XDG_CONFIG_HOME": folder.appendingPathComponent("config").path, "SWIFT_BACKTRACE": "enable=no"]
        env.merge(environment) { $1 }
        let assignments = env.sorted { $0.key < $1.key }.map { "\($0.key)=\(Self.quote($0.value))" }.joined(separator: " ")
        let command = "env -i \(assignments) \((wrapper + [Self.binary] + arguments).map(Self.quote).joined(separator: " ")); echo EXIT=$?; sleep 600"
        try check(run(["-f", "/dev/null", "new-session", "-d", "-x", String(width), "-y", String(height), "-s", "main", command]))
    }

    /// Sends tmux key names (`Enter`, `Tab`, `C-u`, `Escape`, `q`).
    func keys(_ keys: String...) throws { try check(run(["send-keys", "-t", "main"] + keys)) }

    /// Types text literally.
    func type(_ text: String) throws { try check(run(["send-keys", "-t", "main", "-l", text])) }

    /// The screen as text, or with SGR escapes.
    func screen(escapes: Bool = false) throws -> String {
        let result = try run(["capture-pane", "-p", "-t", "main"] + (escapes ? ["-e"] : []))
        try check(result)
        return result.output
    }

    /// A tmux format evaluated for the pane (`#{mouse_any_flag}`: the pane asked for mouse reports).
    func format(_ format: String) throws -> String {
        let result = try run(["display-message", "-p", "-t", "main", format])
        try check(result)
        return result.output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The cell (0-based column and row) where `text` starts on the screen, if it is there.
    func cell(of text: String) throws -> (x: Int, y: Int)? {
        for (row, line) in try screen().split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if let range = line.range(of: text) { return (line.distance(from: line.startIndex, to: range.lowerBound), row) }
        }
        return nil
    }

    func resize(width: Int, height: Int) throws {
        try check(run(["resize-window", "-t", "main", "-x", String(width), "-y", String(height)]))
    }

    /// Copies everything the pane writes to a file from now on (for byte budgets).
    func recordOutput(to file: URL) throws {
        try check(run(["pipe-pane", "-t", "main", "-o", "cat >> \(Self.quote(file.path))"]))
    }

    /// Polls the screen until `condition` holds (bounded); returns that screen, or throws with the last one.
    @discardableResult
    func waitFor(_ what: String, timeout: Duration = .seconds(90), escapes: Bool = false,
                 _ condition: (String) -> Bool) throws -> String {
        let deadline = ContinuousClock.now + timeout
        var last = ""
        while ContinuousClock.now < deadline {
            last = try screen(escapes: escapes)
            if condition(last) { return last }
            usleep(30_000)  // the polling interval, not a wait for the condition
        }
        throw TmuxError("timed out waiting for \(what); the screen was:\n\(last)")
    }

    /// Waits for texts to be on the screen together (one capture can catch a frame half drawn, so
    /// everything a test asserts about one screen is waited for at once).
    @discardableResult
    func waitFor(text: String, _ more: String..., timeout: Duration = .seconds(90)) throws -> String {
        let all = [text] + more
        return try waitFor(all.map { "\"\($0)\"" }.joined(separator: " and "), timeout: timeout) { screen in
            all.allSatisfy { screen.contains($0) }
        }
    }

    // MARK: Processes

    private func check(_ result: (status: Int32, output: String)) throws {
        guard result.status == 0 else { throw TmuxError("tmux failed (\(result.status)): \(result.output)") }
    }

    /// Runs tmux on the private socket.
    func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        try Self.spawnClean(tmux, ["-S", socket] + arguments, outputFile: folder.appendingPathComponent("tmux.out").path)
    }

    /// Runs a program with an empty signal mask and default signal handlers; waits; its output.
    static func spawnClean(_ program: String, _ arguments: [String], outputFile: String,
                           environment: [String: String]? = nil) throws -> (status: Int32, output: String) {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputFile, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let argv = ([program] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        let env = (environment ?? ProcessInfo.processInfo.environment.filter { $0.key != "NO_COLOR" })
            .map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for pointer in env { free(pointer) } }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, program, &actions, &attributes, argv, env)
        guard status == 0 else { throw TmuxError("cannot start \(program): \(String(cString: strerror(status)))") }
        var exit: Int32 = 0
        while waitpid(pid, &exit, 0) < 0, errno == EINTR {}
        let output = (try? String(contentsOfFile: outputFile, encoding: .utf8)) ?? ""
        return ((exit >> 8) & 0xFF, output)
    }

    static func quote(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'" }
}

struct TmuxError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
