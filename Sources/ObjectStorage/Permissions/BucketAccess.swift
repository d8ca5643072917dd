import Crypto
import Foundation

/// Whether a DICOM store's service agent may use a bucket: read to import, write to export.
public enum BucketAccess {
    /// What an operation needs of a bucket.
    public enum Need: String, Sendable {
        /// Import: list and read objects.
        case read
        /// Export: create objects (and list and read them).
        case write

        var permissions: Set<String> {
            switch self {
            case .read: ["storage.objects.get", "storage.objects.list"]
            case .write: ["storage.objects.get", "storage.objects.list", "storage.objects.create"]
            }
        }

        /// The role to grant when the need is not met (the cloud documentation's advice).
        public var role: String {
            switch self {
            case .read: "roles/storage.objectViewer"
            case .write: "roles/storage.objectAdmin"
            }
        }
    }

    /// The answer for one agent, bucket and need.
    public enum Result: Sendable, Equatable {
        /// Every needed permission is granted (the roles that grant them are listed).
        case granted(roles: [String])
        /// Something is missing: the permissions, the role that would grant them and the command to run.
        case missing(permissions: [String], role: String, grantCommand: String)
        /// The endpoint does not expose IAM policies (the Cloud Storage emulator): nothing was checked.
        case notCheckable(reason: String)

        /// A sentence for people: what is missing and the exact command that grants it.
        public func explanation(agent: String, bucket: String) -> String {
            switch self {
            case .granted(let roles):
                "\(agent) may use gs://\(bucket) (\(roles.joined(separator: ", ")))"
            case .missing(let permissions, let role, let command):
                "\(agent) lacks \(permissions.joined(separator: ", ")) on gs://\(bucket): grant \(role) with\n  \(command)"
            case .notCheckable(let reason):
                "permissions not checkable on this endpoint (\(reason)); going on"
            }
        }
    }

    /// The storage permissions of the predefined roles this product reasons about.
    public static let rolePermissions: [String: Set<String>] = {
        let read: Set<String> = ["storage.objects.get", "storage.objects.list"]
        let write: Set<String> = ["storage.objects.create", "storage.objects.delete", "storage.objects.update"]
        return [
            "roles/storage.objectViewer": read,
            "roles/storage.objectCreator": ["storage.objects.create"],
            "roles/storage.objectUser": read.union(write),
            "roles/storage.objectAdmin": read.union(write).union(["storage.objects.getIamPolicy", "storage.objects.setIamPolicy"]),
            "roles/storage.admin": read.union(write).union(["storage.buckets.get", "storage.buckets.getIamPolicy", "storage.buckets.setIamPolicy"]),
            "roles/storage.legacyBucketReader": ["storage.objects.list", "storage.buckets.get"],
            "roles/storage.legacyBucketWriter": ["storage.objects.list", "storage.objects.create", "storage.objects.delete", "storage.buckets.get"],
            "roles/storage.legacyBucketOwner": ["storage.objects.list", "storage.objects.create", "storage.objects.delete", "storage.buckets.get", "storage.buckets.getIamPolicy"],
            "roles/storage.legacyObjectReader": ["storage.objects.get"],
            "roles/storage.legacyObjectOwner": ["storage.objects.get"],
        ]
    }()

    /// Decides from a policy whether `member` (e.g. `serviceAccount:…`) has what `need` requires.
    public static func evaluate(policy: IAMPolicy, member: String, bucket: String, need: Need,
                                grantTool: GrantTool = .dicomConsole) -> Result {
        let roles = policy.roles(of: member)
        let granted = roles.reduce(into: Set<String>()) { $0.formUnion(rolePermissions[$1] ?? []) }
        let missing = need.permissions.subtracting(granted).sorted()
        if missing.isEmpty { return .granted(roles: roles.filter { rolePermissions[$0] != nil }) }
        return .missing(permissions: missing, role: need.role,
                        grantCommand: grantTool.command(bucket: bucket, member: member, role: need.role))
    }

    /// Checks a bucket of any backend: reads its policy and evaluates it.
    public static func check(_ storage: any ObjectStorage, bucket: String, member: String, need: Need,
                             grantTool: GrantTool = .dicomConsole) async throws -> Result {
        guard let policy = try await storage.iamPolicy(bucket: bucket) else {
            return .notCheckable(reason: "its IAM endpoint answers 404")
        }
        return evaluate(policy: policy, member: member, bucket: bucket, need: need, grantTool: grantTool)
    }

    /// Which command line to suggest for granting a role.
    public enum GrantTool: Sendable {
        /// `dicom-console storage buckets add-iam-policy-binding` (local buckets).
        case dicomConsole
        /// `gcloud storage buckets add-iam-policy-binding` (Cloud Storage buckets).
        case gcloud
        /// `dicom-console --endpoint URL storage buckets add-iam-policy-binding` (a `serve`'s buckets).
        case dicomConsoleServer(endpoint: String)

        /// The command that grants `role` to `member` on `bucket`.
        public func command(bucket: String, member: String, role: String) -> String {
            let tool: String
            switch self {
            case .dicomConsole: tool = "dicom-console"
            case .gcloud: tool = "gcloud"
            case .dicomConsoleServer(let endpoint): tool = "dicom-console --endpoint \(endpoint)"
            }
            return "\(tool) storage buckets add-iam-policy-binding gs://\(bucket) --member=\(member) --role=\(role)"
        }
    }
}

/// The identity a DICOM store uses to reach buckets, in the cloud's form.
public enum ServiceAgent {
    /// `service-PROJECT_NUMBER@gcp-sa-healthcare.iam.gserviceaccount.com`.
    public static func email(projectNumber: String) -> String {
        "service-\(projectNumber)@gcp-sa-healthcare.iam.gserviceaccount.com"
    }

    /// The IAM member string of the agent: `serviceAccount:` and its email.
    public static func member(projectNumber: String) -> String { "serviceAccount:" + email(projectNumber: projectNumber) }

    /// A stable 12-digit project number for a project ID, for installations without a cloud project
    /// (the cloud assigns numbers; locally the same ID always gives the same number).
    public static func localProjectNumber(for projectID: String) -> String {
        let digest = SHA256.hash(data: Data(projectID.utf8))
        let value = digest.prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        return String(100_000_000_000 + value % 900_000_000_000)
    }
}
