import DicomStore
import ObjectStorage

/// What covers the page: help, a confirmation, a prompt, a text view, the `:` command line, a
/// missing-permission dialog, a store's Actions menu, or the export folder chooser.
enum Overlay: Sendable, Equatable {
    case help
    case confirm(Confirmation)
    case prompt(Prompt)
    case text(TextView)
    case jump(TextField)
    case access(AccessDialog)
    case menu(ActionMenu)
    case folders(FolderPicker)
}

/// A store's Actions menu (the cloud console's per-store Actions): Import, Export, Export metadata,
/// Delete. Up/Down and Enter choose, or the letter shown beside an entry.
struct ActionMenu: Sendable, Equatable {
    /// One entry: what it says, the key that chooses it, and the action it performs on the store.
    struct Item: Sendable, Equatable {
        var label: String
        var key: Key
        var action: Action
    }

    var store: StoreName
    var items: [Item]
    var selected = 0

    /// The menu for a store: the key table's own bindings of these actions on the Stores page, so a
    /// read-only console offers none of the actions that change data.
    init(store: StoreName, keys: KeyTable) {
        self.store = store
        let entries: [(String, Action)] = [("Import", .importData), ("Export", .exportData),
                                           ("Export metadata", .exportMetadata), ("Delete", .delete)]
        items = entries.compactMap { label, action in
            keys.binding(action, in: [.stores]).flatMap { binding in binding.keys.first.map { Item(label: label, key: $0, action: action) } }
        }
    }
}

/// A yes/no question about something that changes data; Cancel is focused first.
struct Confirmation: Sendable, Equatable {
    /// What a confirmed dialog does.
    enum Purpose: Sendable, Equatable {
        case deleteDataset(DatasetName, force: Bool)
        case deleteStore(StoreName)
        case cancelOperation(OperationName)
        case quit
    }

    var title: String
    var message: [String]
    var confirmLabel: String
    /// The label of the safe button (focused first).
    var cancelLabel = "Cancel"
    var purpose: Purpose
    /// 0 = Cancel (the default), 1 = the action.
    var focused = 0
    /// When set, the action's button works only once this text has been typed (type-to-confirm).
    var typeToConfirm: String?
    var typed = TextField()

    /// A confirmation focused on Cancel.
    init(title: String, message: [String], confirmLabel: String, purpose: Purpose, typeToConfirm: String? = nil) {
        self.title = title
        self.message = message
        self.confirmLabel = confirmLabel
        self.purpose = purpose
        self.typeToConfirm = typeToConfirm
    }
}

/// One line of input: a new dataset or store ID, a metadata table; validated as you type.
struct Prompt: Sendable, Equatable {
    /// What the answer is for.
    enum Purpose: Sendable, Equatable {
        case createDataset(LocationName)
        case createStore(DatasetName)
        case exportMetadata(StoreName)
        /// The project and location whose datasets the console shows (`PROJECT/LOCATION`).
        case changeLocation
        /// The Cloud Storage project whose buckets Import and Export list (empty: the default).
        case storageProject
    }

    var title: String
    var label: String
    var field: TextField
    var purpose: Purpose
    /// The validation error of the current text, if any.
    var error: String?

    /// A prompt.
    init(title: String, label: String, text: String = "", purpose: Purpose) {
        self.title = title
        self.label = label
        field = TextField(text)
        self.purpose = purpose
    }
}

/// A scrollable text: operation details, an error log, the attributes of an instance.
struct TextView: Sendable, Equatable {
    var title: String
    var lines: [String]
    var list = ListState()
    var loading: Bool

    /// A text view (empty and loading until its content arrives).
    init(title: String, lines: [String] = [], loading: Bool = false) {
        self.title = title
        self.lines = lines
        self.loading = loading
    }

    /// The lines cut to `width` columns (long lines continue on the next rows; tabs become spaces).
    func displayLines(width: Int) -> [String] {
        let width = max(1, width)
        var result: [String] = []
        for line in lines {
            var current = ""
            var used = 0
            for character in line {
                let shown: Character = character == "\t" ? " " : character
                let cellWidth = CellWidth.of(CellWidth.printable(shown))
                if used + cellWidth > width {
                    result.append(current)
                    current = ""
                    used = 0
                }
                current.append(shown)
                used += cellWidth
            }
            result.append(current)
        }
        return result
    }
}

/// The store's service agent lacks a role on a bucket: the error, the grant command, and (for local
/// buckets) an offer to grant it. Cancel is focused first.
struct AccessDialog: Sendable, Equatable {
    var problem: AccessProblem
    /// 0 = Cancel, 1 = Grant.
    var focused = 0

    /// A dialog.
    init(problem: AccessProblem) { self.problem = problem }
}
