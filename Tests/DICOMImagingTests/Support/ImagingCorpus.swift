import Foundation
import Testing

/// The pydicom and pydicom-data files the imaging tests read, and the tools they run. A missing corpus
/// or tool is a test failure with instructions, never a silent skip.
enum ImagingCorpus {
    /// pydicom's `data` folder and pydicom-data's `data` folder.
    static let roots: [URL] = {
        let script = """
            import os, pydicom, data_store
            print(os.path.join(os.path.dirname(pydicom.__file__), "data"))
            print(os.path.join(os.path.dirname(data_store.__file__), "data"))
            """
        guard let output = try? run("python3", ["-c", script]), output.status == 0 else { return [] }
        return output.stdout.split(separator: "\n").map { URL(fileURLWithPath: String($0)) }
    }()

    /// Every corpus file meant to be DICOM, sorted by path; fails the calling test if the corpus is missing.
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

    /// One corpus file by name (the first found), recording an issue when absent.
    static func file(_ name: String, sourceLocation: SourceLocation = #_sourceLocation) -> URL? {
        let found = files(sourceLocation: sourceLocation).first { $0.lastPathComponent == name }
        if found == nil { Issue.record("corpus file \(name) not found", sourceLocation: sourceLocation) }
        return found
    }

    /// The package root (for the oracle script).
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// A fresh temporary folder.
    static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("dicomimaging-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    struct Output { let status: Int32; let stdout: String; let stderr: String }

    /// Runs a program found on PATH and collects its output (both pipes drained at once).
    static func run(_ program: String, _ arguments: [String]) throws -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [program] + arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let errData = LockedBox(Data())
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
final class LockedBox<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: T
    init(_ value: T) { stored = value }
    func set(_ value: T) { lock.lock(); stored = value; lock.unlock() }
    var value: T { lock.lock(); defer { lock.unlock() }; return stored }
}
