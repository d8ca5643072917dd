import ObjectStorage
import ArgumentParser
import Foundation

/// Options every command takes: where the product keeps its data.
struct GlobalOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Data directory (default: $XDG_DATA_HOME/dicom-console).", valueName: "dir"))
    var dataDir: String?

    /// The data directory: `--data-dir`, else `$XDG_DATA_HOME/dicom-console`, else `~/.local/share/dicom-console`.
    var dataDirectory: URL {
        if let dataDir { return URL(fileURLWithPath: dataDir).standardizedFileURL }
        let environment = ProcessInfo.processInfo.environment
        if let xdg = environment["XDG_DATA_HOME"], !xdg.isEmpty {
            return URL(fileURLWithPath: xdg).appendingPathComponent("dicom-console")
        }
        return FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".local/share/dicom-console")
    }
}
