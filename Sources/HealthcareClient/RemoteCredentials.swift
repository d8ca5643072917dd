import Foundation
import ObjectStorage

/// Which bearer token `RemoteService` sends.
public enum RemoteCredentials {
    /// The environment variable with a token for `--endpoint`.
    public static let tokenVariable = "DICOM_CONSOLE_ACCESS_TOKEN"

    /// `accessToken` (`--access-token`), else `DICOM_CONSOLE_ACCESS_TOKEN`; else, for Google's API
    /// (`*.googleapis.com`), Google's credential sources in `GCSCredentials.automatic` order
    /// (GOOGLE_OAUTH_ACCESS_TOKEN, GOOGLE_APPLICATION_CREDENTIALS, gcloud, GCE_METADATA_HOST), and the
    /// metadata server when none of them is there; else (another server, e.g. `dicom-console serve
    /// --allow-unauthenticated`) no token at all.
    public static func resolve(endpoint: URL, accessToken: String?, environment: [String: String]) -> GCSCredentials {
        if let token = accessToken ?? environment[tokenVariable], !token.isEmpty { return .accessToken(token) }
        guard GoogleHost.isGoogle(endpoint) else { return .none }
        var google = environment
        google.removeValue(forKey: "STORAGE_EMULATOR_HOST")
        let credentials = GCSCredentials.automatic(environment: google)
        if case .missing = credentials { return .metadataServer }
        return credentials
    }
}
