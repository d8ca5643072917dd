import Foundation

/// How `GCSStorage` authenticates to Cloud Storage.
public enum GCSCredentials: Sendable, Equatable {
    /// No authentication (the emulator, `STORAGE_EMULATOR_HOST`).
    case none
    /// A ready OAuth 2 access token, sent as is (it is not refreshed; it lasts about an hour).
    case accessToken(String)
    /// A service-account key file (JSON with `client_email`, `private_key`, `token_uri`): a signed JWT is
    /// exchanged for an access token, cached until shortly before it expires.
    case serviceAccountKey(path: String)
    /// The token of the account `gcloud` is logged in as (`gcloud auth print-access-token`), cached.
    case gcloud
    /// The VM's service account, from the GCE metadata server (`metadata.google.internal`, or the host
    /// `GCE_METADATA_HOST` names), cached until shortly before it expires.
    case metadataServer
    /// Nothing was configured; every call fails with `unauthenticated` and this explanation.
    case missing(String)

    /// The environment variables consulted by `automatic(environment:)`, in order.
    public static let environmentVariables = [
        "STORAGE_EMULATOR_HOST", "GOOGLE_OAUTH_ACCESS_TOKEN", "GOOGLE_APPLICATION_CREDENTIALS", "GCE_METADATA_HOST",
    ]

    /// What to set to use Cloud Storage, for error messages.
    public static let setupHint = """
        Set GOOGLE_APPLICATION_CREDENTIALS to a service-account key file, or GOOGLE_OAUTH_ACCESS_TOKEN to an \
        access token (`gcloud auth print-access-token`), or install gcloud and run `gcloud auth login`; \
        for the emulator set STORAGE_EMULATOR_HOST (e.g. 127.0.0.1:9023).
        """

    /// Picks credentials from the environment: `STORAGE_EMULATOR_HOST` → `.none`;
    /// `GOOGLE_OAUTH_ACCESS_TOKEN` → `.accessToken`; `GOOGLE_APPLICATION_CREDENTIALS` → `.serviceAccountKey`;
    /// `gcloud` on `PATH` → `.gcloud`; `GCE_METADATA_HOST` → `.metadataServer`; otherwise `.missing`, whose calls fail saying what to set.
    public static func automatic(environment: [String: String] = ProcessInfo.processInfo.environment)
        -> GCSCredentials {
        if let host = environment["STORAGE_EMULATOR_HOST"], !host.isEmpty { return .none }
        if let token = environment["GOOGLE_OAUTH_ACCESS_TOKEN"], !token.isEmpty { return .accessToken(token) }
        if let path = environment["GOOGLE_APPLICATION_CREDENTIALS"], !path.isEmpty {
            return .serviceAccountKey(path: path)
        }
        if findExecutable("gcloud", environment: environment) != nil { return .gcloud }
        if let host = environment["GCE_METADATA_HOST"], !host.isEmpty { return .metadataServer }
        return .missing("No Cloud Storage credentials found. " + setupHint)
    }

    /// Who these credentials act as, for messages ("the service account x@…", "anonymous", …).
    var accountDescription: String {
        switch self {
        case .none: "an anonymous caller"
        case .accessToken: "the account of GOOGLE_OAUTH_ACCESS_TOKEN"
        case .serviceAccountKey(let path):
            (try? GCSServiceAccountKey(contentsOf: path)).map { "the service account \($0.clientEmail)" }
                ?? "the service account of \(path)"
        case .gcloud: "the gcloud account"
        case .metadataServer: "the VM's service account"
        case .missing: "an unauthenticated caller"
        }
    }

    /// The full path of `name` in the environment's `PATH`, if it is there and executable.
    static func findExecutable(_ name: String, environment: [String: String]) -> String? {
        let path = environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in path.split(separator: ":") where !directory.isEmpty {
            let candidate = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}

/// The fields of a service-account key file that the token exchange needs.
struct GCSServiceAccountKey: Sendable, Equatable, Decodable {
    /// The account, e.g. `importer@project.iam.gserviceaccount.com`.
    var clientEmail: String
    /// The RSA private key, PEM (PKCS #8 or PKCS #1).
    var privateKey: String
    /// The key's id, sent as the JWT's `kid`.
    var privateKeyID: String?
    /// Where to exchange the JWT for a token.
    var tokenURI: String
    /// The project the account belongs to.
    var projectID: String?

    enum CodingKeys: String, CodingKey {
        case type
        case clientEmail = "client_email"
        case privateKey = "private_key"
        case privateKeyID = "private_key_id"
        case tokenURI = "token_uri"
        case projectID = "project_id"
    }

    /// Google's token endpoint, when the key file does not name one.
    static let defaultTokenURI = "https://oauth2.googleapis.com/token"

    init(clientEmail: String, privateKey: String, privateKeyID: String? = nil, tokenURI: String = defaultTokenURI,
         projectID: String? = nil) {
        self.clientEmail = clientEmail
        self.privateKey = privateKey
        self.privateKeyID = privateKeyID
        self.tokenURI = tokenURI
        self.projectID = projectID
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if let type = try container.decodeIfPresent(String.self, forKey: .type), type != "service_account" {
            throw StorageError(.invalidArgument, """
                the key file is of type "\(type)", not "service_account" (user credentials from \
                `gcloud auth application-default login` are not supported: use a service-account key or .gcloud)
                """)
        }
        clientEmail = try container.decode(String.self, forKey: .clientEmail)
        privateKey = try container.decode(String.self, forKey: .privateKey)
        privateKeyID = try container.decodeIfPresent(String.self, forKey: .privateKeyID)
        tokenURI = try container.decodeIfPresent(String.self, forKey: .tokenURI) ?? Self.defaultTokenURI
        projectID = try container.decodeIfPresent(String.self, forKey: .projectID)
    }

    /// Reads and parses a key file, with errors that name the file.
    init(contentsOf path: String) throws {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw StorageError(.unauthenticated, "cannot read the service-account key file \(path): \(error.localizedDescription)")
        }
        do {
            self = try JSONDecoder().decode(Self.self, from: data)
        } catch let error as StorageError {
            throw StorageError(.unauthenticated, "\(path): \(error.message)")
        } catch {
            throw StorageError(.unauthenticated, """
                \(path) is not a service-account key file (JSON with client_email and private_key): \(error)
                """)
        }
    }
}
