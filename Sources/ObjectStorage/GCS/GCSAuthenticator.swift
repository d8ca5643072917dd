import AsyncHTTPClient
import Dispatch
import Foundation

/// Supplies the `Authorization` header for `GCSStorage`'s requests: fetches tokens for service accounts
/// and gcloud, caches them until shortly before they expire, and lets concurrent callers share one fetch.
actor GCSAuthenticator {
    /// The credentials.
    let credentials: GCSCredentials
    private let http: HTTPClient
    private let retrier: GCSRetrier
    private let environment: [String: String]
    private let timeout: Duration
    /// The OAuth scope asked for in service-account exchanges.
    private let scope: String
    private let clock = ContinuousClock()
    private var cached: (value: String, validUntil: ContinuousClock.Instant)?
    private var pending: Task<GCSAccessToken, any Error>?
    /// How many tokens were fetched (service-account exchanges or gcloud runs), for tests.
    private(set) var fetchCount = 0

    /// How long a gcloud token is reused: gcloud does not say when it expires, and may hand out a cached
    /// token that is already some minutes old; a 401 makes the caller fetch again.
    static let gcloudTokenLifetime: Duration = .seconds(30 * 60)

    /// Creates an authenticator; `environment` supplies `PATH` for finding gcloud.
    init(credentials: GCSCredentials, http: HTTPClient, retrier: GCSRetrier, environment: [String: String],
         timeout: Duration, scope: String = GCSServiceAccountToken.scope) {
        self.scope = scope
        self.credentials = credentials
        self.http = http
        self.retrier = retrier
        self.environment = environment
        self.timeout = timeout
    }

    /// Whether a 401 may be cured by fetching a new token.
    nonisolated var canRefresh: Bool {
        switch credentials {
        case .serviceAccountKey, .gcloud, .metadataServer: true
        case .none, .accessToken, .missing: false
        }
    }

    /// `Bearer TOKEN`, or nil when no authentication is to be sent.
    func authorization() async throws -> String? {
        switch credentials {
        case .none: return nil
        case .accessToken(let token): return "Bearer \(token)"
        case .missing(let explanation): throw StorageError(.unauthenticated, explanation)
        case .serviceAccountKey, .gcloud, .metadataServer: break
        }
        if let cached, clock.now < cached.validUntil { return "Bearer \(cached.value)" }
        let task: Task<GCSAccessToken, any Error>
        if let pending {
            task = pending
        } else {
            task = Task { try await self.fetch() }
            pending = task
        }
        defer { if pending == task { pending = nil } }
        let token = try await task.value
        // Reuse until a little before expiry: 5 minutes early for hour-long tokens, half-way for short ones.
        let margin = min(Duration.seconds(300), token.lifetime / 2)
        cached = (token.value, clock.now + token.lifetime - margin)
        return "Bearer \(token.value)"
    }

    /// Forgets the cached token (after a 401), so that the next call fetches a new one.
    func invalidate() {
        cached = nil
    }

    private func fetch() async throws -> GCSAccessToken {
        fetchCount += 1
        switch credentials {
        case .serviceAccountKey(let path):
            let key = try GCSServiceAccountKey(contentsOf: path)
            return try await GCSServiceAccountToken.fetch(for: key, scope: scope, http: http, retrier: retrier, timeout: timeout)
        case .metadataServer:
            return try await GCSMetadataServerToken.fetch(environment: environment, http: http, retrier: retrier, timeout: timeout)
        case .gcloud:
            guard let gcloud = GCSCredentials.findExecutable("gcloud", environment: environment) else {
                throw StorageError(.unauthenticated, "gcloud is not on PATH. " + GCSCredentials.setupHint)
            }
            let token = try await Self.run(gcloud, arguments: ["auth", "print-access-token"])
            return GCSAccessToken(value: token, lifetime: Self.gcloudTokenLifetime)
        case .none, .accessToken, .missing:
            throw StorageError(.internal, "no token to fetch for these credentials")
        }
    }

    /// Runs `executable` off the cooperative pool and returns its trimmed standard output, or throws
    /// `unauthenticated` with its standard error.
    static func run(_ executable: String, arguments: [String]) async throws -> String {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                let process = Process()
                process.executableURL = URL(fileURLWithPath: executable)
                process.arguments = arguments
                let output = Pipe()
                // Standard error goes to a file so that a chatty gcloud cannot fill a pipe nobody reads.
                let errorURL = FileManager.default.temporaryDirectory
                    .appendingPathComponent("gcloud-stderr-\(UUID().uuidString)")
                _ = FileManager.default.createFile(atPath: errorURL.path, contents: nil)
                defer { try? FileManager.default.removeItem(at: errorURL) }
                let command = ([executable] + arguments).joined(separator: " ")
                do {
                    let errorHandle = try FileHandle(forWritingTo: errorURL)
                    defer { try? errorHandle.close() }
                    process.standardOutput = output
                    process.standardError = errorHandle
                    process.standardInput = FileHandle.nullDevice
                    try process.run()
                } catch {
                    continuation.resume(throwing: StorageError(.unauthenticated, "cannot run \(command): \(error)"))
                    return
                }
                let data = output.fileHandleForReading.readDataToEndOfFile()
                process.waitUntilExit()
                let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
                guard process.terminationStatus == 0, !text.isEmpty else {
                    let errors = (try? String(contentsOf: errorURL, encoding: .utf8))?
                        .trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
                    continuation.resume(throwing: StorageError(.unauthenticated, """
                        \(command) failed (exit status \(process.terminationStatus))\
                        \(errors.isEmpty ? "" : ": \(errors)"). Run `gcloud auth login`, or: \(GCSCredentials.setupHint)
                        """))
                    return
                }
                continuation.resume(returning: text)
            }
        }
    }
}
