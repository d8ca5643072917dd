import ArgumentParser
import Foundation
import ObjectStorage

/// `dicom-console storage …`: buckets and objects, shaped like `gcloud storage`.
struct StorageCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "storage",
        abstract: "Manage buckets and objects: local folders served as gs://, or Cloud Storage.",
        discussion: """
            A bucket registered locally is served from its folder. Any other gs:// bucket goes to Cloud \
            Storage when it is configured: STORAGE_EMULATOR_HOST (an emulator, no credentials), or \
            GOOGLE_OAUTH_ACCESS_TOKEN / GOOGLE_APPLICATION_CREDENTIALS / gcloud for Google.
            """,
        subcommands: [Buckets.self, ListObjects.self, Copy.self, Cat.self]
    )

    /// `storage buckets …`.
    struct Buckets: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create and list buckets, and grant roles on them.",
            subcommands: [CreateBucket.self, ListBuckets.self, AddIAMPolicyBinding.self, GetIAMPolicy.self]
        )
    }
}
