import AsyncHTTPClient
import Foundation

/// `Authorization` headers for any Google API (or a server that takes the same bearer tokens) from
/// `GCSCredentials`: tokens of service accounts, gcloud and the metadata server are fetched once,
/// shared by concurrent callers and cached until shortly before they expire.
public struct GoogleTokenSource: Sendable {
    /// The scope of every Google Cloud API (Cloud Healthcare and Cloud Storage alike).
    public static let cloudPlatformScope = "https://www.googleapis.com/auth/cloud-platform"

    private let authenticator: GCSAuthenticator

    /// The credentials tokens come from.
    public var credentials: GCSCredentials { authenticator.credentials }

    /// Creates a token source.
    /// - Parameters:
    ///   - credentials: where tokens come from (`.none` sends no header).
    ///   - scope: the OAuth scope service-account tokens are asked for.
    ///   - httpClient: the client for token exchanges (not shut down here).
    ///   - environment: `PATH` for gcloud, `GCE_METADATA_HOST` for the metadata server.
    public init(credentials: GCSCredentials, scope: String = cloudPlatformScope, httpClient: HTTPClient,
                environment: [String: String] = ProcessInfo.processInfo.environment, timeout: Duration = .seconds(30)) {
        let retrier = GCSRetrier(policy: .default, endpoint: "the token endpoint")
        authenticator = GCSAuthenticator(credentials: credentials, http: httpClient, retrier: retrier,
                                         environment: environment, timeout: timeout, scope: scope)
    }

    /// `Bearer TOKEN`, or nil when no authentication is to be sent; `unauthenticated` errors say what to set.
    public func authorization() async throws -> String? { try await authenticator.authorization() }

    /// Forgets the cached token (after a 401), so that the next call fetches a new one.
    public func invalidate() async { await authenticator.invalidate() }

    /// Whether a 401 may be cured by fetching a new token.
    public var canRefresh: Bool { authenticator.canRefresh }

    /// How many tokens were fetched so far (for tests).
    public var fetchCount: Int { get async { await authenticator.fetchCount } }
}
