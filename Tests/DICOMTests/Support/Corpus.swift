import Foundation
import Testing

/// The real files of pydicom and pydicom-data, and the external tools tests run. A missing tool or
/// corpus is a test failure with instructions, never a silent skip.
enum Corpus {
    /// The folders holding pydicom's test files and pydicom-data's files.
    static let roots: [URL] = {
        let script = """
            import os, pydicom, data_store
            print(os.path.join(os.path.dirname(pydicom.__file__), "data"))
            print(os.path.join(os.path.dirname(data_store.__file__), "data"))
            """
        guard let output = try? run("python3", ["-c", script]), output.status == 0 else { return [] }
        return output.stdout.split(separator: "\n").map { URL(fileURLWithPath: String($0)) }
    }()

    /// Every corpus file (DICOM or meant to be), sorted; fails the calling test if the corpus is missing.
    static func files(sourceLocation: SourceLocation = #_sourceLocation) -> [URL] {
        guard roots.count == 2 else {
            Issue.record("pydicom and pydicom-data are not installed: run ./scripts/setup.sh", sourceLocation: sourceLocation)
            return []
        }
        let skip: Set<String> = ["py", "txt", "json", "dump", "icc", "gz", "pyc", "md", "zip", "xml"]
        var files: [URL] = []
        for root in roots {
            let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey])
            while let url = enumerator?.nextObject() as? URL {
                guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true,
                      !skip.contains(url.pathExtension.lowercased()), !url.path.contains("__pycache__"),
                      !url.lastPathComponent.lowercased().hasPrefix("readme") else { continue }
                files.append(url)
            }
        }
        return files.sorted { $0.path < $1.path }
    }

    /// One corpus file by name.
    static func file(_ name: String, sourceLocation: SourceLocation = #_sourceLocation) -> URL? {
        let found = files(sourceLocation: sourceLocation).first { $0.lastPathComponent == name }
        if found == nil { Issue.record("corpus file \(name) not found", sourceLocation: sourceLocation) }
        return found
    }

    /// The package root (for scripts and the built binary).
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// The built `dicom-console` binary: `$DICOM_CONSOLE_BIN`, or the debug build in `.build`.
    static func binary(sourceLocation: SourceLocation = #_sourceLocation) -> String? {
        let candidates: [String?] = [ProcessInfo.processInfo.environment["DICOM_CONSOLE_BIN"],
                          packageRoot.appendingPathComponent(".build/debug/dicom-console").path]
        if let path = candidates.compactMap({ $0 }).first(where: { FileManager.default.isExecutableFile(atPath: $0) }) {
            return path
        }
        Issue.record("dicom-console is not built: run `swift build` first (./scripts/test.sh does)", sourceLocation: sourceLocation)
        return nil
    }

    struct Output { let status: Int32; let stdout: String; let stderr: String }

    /// Runs a program found on PATH and collects its output.
    static func run(_ program: String, _ arguments: [String]) throws -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [program] + arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read both pipes at once so that neither can fill up and block the child.
        let errData = Locked(Data())
        let done = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            errData.set(err.fileHandleForReading.readDataToEndOfFile())
            done.signal()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        done.wait()
        return Output(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData.value, as: UTF8.self))
    }

    /// Fails the test loudly when a required external tool is missing.
    static func requireTool(_ name: String, sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        if let output = try? run("which", [name]), output.status == 0 { return true }
        Issue.record("\(name) is not installed: run ./scripts/setup.sh", sourceLocation: sourceLocation)
        return false
    }
}

/// A value set once from another thread.
final class Locked<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: T
    init(_ value: T) { stored = value }
    func set(_ value: T) { lock.lock(); stored = value; lock.unlock() }
    var value: T { lock.lock(); defer { lock.unlock() }; return stored }
}
