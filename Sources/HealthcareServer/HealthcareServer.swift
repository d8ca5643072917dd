import DicomStore
import Foundation
import ObjectStorage
import Hummingbird
import Logging
import NIOCore
#if canImport(Glibc)
import Glibc
#endif

/// The Cloud Healthcare v1 REST surface of this product over one service: datasets, DICOM stores,
/// import/export operations, DICOMweb, and the buckets through a Cloud Storage JSON API subset.
public struct HealthcareServer: Sendable {
    /// Who may call the server.
    public enum Access: Sendable, Equatable {
        /// Every request needs `Authorization: Bearer TOKEN`.
        case token(String)
        /// No credentials needed: only allowed on a loopback address.
        case open
    }

    /// Where and how the server listens.
    public struct Configuration: Sendable {
        /// The address to bind (loopback unless told otherwise).
        public var host: String
        /// The port; 0 picks a free one (the bound port is handed to `onListening`).
        public var port: Int
        public var access: Access
        /// The largest JSON request body accepted.
        public var maximumJSONBytes: Int
        /// The largest upload (STOW-RS, object upload) accepted; streamed to disk, not held in memory.
        public var maximumUploadBytes: Int64
        /// Writes one line per request (method, path, status, duration) to standard error.
        public var logRequests: Bool
        /// The most bytes of recently retrieved instances kept in memory for WADO-RS (0: none).
        public var retrieveCacheBytes: Int = 128 << 20
        /// The base URL clients reach the server by (`https://dicom.example.org` behind a TLS proxy), for
        /// the URLs the server hands out (upload sessions, STOW retrieve URLs); nil: `http://` + `Host`.
        public var publicURL: String?

        public init(host: String = "127.0.0.1", port: Int = 8080, access: Access, maximumJSONBytes: Int = 1 << 20,
                    maximumUploadBytes: Int64 = 4 << 30, logRequests: Bool = true, publicURL: String? = nil) {
            self.host = host
            self.port = port
            self.access = access
            self.maximumJSONBytes = maximumJSONBytes
            self.maximumUploadBytes = maximumUploadBytes
            self.logRequests = logRequests
        var url = publicURL
        while url?.hasSuffix("/") == true { url?.removeLast() }
        self.publicURL = url
        }
    }

    let service: EmbeddedService
    let configuration: Configuration

    /// A server over `service`; fails when open access is asked for on an address other than loopback.
    public init(service: EmbeddedService, configuration: Configuration) throws {
        if configuration.access == .open, !Self.isLoopback(configuration.host) {
            throw ServiceError(.failedPrecondition, "serving \(configuration.host) without a token would open the store to the network: give --token, or listen on 127.0.0.1")
        }
        self.service = service
        self.configuration = configuration
    }

    /// Runs until the task is cancelled or SIGINT/SIGTERM arrives; `onListening` gets the bound port.
    public func run(onListening: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        Self.raiseOpenFileLimit()
        var logger = Logger(label: "dicom-console.serve")
        logger.logLevel = .warning
        let responder = APIResponder(service: service, configuration: configuration,
                                     retrieveCache: BlobCache(budget: configuration.retrieveCacheBytes))
        let app = Application(
            responder: responder,
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "dicom-console"),
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? 0) },
            logger: logger
        )
        try await app.runService()
    }

    /// Each connection is a descriptor: a soft limit of 1,024 (a common default) would refuse the
    /// thousand-and-first client, so the soft limit is raised to the hard one, as servers do.
    static func raiseOpenFileLimit() {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0, limit.rlim_cur < limit.rlim_max else { return }
        limit.rlim_cur = limit.rlim_max
        _ = setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
    }

    /// Whether `host` names this machine's loopback: `localhost`, `::1`, or an IPv4 literal in
    /// 127.0.0.0/8 (four decimal octets, so `127.0.0.1.example.com` is not one).
    static func isLoopback(_ host: String) -> Bool {
        if host == "localhost" || host == "::1" || host == "0:0:0:0:0:0:0:1" { return true }
        let octets = host.split(separator: ".", omittingEmptySubsequences: false)
        guard octets.count == 4, octets[0] == "127" else { return false }
        return octets.allSatisfy { octet in
            (1...3).contains(octet.count) && octet.allSatisfy(\.isASCII) && octet.allSatisfy(\.isNumber)
                && Int(octet).map { $0 <= 255 } == true
        }
    }
}
