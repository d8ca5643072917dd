import DicomStore
import Foundation
import ObjectStorage

/// A row of the bucket browser.
struct BrowserEntry: Sendable, Equatable {
    /// What the row is.
    enum Kind: Sendable, Equatable { case bucket, folder, object }
    var kind: Kind
    /// The name shown (relative to the folder).
    var name: String
    /// The bucket name, the folder's full prefix (ending with `/`), or the object's full name.
    var path: String
    var size: Int64?
}

/// The Import tab: a lazy bucket browser, advanced options (override path with a live preview),
/// storage class, and the Import button.
struct ImportForm: Sendable, Equatable {
    /// The fields, in Tab order.
    enum Field: Int, Sendable, CaseIterable { case project, browser, advanced, override, storageClass, submit }

    var focus: Field = .browser
    /// The bucket being browsed; nil shows the bucket list.
    var bucket: String?
    /// The folder being browsed (empty or ending with `/`).
    var prefix = ""
    /// The folder's rows (buckets at the top level).
    var entries = Loadable<[BrowserEntry]>()
    /// More rows to load when the list reaches the end.
    var nextPageToken: String?
    var list = ListState()
    /// Ties folder answers to the folder asked for.
    var generation = 0
    /// An object chosen with Enter (otherwise the whole folder is the source).
    var chosenObject: String?
    var advancedOpen = false
    /// Advanced options → Override Cloud Storage path.
    var override = TextField()
    /// Storage class: nil for the default.
    var storageClass: StorageClass?
    /// The live preview of what the source matches.
    var preview = Loadable<PreviewResult>()
    var previewGeneration = 0
    /// The URI the preview is for.
    var previewURI: String?

    /// An empty form at the bucket list.
    init() {}

    /// The `gs://` URI an import would read: the override when given, else the chosen object, else
    /// everything under the browsed folder.
    var sourceURI: String? {
        let text = override.text.trimmingCharacters(in: .whitespaces)
        if advancedOpen, !text.isEmpty { return text }
        guard let bucket else { return nil }
        if let chosenObject { return "gs://\(bucket)/\(chosenObject)" }
        return "gs://\(bucket)/\(prefix)**"
    }

    /// Why the source cannot be imported (validated as typed), or nil.
    var sourceError: String? {
        guard let uri = sourceURI else { return "choose a bucket (Enter on it) or type a path under Advanced options" }
        return Self.validate(uri)
    }

    /// The error of a `gs://` pattern: bucket name rules and `ObjectPattern` rules (with a caret).
    static func validate(_ uri: String) -> String? {
        do {
            let parsed = try StorageURI(uri)
            _ = try ObjectPattern(parsed.path.isEmpty ? "**" : parsed.path)
            return nil
        } catch let error as StorageError {
            return error.message
        } catch {
            return String(describing: error)
        }
    }

    /// The fields Tab visits (the override only while Advanced options is open).
    var visibleFields: [Field] {
        Field.allCases.filter { $0 != .override || advancedOpen }
    }

    /// The rows after the filter.
    var filteredEntries: [BrowserEntry] {
        list.filtered(entries.value ?? [], text: \.name).map(\.item)
    }
}
