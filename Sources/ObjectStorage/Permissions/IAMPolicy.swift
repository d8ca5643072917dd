/// A bucket's IAM policy, in Cloud Storage's JSON shape (`GET /storage/v1/b/BUCKET/iam`).
public struct IAMPolicy: Sendable, Equatable, Codable {
    /// One role granted to members (`serviceAccount:…`, `user:…`, `allUsers`, …).
    public struct Binding: Sendable, Equatable, Codable {
        /// The role, e.g. `roles/storage.objectViewer`.
        public var role: String
        /// The members holding it.
        public var members: [String]

        /// Creates a binding.
        public init(role: String, members: [String]) {
            self.role = role
            self.members = members
        }
    }

    /// The bindings.
    public var bindings: [Binding]
    /// The policy's etag, when the server gives one.
    public var etag: String?

    /// Creates a policy.
    public init(bindings: [Binding] = [], etag: String? = nil) {
        self.bindings = bindings
        self.etag = etag
    }

    /// Adds `member` to `role` (creating the binding); no change if already there.
    public mutating func add(member: String, role: String) {
        if let index = bindings.firstIndex(where: { $0.role == role }) {
            if !bindings[index].members.contains(member) { bindings[index].members.append(member) }
        } else {
            bindings.append(Binding(role: role, members: [member]))
        }
    }

    /// Checks the shapes Cloud Storage accepts: a member like `serviceAccount:EMAIL`, `user:EMAIL`,
    /// `allUsers` or `allAuthenticatedUsers`, and a role like `roles/storage.objectViewer`.
    public static func validate(member: String, role: String) throws {
        guard member.contains(":") || member == "allUsers" || member == "allAuthenticatedUsers" else {
            throw StorageError(.invalidArgument, "member \"\(member)\" must look like serviceAccount:EMAIL, user:EMAIL or allUsers")
        }
        guard role.hasPrefix("roles/") else {
            throw StorageError(.invalidArgument, "role \"\(role)\" must look like roles/storage.objectViewer")
        }
    }

    /// The roles `member` holds, directly or through `allUsers` / `allAuthenticatedUsers`.
    public func roles(of member: String) -> [String] {
        bindings.filter { binding in
            binding.members.contains(member) || binding.members.contains("allUsers")
                || binding.members.contains("allAuthenticatedUsers")
        }.map(\.role)
    }
}
