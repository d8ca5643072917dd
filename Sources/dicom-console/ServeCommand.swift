import ArgumentParser
import DicomStore
import Foundation
import HealthcareServer

/// `dicom-console serve`: the Cloud Healthcare v1 REST API, DICOMweb and the buckets over HTTP.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the Cloud Healthcare v1 REST API, DICOMweb and the buckets over HTTP (loopback by default).",
        discussion: """
            Every request needs `Authorization: Bearer TOKEN` with the token from --token, --token-file or \
            DICOM_CONSOLE_SERVER_TOKEN; --allow-unauthenticated opens the server without one, on loopback only. \
            Operations run in worker processes and outlive the server. The first line on standard output is \
            "Listening on http://HOST:PORT"; each request is logged on standard error.
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: "Address to listen on.") var listen = "127.0.0.1"
    @Option(help: "Port (0 picks a free one).") var port = 8080
    @Option(help: "The bearer token clients must send.") var token: String?
    @Option(help: ArgumentHelp("A file holding the bearer token.", valueName: "path")) var tokenFile: String?
    @Flag(help: "No token needed (loopback addresses only).") var allowUnauthenticated = false
    @Option(help: "Largest upload (STOW-RS, objects) in MiB.") var maxUploadMib: Int64 = 4096
    @Option(help: "Memory for the bytes of recently retrieved instances (WADO-RS), in MiB; 0 turns it off.")
    var retrieveCacheMib = 128
    @Flag(help: "Do not log requests.") var quiet = false
    @Option(help: ArgumentHelp("The URL clients use to reach the server (behind a TLS proxy), for the URLs it hands out.",
                               valueName: "url")) var publicURL: String?

    func run() async throws {
        let access = try resolveAccess()
        var configuration = HealthcareServer.Configuration(host: listen, port: port, access: access,
                                                           maximumUploadBytes: maxUploadMib << 20, logRequests: !quiet,
                                                           publicURL: try checkedPublicURL())
        guard retrieveCacheMib >= 0 else { throw ValidationError("--retrieve-cache-mib must be 0 or more") }
        configuration.retrieveCacheBytes = retrieveCacheMib << 20
        try await withEmbeddedService(global, detachedWorkers: true, refusing: "serve") { service in
            let server = try HealthcareServer(service: service, configuration: configuration)
            let host = listen.contains(":") ? "[\(listen)]" : listen
            try await server.run { port in
                FileHandle.standardOutput.write(Data("Listening on http://\(host):\(port)\n".utf8))
            }
        }
    }

    private func checkedPublicURL() throws -> String? {
        guard let publicURL else { return nil }
        guard let url = URL(string: publicURL), ["http", "https"].contains(url.scheme ?? ""), url.host != nil else {
            throw ValidationError("--public-url \(publicURL) is not an http(s) URL")
        }
        return publicURL
    }

    private func resolveAccess() throws -> HealthcareServer.Access {
        var secret = token ?? ProcessInfo.processInfo.environment["DICOM_CONSOLE_SERVER_TOKEN"]
        if let tokenFile {
            do { secret = try String(contentsOfFile: tokenFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines) } catch {
                throw ValidationError("cannot read the token file \(tokenFile): \(error.localizedDescription)")
            }
        }
        if let secret, !secret.isEmpty {
            if allowUnauthenticated { throw ValidationError("give a token or --allow-unauthenticated, not both") }
            return .token(secret)
        }
        guard allowUnauthenticated else {
            throw ValidationError("no token: give --token, --token-file or DICOM_CONSOLE_SERVER_TOKEN, or --allow-unauthenticated on loopback")
        }
        return .open
    }
}
