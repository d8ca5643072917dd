import Foundation
import Testing

/// The real files of pydicom and pydicom-data, the built binary, and the external tools tests run, for
/// every test target. A missing tool or corpus is a test failure with instructions, never a silent skip.
public enum Corpus {
    /// The folders holding pydicom's test files and pydicom-data's files.
    public static let roots: [URL] = {
        let script = """
            import os, pydicom, data_store
            print(os.path.join(os.path.dirname(pydicom.__file__), "data"))
            print(os.path.join(os.path.dirname(data_store.__file__), "data"))
            """
        guard let output = try? run("python3", ["-c", script]), output.status == 0 else { return [] }
        return output.stdout.split(separator: "\n").map { URL(fileURLWithPath: String($0)) }
    }()

    /// Every corpus file (DICOM or meant to be), sorted; fails the calling test if the corpus is missing.
    public static func files(sourceLocation: SourceLocation = #_sourceLocation) -> [URL] {
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
    public static func file(_ name: String, sourceLocation: SourceLocation = #_sourceLocation) -> URL? {
        let found = files(sourceLocation: sourceLocation).first { $0.lastPathComponent == name }
        if found == nil { Issue.record("corpus file \(name) not found", sourceLocation: sourceLocation) }
        return found
    }

    /// The package root (for scripts and the built binary).
    public static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The bundled sample study (`Resources/samples`).
    public static var samples: URL { packageRoot.appendingPathComponent("Resources/samples") }

    /// `$DICOM_CONSOLE_BIN`, else the debug build in `.build` (whether or not it exists).
    public static var binaryPath: String {
        if let explicit = ProcessInfo.processInfo.environment["DICOM_CONSOLE_BIN"], !explicit.isEmpty { return explicit }
        return packageRoot.appendingPathComponent(".build/debug/dicom-console").path
    }

    /// A fresh temporary folder.
    public static func temporaryFolder(_ prefix: String = "test") throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// The built `dicom-console` binary: `$DICOM_CONSOLE_BIN`, or the debug build in `.build`.
    public static func binary(sourceLocation: SourceLocation = #_sourceLocation) -> String? {
        if FileManager.default.isExecutableFile(atPath: binaryPath) { return binaryPath }
        Issue.record("dicom-console is not built: run `swift build` first (./scripts/test.sh does)", sourceLocation: sourceLocation)
        return nil
    }

    /// What a finished program printed.
    public struct Output: Sendable {
        public let status: Int32
        public let stdout: String
        public let stderr: String
    }

    /// Runs a program found on PATH and collects its output.
    public static func run(_ program: String, _ arguments: [String]) throws -> Output {
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
    public static func requireTool(_ name: String, sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        if let output = try? run("which", [name]), output.status == 0 { return true }
        Issue.record("\(name) is not installed: run ./scripts/setup.sh", sourceLocation: sourceLocation)
        return false
    }
}

/// A value set once from another thread.
public final class Locked<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: T
    public init(_ value: T) { stored = value }
    public func set(_ value: T) { lock.lock(); stored = value; lock.unlock() }
    public var value: T { lock.lock(); defer { lock.unlock() }; return stored }
}

/// Runs a program to completion with its output in files (no pipe can fill up), in `environment`.
public enum ProgramRun {
    public static func run(_ executable: String, _ arguments: [String], environment: [String: String]? = nil,
                           scratch: URL = FileManager.default.temporaryDirectory) throws -> Corpus.Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        let out = scratch.appendingPathComponent("out-\(UUID().uuidString)"), err = scratch.appendingPathComponent("err-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: out); try? FileManager.default.removeItem(at: err) }
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return Corpus.Output(status: process.terminationStatus, stdout: String(decoding: try Data(contentsOf: out), as: UTF8.self),
                             stderr: String(decoding: try Data(contentsOf: err), as: UTF8.self))
    }
}
