import DicomStore
import Foundation

/// What the executable tells the console: where the data is, the defaults, and display switches.
public struct ConsoleOptions: Sendable {
    /// The data directory (`--data-dir`).
    public var dataDirectory: URL
    /// The project when `console.json` does not name one.
    public var project: String
    /// The location when `console.json` does not name one.
    public var location: String
    /// `--read-only`: no action that changes data.
    public var readOnly = false
    /// `--no-color` (NO_COLOR has the same effect).
    public var noColor = false
    /// `--ascii`: ASCII glyphs.
    public var ascii = false
    /// Mouse clicks where the terminal reports them (`--no-mouse` turns it off, to keep the terminal's
    /// own text selection).
    public var mouse = true
    /// `--slow-link`: at most 2 background-driven frames a second, no spinner animation.
    public var slowLink = false
    /// The bundled sample study, when found (see `SampleLocator`).
    public var samplesFolder: String?
    /// The server the console manages through `--endpoint` (nil: this machine's embedded service).
    public var endpoint: String?
    /// Opens the embedded service over another data directory and makes it the default one, for the
    /// first-time setup's choice of data directory (nil: the directory cannot be changed here).
    public var relocate: (@Sendable (URL) async throws -> any DicomService)?

    /// Options.
    public init(dataDirectory: URL, project: String, location: String) {
        self.dataDirectory = dataDirectory
        self.project = project
        self.location = location
    }
}

/// Finds the bundled sample study: `$DICOM_CONSOLE_SAMPLES`, else `Resources/samples` (source tree)
/// or `share/dicom-console/samples` (installed) in a folder above the executable.
public enum SampleLocator {
    /// The folder of the sample `.dcm` files, if any.
    public static func find(environment: [String: String] = ProcessInfo.processInfo.environment,
                            executable: String? = nil) -> String? {
        if let explicit = environment["DICOM_CONSOLE_SAMPLES"], !explicit.isEmpty {
            return hasSamples(explicit) ? explicit : nil
        }
        let path = executable ?? (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        var folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        for _ in 0..<6 {
            for candidate in ["Resources/samples", "share/dicom-console/samples"] {
                let url = folder.appendingPathComponent(candidate)
                if hasSamples(url.path) { return url.standardizedFileURL.path }
            }
            folder.deleteLastPathComponent()
        }
        return nil
    }

    private static func hasSamples(_ folder: String) -> Bool {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).contains { $0.hasSuffix(".dcm") }
    }
}
