import DicomStore
import ObjectStorage

/// The Export tab's destination chooser: one bucket's folders, listed lazily as they are opened. The
/// first row uses the folder shown; the others are its sub-folders (Enter opens one, Space chooses it).
struct FolderPicker: Sendable, Equatable {
    /// The bucket browsed.
    let bucket: String
    /// The folder shown (empty or ending with `/`).
    var prefix: String
    /// The folder's sub-folders, as full prefixes ending with `/`.
    var folders = Loadable<[String]>()
    /// More sub-folders to list when the selection nears the end.
    var nextPageToken: String?
    var list = ListState()
    /// Ties folder answers to the folder asked for.
    var generation = 0

    /// A chooser at a folder of a bucket (nothing listed yet).
    init(bucket: String, prefix: String = "") {
        self.bucket = bucket
        self.prefix = prefix
    }

    /// The folder shown, as an export destination.
    var shownURI: String { "gs://\(bucket)/\(prefix)" }

    /// Rows: "use this folder", then the sub-folders.
    var rowCount: Int { 1 + (folders.value?.count ?? 0) }

    /// The sub-folder on a row (nil for the first row, "use this folder").
    func folder(onRow row: Int) -> String? {
        guard row >= 1, let folders = folders.value, row - 1 < folders.count else { return nil }
        return folders[row - 1]
    }

    /// The folder above the one shown (nil at the bucket's root).
    var parentPrefix: String? {
        guard !prefix.isEmpty else { return nil }
        let parts = prefix.split(separator: "/", omittingEmptySubsequences: true).dropLast()
        return parts.isEmpty ? "" : parts.joined(separator: "/") + "/"
    }

    /// Starts showing `prefix`: its listing is asked for afresh, tagged with `generation` (from
    /// `ConsoleState.nextFolderListing()`, so no answer meant for an earlier chooser is taken).
    mutating func open(_ prefix: String, generation: Int) -> Command {
        self.prefix = prefix
        self.generation = generation
        folders = Loadable()
        folders.loading = true
        nextPageToken = nil
        list = ListState()
        return .listFolder(bucket: bucket, prefix: prefix, pageToken: nil, generation: generation, for: .exportDestination)
    }

    /// Applies a listed page of the folder shown (ignored when it answers an older request).
    mutating func apply(bucket: String, prefix: String, generation: Int, appending: Bool, _ result: Result<ObjectPage, ServiceError>) {
        guard bucket == self.bucket, prefix == self.prefix, generation == self.generation else { return }
        folders.loading = false
        switch result {
        case .success(let page):
            folders.value = (appending ? folders.value ?? [] : []) + page.prefixes
            folders.error = nil
            nextPageToken = page.nextPageToken
        case .failure(let error):
            folders.error = error.message
        }
    }
}
