import Foundation
import Testing

/// Mouse clicks reaching the real console through tmux: the bytes a terminal sends for a left click,
/// in the encoding the pane's terminfo announces (SGR for xterm-256color, X10 for tmux-256color).
extension ConsoleE2ETests {
    /// `Esc [ < 0 ; col ; row M` then `… m`: an SGR (1006) left press and release, 1-based.
    static func sgrClick(x: Int, y: Int) -> [String] {
        ["\u{1B}[<0;\(x + 1);\(y + 1)M", "\u{1B}[<0;\(x + 1);\(y + 1)m"]
    }

    /// `Esc [ M b x y`: an X10 (1000) left press and release, each value plus 32 and 1-based.
    static func x10Click(x: Int, y: Int) -> [String] {
        func byte(_ value: Int) -> String { String(UnicodeScalar(UInt8(value))) }
        return ["\u{1B}[M" + byte(32) + byte(33 + x) + byte(33 + y), "\u{1B}[M" + byte(35) + byte(33 + x) + byte(33 + y)]
    }

    /// Waits for `text`, then clicks its first cell.
    func click(_ tmux: Tmux, _ text: String, encoding: ([Int]) -> [String]) throws {
        try tmux.waitFor(text: text)
        guard let cell = try tmux.cell(of: text) else { throw TmuxError("\"\(text)\" is not on the screen:\n\(try tmux.screen())") }
        for sequence in encoding([cell.x, cell.y]) { try tmux.type(sequence) }
    }

    @Test func sgrMouseClicksUnderXtermSwitchTabsAndOpenRows() async throws {
        let tmux = try Tmux()
        let data = try await prepare(tmux, grant: true, importFirst: true) { try Self.copySamples(to: $0) }
        try tmux.start(arguments: ["--data-dir", data.path], environment: environment.merging(["TERM": "xterm-256color"]) { $1 })
        try tmux.waitFor(text: "Store s", "6 instances")
        #expect(try tmux.format("#{mouse_any_flag}") == "1", "the console asked the terminal for mouse reports")
        #expect(try tmux.format("#{mouse_sgr_flag}") == "1", "in SGR encoding, as xterm's terminfo says")
        try click(tmux, "4 Operations") { Self.sgrClick(x: $0[0], y: $0[1]) }
        try tmux.waitFor(text: "Operations, newest first", "✓ DONE")
        // The only row is selected: a click on it opens the operation's details.
        try click(tmux, "✓ DONE") { Self.sgrClick(x: $0[0], y: $0[1]) }
        try tmux.waitFor(text: "\"success\": \"6\"")
        try tmux.keys("Escape")
        try click(tmux, "1 Details") { Self.sgrClick(x: $0[0], y: $0[1]) }
        try tmux.waitFor(text: "Studies")
        try tmux.keys("q", "q", "q")
        try tmux.waitFor(text: "EXIT=0")
    }

    @Test func x10MouseClicksUnderTmuxTermSwitchTabs() async throws {
        let tmux = try Tmux()
        let data = try await prepare(tmux, grant: true, importFirst: true) { try Self.copySamples(to: $0) }
        try tmux.start(arguments: ["--data-dir", data.path], environment: environment)
        try tmux.waitFor(text: "Store s", "6 instances")
        try click(tmux, "3 Export") { Self.x10Click(x: $0[0], y: $0[1]) }
        try tmux.waitFor(text: "Destination", "File type")
        try tmux.keys("C-c")
        try tmux.waitFor(text: "EXIT=0")
    }

    @Test func noMouseLeavesMouseReportingOff() async throws {
        let tmux = try Tmux()
        let data = try await prepare(tmux, grant: true) { try Self.copySamples(to: $0) }
        try tmux.start(arguments: ["--data-dir", data.path, "--no-mouse"], environment: environment)
        try tmux.waitFor(text: "Store s")
        #expect(try tmux.format("#{mouse_any_flag}") == "0", "--no-mouse keeps the terminal's own selection")
        try tmux.keys("C-c")
        try tmux.waitFor(text: "EXIT=0")
    }
}
