import AsyncHTTPClient
import Crypto
import Foundation
import NIOCore
import NIOHTTP1
import _CryptoExtras

/// An OAuth 2 access token and how long it lasts.
struct GCSAccessToken: Sendable, Equatable {
    /// The bearer token.
    var value: String
    /// Its lifetime from when it was fetched.
    var lifetime: Duration
}

/// The service-account flow (RFC 7523): a JWT signed with the account's RSA key (RS256) is exchanged at
/// the key's `token_uri` for an access token.
enum GCSServiceAccountToken {
    /// The scope asked for: read, write and manage buckets, objects and their IAM policies.
    static let scope = "https://www.googleapis.com/auth/devstorage.full_control"
    /// The grant type of the exchange.
    static let grantType = "urn:ietf:params:oauth:grant-type:jwt-bearer"

    private struct Header: Encodable {
        var alg = "RS256"
        var typ = "JWT"
        var kid: String?
    }

    private struct Claims: Encodable {
        var iss: String
        var scope: String
        var aud: String
        var iat: Int
        var exp: Int
    }

    /// The signed JWT (`header.claims.signature`, base64url without padding) for `key`, valid one hour
    /// from `now`.
    static func assertion(for key: GCSServiceAccountKey, scope: String = scope, now: Date = Date()) throws -> String {
        let privateKey: _RSA.Signing.PrivateKey
        do {
            privateKey = try _RSA.Signing.PrivateKey(pemRepresentation: key.privateKey)
        } catch {
            throw StorageError(.unauthenticated, """
                the private_key of the service account \(key.clientEmail) is not a PEM RSA key of 2048 bits or more \
                (\(error)); download a new key (IAM → Service accounts → Keys)
                """)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let issued = Int(now.timeIntervalSince1970)
        let header = try encoder.encode(Header(kid: key.privateKeyID))
        let claims = try encoder.encode(Claims(iss: key.clientEmail, scope: scope, aud: key.tokenURI,
                                               iat: issued, exp: issued + 3600))
        let signingInput = base64URL(header) + "." + base64URL(claims)
        let signature = try privateKey.signature(for: SHA256.hash(data: Data(signingInput.utf8)),
                                                 padding: .insecurePKCS1v1_5)
        return signingInput + "." + base64URL(signature.rawRepresentation)
    }

    /// Base64url without padding (RFC 7515 §2).
    static func base64URL(_ data: Data) -> String {
        data.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Decodes base64url with or without padding.
    static func decodeBase64URL(_ text: some StringProtocol) -> Data? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        return Data(base64Encoded: base64)
    }

    struct TokenResponse: Decodable {
        var accessToken: String
        var expiresIn: Int?

        enum CodingKeys: String, CodingKey {
            case accessToken = "access_token"
            case expiresIn = "expires_in"
        }
    }

    /// Exchanges a fresh assertion for an access token at the key's `token_uri`, retrying 5xx and
    /// connection failures.
    static func fetch(for key: GCSServiceAccountKey, scope: String = scope, http: HTTPClient, retrier: GCSRetrier,
                      timeout: Duration) async throws -> GCSAccessToken {
        try await retrier.run(idempotent: true, resource: .service) { _ in
            let body = "grant_type=\(GCSPath.encode(grantType))&assertion=\(try assertion(for: key, scope: scope))"
            var request = HTTPClientRequest(url: key.tokenURI)
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
            request.body = .bytes(ByteBuffer(string: body))
            let response = try await http.execute(request, timeout: .nanoseconds(Int64(timeout.gcsSeconds * 1e9)))
            let data = try await GCSHTTP.collect(response.body)
            let status = Int(response.status.code)
            guard (200..<300).contains(status) else {
                let error = StorageError(.unauthenticated, """
                    the token endpoint \(key.tokenURI) refused the service account \(key.clientEmail) \
                    (HTTP \(status)\(GCSErrorBody(data).message.map { ": \($0)" } ?? "")); check that the key is \
                    current and the account enabled, or create a new key
                    """)
                if GCSRetryPolicy.isRetryable(status: status) { throw GCSRetryableFailure(error: error) }
                throw error
            }
            guard let token = try? JSONDecoder().decode(TokenResponse.self, from: data) else {
                throw StorageError(.unauthenticated, "the token endpoint \(key.tokenURI) answered without an access_token")
            }
            return GCSAccessToken(value: token.accessToken, lifetime: .seconds(token.expiresIn ?? 3600))
        }
    }
}
