import AsyncHTTPClient
import NIOCore
import NIOHTTP1
import Foundation

/// The GCE metadata server's token of the VM's default service account:
/// `GET http://HOST/computeMetadata/v1/instance/service-accounts/default/token` with
/// `Metadata-Flavor: Google`, HOST being `GCE_METADATA_HOST` or `metadata.google.internal`.
enum GCSMetadataServerToken {
    /// The host asked when `GCE_METADATA_HOST` is not set.
    static let defaultHost = "metadata.google.internal"

    /// The token URL for an environment.
    static func url(environment: [String: String]) -> String {
        var host = environment["GCE_METADATA_HOST"].flatMap { $0.isEmpty ? nil : $0 } ?? defaultHost
        if !host.contains("://") { host = "http://" + host }
        while host.hasSuffix("/") { host.removeLast() }
        return host + "/computeMetadata/v1/instance/service-accounts/default/token"
    }

    /// Fetches a token, retrying 5xx and connection failures.
    static func fetch(environment: [String: String], http: HTTPClient, retrier: GCSRetrier,
                      timeout: Duration) async throws -> GCSAccessToken {
        let url = url(environment: environment)
        return try await retrier.run(idempotent: true, resource: .service) { _ in
            var request = HTTPClientRequest(url: url)
            request.headers.add(name: "Metadata-Flavor", value: "Google")
            let response: HTTPClientResponse
            do {
                response = try await http.execute(request, timeout: .nanoseconds(Int64(timeout.gcsSeconds * 1e9)))
            } catch {
                throw StorageError(.unauthenticated, """
                    the metadata server (\(url)) cannot be reached: \(error). Outside Google Cloud, use \
                    another credential: \(GCSCredentials.setupHint)
                    """)
            }
            let data = try await GCSHTTP.collect(response.body)
            let status = Int(response.status.code)
            guard (200..<300).contains(status) else {
                let error = StorageError(.unauthenticated, """
                    the metadata server (\(url)) gave no token (HTTP \(status)): check that the VM has a service \
                    account with the cloud-platform scope
                    """)
                if GCSRetryPolicy.isRetryable(status: status) { throw GCSRetryableFailure(error: error) }
                throw error
            }
            guard let token = try? JSONDecoder().decode(GCSServiceAccountToken.TokenResponse.self, from: data) else {
                throw StorageError(.unauthenticated, "the metadata server (\(url)) answered without an access_token")
            }
            return GCSAccessToken(value: token.accessToken, lifetime: .seconds(token.expiresIn ?? 3600))
        }
    }
}
