import Foundation

extension LocalStorage {
    /// Adds `member` to `role` in a local bucket's IAM policy (as `gcloud storage buckets
    /// add-iam-policy-binding` does for Cloud Storage) and returns the new policy.
    @discardableResult
    public func addIAMBinding(bucket: String, member: String, role: String) throws -> IAMPolicy {
        try IAMPolicy.validate(member: member, role: role)
        return try update { registry in
            guard var entry = registry.buckets[bucket] else { throw Self.noBucket(bucket) }
            var policy = entry.policy
            policy.add(member: member, role: role)
            if policy.bindings != entry.policy.bindings { entry.setBindings(policy.bindings) }
            registry.buckets[bucket] = entry
            return entry.versionedPolicy
        }
    }

    /// Replaces a local bucket's bindings with `policy`'s (`PUT /storage/v1/b/B/iam`) and returns the new
    /// policy with its new etag. When `policy.etag` is set it must be the current one: a policy changed
    /// since it was read is refused with `failedPrecondition`, as Cloud Storage answers 412. Every member
    /// and role is checked first; bindings without members are dropped. Done under the registry's lock.
    @discardableResult
    public func setIAMPolicy(bucket: String, policy: IAMPolicy) throws -> IAMPolicy {
        for binding in policy.bindings {
            for member in binding.members { try IAMPolicy.validate(member: member, role: binding.role) }
            if binding.members.isEmpty { try IAMPolicy.validate(member: "allUsers", role: binding.role) }
        }
        var merged: [IAMPolicy.Binding] = []
        for binding in policy.bindings where !binding.members.isEmpty {
            for member in binding.members {
                var partial = IAMPolicy(bindings: merged)
                partial.add(member: member, role: binding.role)
                merged = partial.bindings
            }
        }
        return try update { registry in
            guard var entry = registry.buckets[bucket] else { throw Self.noBucket(bucket) }
            let current = entry.versionedPolicy.etag
            if let etag = policy.etag, etag != current {
                throw StorageError(.failedPrecondition, "the IAM policy of gs://\(bucket) changed since it was read (etag \(etag), now \(current ?? "none")): read it again and apply the change to it")
            }
            entry.setBindings(merged)
            registry.buckets[bucket] = entry
            return entry.versionedPolicy
        }
    }
}

extension IAMPolicy {
    /// The etag of a policy's `version`th state, in Cloud Storage's form (a base64 protocol-buffer
    /// varint: version 1 is `CAE=`).
    static func versionEtag(_ version: Int) -> String {
        var bytes: [UInt8] = [0x08]
        var value = UInt64(max(0, version))
        repeat {
            var byte = UInt8(value & 0x7F)
            value >>= 7
            if value != 0 { byte |= 0x80 }
            bytes.append(byte)
        } while value != 0
        return Data(bytes).base64EncodedString()
    }
}
