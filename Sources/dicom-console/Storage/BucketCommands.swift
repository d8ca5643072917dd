import ArgumentParser
import Foundation
import HealthcareClient
import ObjectStorage

/// `storage buckets create gs://NAME [--path DIR]`.
struct CreateBucket: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Create a bucket: a new folder (on the server with --endpoint), an existing local folder with --path, or one on Cloud Storage (--gcs)."
    )
    @OptionGroup var global: GlobalOptions
    @Argument(help: "gs://NAME") var bucket: String
    @Option(help: "Serve this existing folder as the bucket (nothing is copied).") var path: String?
    @Flag(help: "Create the bucket on the configured Cloud Storage instead.") var gcs = false
    @Option(help: "Cloud Storage project (with --gcs).") var project: String?

    func run() async throws {
        let uri = try StorageURI(bucket)
        try await withStorage(global) { storage in
            if gcs {
                guard let remote = storage.remote as? GCSStorage else {
                    throw StorageError(.failedPrecondition, "Cloud Storage is not configured (set STORAGE_EMULATOR_HOST or credentials)")
                }
                try await remote.createBucket(name: uri.bucket, project: project)
                print("Created gs://\(uri.bucket) on Cloud Storage.")
            } else if let path {
                let info = try storage.local.createBucket(uri.bucket, folder: URL(fileURLWithPath: path))
                print("Created gs://\(info.name) (folder \(info.location)).")
            } else {
                // Where the service reads it: this data directory, or the server of --endpoint.
                let info = try await storage.createBucket(uri.bucket)
                print(info.backend == "local" ? "Created gs://\(info.name) (folder \(info.location))." : "Created gs://\(info.name) on \(info.location).")
            }
        }
    }
}

/// `storage buckets list`.
struct ListBuckets: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List buckets.")
    @OptionGroup var global: GlobalOptions
    @Option(help: "Cloud Storage project whose buckets to list (default: GOOGLE_CLOUD_PROJECT or the key's); local buckets are always listed.")
    var project: String?

    func run() async throws {
        try await withStorage(global) { storage in
            let (buckets, remoteError) = try await storage.listBucketsReportingRemote(project: project)
            for bucket in buckets { print("gs://\(bucket.name)\t\(bucket.backend)\t\(bucket.location)") }
            if let remoteError { printError("note: Cloud Storage buckets not listed: \(remoteError)") }
        }
    }
}

/// `storage buckets add-iam-policy-binding gs://NAME --member=M --role=R`.
struct AddIAMPolicyBinding: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add-iam-policy-binding",
        abstract: "Grant a role on a local bucket, or on the server's with --endpoint (for Cloud Storage buckets, use gcloud)."
    )
    @OptionGroup var global: GlobalOptions
    @Argument(help: "gs://NAME") var bucket: String
    @Option(help: "serviceAccount:EMAIL, user:EMAIL, allUsers…") var member: String
    @Option(help: "roles/storage.objectViewer, roles/storage.objectAdmin…") var role: String

    func run() async throws {
        let uri = try StorageURI(bucket)
        try await withStorage(global) { storage in
            guard storage.canGrant(on: uri.bucket) else {
                throw StorageError(.failedPrecondition, "gs://\(uri.bucket) is not a local bucket; grant roles on Cloud Storage with\n  gcloud storage buckets add-iam-policy-binding gs://\(uri.bucket) --member=\(member) --role=\(role)")
            }
            let policy = try await storage.addIAMBinding(bucket: uri.bucket, member: member, role: role)
            printPolicy(policy)
        }
    }
}

/// `storage buckets get-iam-policy gs://NAME`.
struct GetIAMPolicy: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "get-iam-policy", abstract: "Show a bucket's IAM policy.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "gs://NAME") var bucket: String

    func run() async throws {
        let uri = try StorageURI(bucket)
        try await withStorage(global) { storage in
            guard let policy = try await storage.iamPolicy(bucket: uri.bucket) else {
                print("permissions not checkable on this endpoint (its IAM API answers 404)")
                return
            }
            printPolicy(policy)
        }
    }
}

func printPolicy(_ policy: IAMPolicy) {
    print("bindings:")
    for binding in policy.bindings {
        print("- members:")
        for member in binding.members { print("  - \(member)") }
        print("  role: \(binding.role)")
    }
}

/// Opens the storage for one command (with `--endpoint`, the server's buckets after the local ones), runs
/// `body`, and shuts any HTTP client down; storage errors become a one-line message and exit code 1.
func withStorage(_ options: GlobalOptions, _ body: (StorageRouter) async throws -> Void) async throws {
    let local = try LocalStorage(dataDirectory: options.dataDirectory)
    let remote: GCSStorage?
    let endpoint = try options.remoteEndpoint
    if let endpoint {
        let configuration = options.remoteConfiguration(endpoint)
        remote = GCSStorage(endpoint: configuration.isGoogle ? nil : endpoint, credentials: configuration.credentials,
                            project: configuration.project)
    } else {
        remote = try GCSStorage.fromEnvironment()
    }
    // With --endpoint the service is the server: new buckets and grants go there.
    let isServer = endpoint != nil && remote != nil && !(endpoint.map { options.remoteConfiguration($0).isGoogle } ?? true)
    let storage = StorageRouter(local: local, remote: remote, placement: endpoint == nil ? .local : .remote,
                                serverEndpoint: isServer ? endpoint?.absoluteString : nil)
    var failure: (any Error)?
    do { try await body(storage) } catch { failure = error }
    try? await remote?.shutdown()
    if let error = failure as? StorageError {
        printError("error: \(error.message)")
        throw ExitCode(1)
    }
    if let failure { throw failure }
}
