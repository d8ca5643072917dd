import Foundation

/// Whether an endpoint is Google's: `googleapis.com` itself or a subdomain, never a host that merely ends
/// with those letters (`evilgoogleapis.com` gets no Google credentials).
enum GoogleHost {
    static func isGoogle(_ endpoint: URL) -> Bool {
        guard let host = endpoint.host?.lowercased() else { return false }
        return host == "googleapis.com" || host.hasSuffix(".googleapis.com")
    }
}
