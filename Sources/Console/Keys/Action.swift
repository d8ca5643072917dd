/// Everything a key can ask the console to do.
public enum Action: String, Sendable, CaseIterable {
    /// Everywhere: the `?` overlay, Esc/q, Ctrl-C, `:`, refresh, Ctrl-L.
    case help, back, quit, jump, refresh, repaint
    /// Movement in lists and text views, and choices in forms.
    case up, down, pageUp, pageDown, top, bottom, left, right
    /// Lists: open the row, filter rows, go up a level.
    case open, filter, parent
    /// Datasets and stores.
    case create, delete, importData, exportData, exportMetadata, showOperations
    /// A store's Actions menu; the project and location the Datasets page shows.
    case actions, changeLocation
    /// Store tabs.
    case tab1, tab2, tab3, tab4, nextTab, prevTab
    /// The Operations tab.
    case cancelOperation, showLog, pause
    /// Forms.
    case nextField, prevField, toggle
    /// Dialogs and forms: the focused button.
    case confirm
}

/// Where the focus is: decides which bindings of the key table apply.
public enum KeyContext: String, Sendable, CaseIterable {
    /// Always (unless an overlay takes every key).
    case global
    /// A list has the focus: movement, open, filter.
    case list
    /// The Datasets page.
    case datasets
    /// The Stores page.
    case stores
    /// A store page (tabs).
    case store
    /// The store browser (studies → series → instances).
    case details
    /// The bucket browser of the Import tab.
    case browser
    /// The Operations tab.
    case operations
    /// A form (Import, Export, Setup): fields.
    case form
    /// A confirmation or error dialog.
    case dialog
    /// A scrollable text view (details, log, attributes).
    case viewer
    /// A menu: move, choose.
    case menu
    /// A folder chooser: move, open a folder, go up, choose.
    case picker
}

/// One line of the key table: an action, its keys, what it does, and whether it shows in the footer
/// and is dangerous (dropped by `--read-only`, confirmed before it runs).
public struct KeyBinding: Sendable, Equatable {
    /// What the keys do.
    public let action: Action
    /// The keys, the first one shown first.
    public let keys: [Key]
    /// What hints and the help overlay say.
    public let description: String
    /// Where the binding applies.
    public let contexts: Set<KeyContext>
    /// Shown in the footer hints (everything shows in the `?` overlay).
    public let visible: Bool
    /// Changes or deletes data.
    public let dangerous: Bool

    /// A binding.
    public init(_ action: Action, _ keys: [Key], _ description: String, in contexts: Set<KeyContext>,
                visible: Bool = true, dangerous: Bool = false) {
        self.action = action
        self.keys = keys
        self.description = description
        self.contexts = contexts
        self.visible = visible
        self.dangerous = dangerous
    }

    /// The keys as a hint writes them: `Esc/q`, `↑/k`.
    public func keyLabel(ascii: Bool) -> String {
        keys.map { ascii ? $0.asciiDescription : $0.description }.joined(separator: "/")
    }
}
