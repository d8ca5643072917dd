import ArgumentParser
import DicomStore
import Foundation
import HealthcareClient
import ObjectStorage

/// Options every command takes: where the product keeps its data, and the remote server to use instead.
struct GlobalOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Data directory (default: $XDG_DATA_HOME/dicom-console).", valueName: "dir"))
    var dataDir: String?

    @Option(help: ArgumentHelp("""
        Manage the store a Cloud Healthcare API server keeps: this product's (`dicom-console serve`) or Google's \
        (https://healthcare.googleapis.com). Default: $DICOM_CONSOLE_ENDPOINT; none = this machine's data directory.
        """, valueName: "url"))
    var endpoint: String?

    @Option(help: ArgumentHelp("""
        Bearer token for --endpoint (default: $DICOM_CONSOLE_ACCESS_TOKEN; for Google's API: gcloud, \
        GOOGLE_APPLICATION_CREDENTIALS or the metadata server).
        """, valueName: "token"))
    var accessToken: String?

    /// The data directory: `--data-dir`, else the configured one (`config set data-dir`, or the console's
    /// first-time setup), else `$XDG_DATA_HOME/dicom-console`, else `~/.local/share/dicom-console`.
    var dataDirectory: URL {
        if let dataDir { return URL(fileURLWithPath: dataDir).standardizedFileURL }
        if let configured = Defaults.load().dataDirectory, configured.hasPrefix("/") { return URL(fileURLWithPath: configured) }
        let environment = ProcessInfo.processInfo.environment
        if let xdg = environment["XDG_DATA_HOME"], !xdg.isEmpty {
            return URL(fileURLWithPath: xdg).appendingPathComponent("dicom-console")
        }
        return FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".local/share/dicom-console")
    }

    /// `--endpoint`, else `DICOM_CONSOLE_ENDPOINT`; nil for the embedded service.
    var remoteEndpoint: URL? {
        get throws {
            let text = endpoint ?? ProcessInfo.processInfo.environment["DICOM_CONSOLE_ENDPOINT"].flatMap { $0.isEmpty ? nil : $0 }
            guard let text else { return nil }
            guard let url = URL(string: text), ["http", "https"].contains(url.scheme ?? ""), url.host != nil else {
                throw ServiceError(.invalidArgument, "--endpoint \(text) is not an http(s) URL (e.g. http://127.0.0.1:8080)")
            }
            return url
        }
    }

    /// The remote configuration: credentials from `--access-token` and the environment, project from the defaults.
    func remoteConfiguration(_ endpoint: URL) -> RemoteService.Configuration {
        let environment = ProcessInfo.processInfo.environment
        let credentials = RemoteCredentials.resolve(endpoint: endpoint, accessToken: accessToken, environment: environment)
        return RemoteService.Configuration(endpoint: endpoint, credentials: credentials,
                                           project: Defaults.load().project ?? Defaults.project)
    }
}
