import Foundation
import Testing
@testable import Console

/// File snapshots, argument-parser style: compared exactly, written when missing or when
/// `RECORD_SNAPSHOTS=1`, in `Tests/ConsoleTests/Snapshots/`.
///
/// Each snapshot is a `.swift` file of line comments (`// ` + one screen row) read back at run time: a
/// file in a target folder that is neither a source nor a declared resource makes SwiftPM warn, and a
/// comment-only source compiles to nothing.
enum Snapshot {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Snapshots")
    static let marker = "// ---"

    /// Compares `text` with the snapshot `name`.
    static func assert(_ text: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let url = folder.appendingPathComponent(name + ".swift")
        let record = ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1"
        let expected = (try? String(contentsOf: url, encoding: .utf8)).flatMap(decode)
        if record || expected == nil {
            try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try? encode(text, name: name).write(to: url, atomically: true, encoding: .utf8)
            if !record { Issue.record("recorded the missing snapshot \(name); run the tests again", sourceLocation: sourceLocation) }
            return
        }
        if text != expected {
            Issue.record("""
                snapshot \(name) differs (re-record with RECORD_SNAPSHOTS=1 if the change is intended):
                --- expected
                \(expected ?? "")
                --- actual
                \(text)
                """, sourceLocation: sourceLocation)
        }
    }

    /// Renders a state and compares its text.
    static func assert(_ state: ConsoleState, glyphs: Glyphs = .unicode, named name: String,
                       sourceLocation: SourceLocation = #_sourceLocation) {
        let canvas = ConsoleView.render(state, glyphs: glyphs)
        assert(TextRenderer.text(canvas, lineDrawingAsASCII: glyphs.isASCII), named: name, sourceLocation: sourceLocation)
    }

    static func encode(_ text: String, name: String) -> String {
        let rows = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.isEmpty ? "//" : "// " + $0 }
        return (["// Snapshot \(name): re-record with RECORD_SNAPSHOTS=1 swift test --filter SnapshotTests", marker] + rows)
            .joined(separator: "\n") + "\n"
    }

    static func decode(_ file: String) -> String? {
        let lines = file.split(separator: "\n", omittingEmptySubsequences: false)
        guard let start = lines.firstIndex(where: { $0 == marker }) else { return nil }
        var rows = lines[(start + 1)...].map { line -> String in
            var row = line.dropFirst(2)
            if row.first == " " { row = row.dropFirst() }
            return String(row)
        }
        if rows.last == "" { rows.removeLast() }
        return rows.joined(separator: "\n")
    }
}
