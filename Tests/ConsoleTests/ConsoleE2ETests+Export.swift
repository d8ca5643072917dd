import DICOM
import Foundation
import Testing

/// Export from the Export tab of the real console: the files land in the local bucket's folder.
extension ConsoleE2ETests {
    static let pngSignature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    /// Opens the Export tab, replaces the suggested destination (typed, or with `choose` in the folder
    /// chooser), picks the file type and transfer syntax by pressing Right from the defaults (checking the
    /// mime type the form shows), presses [Export], and waits for the export's row to read `✓ DONE` with
    /// six instances, in bold green. Returns the exported files.
    func exportFromTheConsole(_ tmux: Tmux, folder: String, fileTypeSteps: Int, syntaxSteps: Int, mimeType: String,
                              choose: ((Tmux) throws -> Void)? = nil) throws -> [URL] {
        try tmux.keys("3")
        // The form suggests a folder of the first bucket once the buckets are listed; replace it.
        try tmux.waitFor(text: "Destination", "gs://out-bucket/exports/s/")
        if let choose {
            try choose(tmux)
        } else {
            try tmux.keys("C-u")
            try tmux.type("gs://out-bucket/\(folder)/")
        }
        try tmux.waitFor(text: "gs://out-bucket/\(folder)/")
        try tmux.keys("Tab")
        for _ in 0..<fileTypeSteps { try tmux.keys("Right") }
        try tmux.keys("Tab")
        for _ in 0..<syntaxSteps { try tmux.keys("Right") }
        try tmux.waitFor(text: "mimeType: \(mimeType)")
        try tmux.keys("Tab", "Tab", "Enter")
        let screen = try tmux.waitFor("the export's row to read ✓ DONE, 6 ok") { screen in
            screen.split(separator: "\n").contains { $0.contains("Export") && $0.contains("✓ DONE") && $0.contains("6 ok") }
        }
        #expect(screen.contains("Operations, newest first"), "the console jumped to the Operations tab")
        let exportRow = try #require(screen.split(separator: "\n").first { $0.contains("Export") && $0.contains("✓ DONE") })
        #expect(try Self.sgr(before: "✓ DONE", in: tmux.screen(escapes: true)).isSuperset(of: ["1", "32"]), "✓ DONE is bold green: \(exportRow)")
        let root = tmux.folder.appendingPathComponent("out/\(folder)")
        let files = (FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)?.allObjects as? [URL] ?? [])
            .filter { !$0.hasDirectoryPath }
        return files.sorted { $0.path < $1.path }
    }

    /// Opens the Import tab on `gs://src-bucket` (waiting for `folder` in its listing), focuses the
    /// override path and clears it; `importPath` then types a path and starts the import.
    func openImportOverride(_ tmux: Tmux, showing folder: String) throws {
        try tmux.waitFor(text: "Store s")
        try tmux.keys("2")
        try tmux.waitFor(text: "gs://src-bucket")
        try tmux.keys("Enter")
        try tmux.waitFor(text: folder)
        try tmux.keys("Tab", "Enter", "C-u")
    }

    /// Types `path` into the focused override field, waits for the preview to say `matches`, and
    /// presses [Import].
    func importPath(_ tmux: Tmux, _ path: String, matches: String) throws {
        try tmux.type(path)
        try tmux.waitFor(text: matches)
        try tmux.keys("Tab", "Tab", "Enter")
    }

    @Test func exportAsPNGFromTheExportTabWritesPNGsIntoTheBucket() async throws {
        let tmux = try Tmux()
        let data = try await prepare(tmux, grant: true, importFirst: true, exportBucket: true) { try Self.copySamples(to: $0) }
        // Folders already in the bucket: the destination is chosen in the folder chooser, not typed.
        try FileManager.default.createDirectory(at: tmux.folder.appendingPathComponent("out/archive/png"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: tmux.folder.appendingPathComponent("out/archive/2025"), withIntermediateDirectories: true)
        try tmux.start(arguments: ["--data-dir", data.path], environment: environment)
        try tmux.waitFor(text: "Store s", "6 instances")
        let files = try exportFromTheConsole(tmux, folder: "archive/png", fileTypeSteps: 3, syntaxSteps: 0, mimeType: "image/png") { tmux in
            try tmux.keys("Up", "Enter")  // the bucket chooser: Enter browses the folders
            try tmux.waitFor(text: "Export destination: gs://out-bucket/exports/s/", "no sub-folders")
            try tmux.keys("BSpace", "BSpace")
            try tmux.waitFor(text: "Use this folder  gs://out-bucket/ ", "archive/")
            try tmux.keys("Down", "Enter")
            try tmux.waitFor(text: "2025/", "png/", "2 sub-folders")
            try tmux.keys("Down", "Down", "Space")
            try tmux.waitFor(text: "Export destination: gs://out-bucket/archive/png/")
        }
        #expect(files.count == 6, "one PNG per instance: \(files.map(\.lastPathComponent))")
        for file in files {
            #expect(file.pathExtension == "png", "\(file.path)")
            #expect(Array(try Data(contentsOf: file).prefix(8)) == Self.pngSignature, "\(file.lastPathComponent) starts with the PNG signature")
        }
        try tmux.keys("q", "q", "q")
        try tmux.waitFor(text: "EXIT=0")
    }

    @Test func exportAsJPEG2000LosslessDICOMFromTheExportTabWritesThatTransferSyntax() async throws {
        let tmux = try Tmux()
        let data = try await prepare(tmux, grant: true, importFirst: true, exportBucket: true) { try Self.copySamples(to: $0) }
        try tmux.start(arguments: ["--data-dir", data.path], environment: environment)
        try tmux.waitFor(text: "Store s", "6 instances")
        let jpeg2000 = "1.2.840.10008.1.2.4.90"
        // DICOM .dcm is the default file type; JPEG 2000 Lossless is the ninth transfer syntax.
        let files = try exportFromTheConsole(tmux, folder: "j2k", fileTypeSteps: 0, syntaxSteps: 8,
                                             mimeType: "application/dicom; transfer-syntax=\(jpeg2000)")
        #expect(files.count == 6, "one file per instance: \(files.map(\.lastPathComponent))")
        for file in files {
            #expect(file.pathExtension == "dcm", "\(file.path)")
            let parsed = try DICOMFile(contentsOf: file)
            #expect(parsed.transferSyntax.uid == jpeg2000, "\(file.lastPathComponent) is JPEG 2000 lossless")
            #expect(parsed.fileMetaInformation.string(.transferSyntaxUID) == jpeg2000, "the meta header names it")
        }
        try tmux.keys("q", "q", "q")
        try tmux.waitFor(text: "EXIT=0")
    }
}
