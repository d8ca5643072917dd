/// The one key table: it drives dispatch, the footer hints and the `?` overlay, so hints never drift
/// from behaviour. With `readOnly`, dangerous actions are gone from all three.
public struct KeyTable: Sendable {
    /// The bindings, in the order hints list them.
    public let bindings: [KeyBinding]

    /// The console's table; `readOnly` drops every dangerous binding.
    public init(readOnly: Bool = false) {
        bindings = Self.all.filter { !readOnly || !$0.dangerous }
    }

    /// The action a key triggers in the given contexts (most specific first), if any.
    public func action(for key: Key, in contexts: [KeyContext]) -> Action? {
        for context in contexts {
            if let binding = bindings.first(where: { $0.contexts.contains(context) && $0.keys.contains(key) }) {
                return binding.action
            }
        }
        return nil
    }

    /// The binding of an action in the given contexts (tests press keys by action name with it).
    public func binding(_ action: Action, in contexts: [KeyContext]) -> KeyBinding? {
        for context in contexts {
            if let binding = bindings.first(where: { $0.action == action && $0.contexts.contains(context) }) { return binding }
        }
        return nil
    }

    /// The bindings that apply in these contexts, each action once, most specific context first, with
    /// only the keys that reach them (a key a more specific binding takes is dropped, and so are
    /// printable keys while `typing` into a text field); bindings left without keys are omitted.
    public func active(in contexts: [KeyContext], visibleOnly: Bool, typing: Bool = false) -> [KeyBinding] {
        var seen: Set<Action> = []
        var claimed: Set<Key> = []
        var result: [KeyBinding] = []
        for context in contexts {
            for binding in bindings where binding.contexts.contains(context) {
                let keys = binding.keys.filter { key in
                    if claimed.contains(key) { return false }
                    if typing, case .char = key { return false }
                    return true
                }
                claimed.formUnion(binding.keys)
                guard !keys.isEmpty, !visibleOnly || binding.visible, seen.insert(binding.action).inserted else { continue }
                result.append(KeyBinding(binding.action, keys, binding.description, in: binding.contexts,
                                         visible: binding.visible, dangerous: binding.dangerous))
            }
        }
        return result
    }

    private static let lists: Set<KeyContext> = [.list, .viewer, .menu, .picker]
    private static let all: [KeyBinding] = [
        // Dialogs first: they take the keys they need.
        KeyBinding(.confirm, [.enter], "choose", in: [.menu]),
        KeyBinding(.confirm, [.enter], "choose the focused button", in: [.dialog]),
        KeyBinding(.left, [.left, .backTab], "previous button", in: [.dialog], visible: false),
        KeyBinding(.right, [.right, .tab], "next button", in: [.dialog]),
        KeyBinding(.open, [.enter], "open folder / use this one", in: [.picker]),
        KeyBinding(.toggle, [.char(" ")], "choose the selected folder", in: [.picker]),
        KeyBinding(.parent, [.backspace, .left], "up a level", in: [.picker]),
        KeyBinding(.back, [.escape, .char("q")], "close", in: [.dialog, .viewer, .menu, .picker]),
        // Pages.
        KeyBinding(.open, [.enter], "open", in: [.list]),
        KeyBinding(.create, [.char("n")], "new", in: [.datasets, .stores], dangerous: true),
        KeyBinding(.delete, [.char("d")], "delete", in: [.datasets], dangerous: true),
        // A store's import, export, export metadata and delete show in the `a` menu (with their letters) and
        // `?`, not the footer (at 80 columns it keeps room for `/ filter`).
        KeyBinding(.delete, [.char("d")], "delete", in: [.stores], visible: false, dangerous: true),
        KeyBinding(.importData, [.char("i")], "import", in: [.stores, .store], visible: false, dangerous: true),
        KeyBinding(.exportData, [.char("e")], "export", in: [.stores, .store], visible: false, dangerous: true),
        KeyBinding(.exportMetadata, [.char("m")], "export metadata", in: [.stores], visible: false, dangerous: true),
        KeyBinding(.showOperations, [.char("o")], "operations", in: [.stores, .store]),
        KeyBinding(.actions, [.char("a")], "actions", in: [.stores, .store]),
        KeyBinding(.changeLocation, [.char("p")], "project", in: [.datasets]),
        KeyBinding(.parent, [.backspace, .left], "up a level", in: [.details, .browser]),
        KeyBinding(.showLog, [.char("l")], "log", in: [.operations]),
        KeyBinding(.cancelOperation, [.char("c")], "cancel", in: [.operations], dangerous: true),
        KeyBinding(.pause, [.char("p")], "pause updates", in: [.operations]),
        KeyBinding(.filter, [.char("/")], "filter", in: [.list]),
        // Forms.
        KeyBinding(.nextField, [.tab, .down], "next field", in: [.form]),
        KeyBinding(.prevField, [.backTab, .up], "previous field", in: [.form], visible: false),
        KeyBinding(.confirm, [.enter], "activate", in: [.form]),
        KeyBinding(.toggle, [.char(" ")], "toggle / choose", in: [.form]),
        KeyBinding(.left, [.left], "previous choice", in: [.form], visible: false),
        KeyBinding(.right, [.right], "next choice", in: [.form], visible: false),
        // Store tabs.
        KeyBinding(.tab1, [.char("1")], "Details tab", in: [.store], visible: false),
        KeyBinding(.tab2, [.char("2")], "Import tab", in: [.store], visible: false),
        KeyBinding(.tab3, [.char("3")], "Export tab", in: [.store], visible: false),
        KeyBinding(.tab4, [.char("4")], "Operations tab", in: [.store], visible: false),
        KeyBinding(.nextTab, [.tab], "next tab", in: [.store], visible: false),
        KeyBinding(.prevTab, [.backTab], "previous tab", in: [.store], visible: false),
        // Movement: arrows and vim keys, always both.
        KeyBinding(.up, [.up, .char("k")], "move up", in: lists, visible: false),
        KeyBinding(.down, [.down, .char("j")], "move down", in: lists, visible: false),
        KeyBinding(.pageUp, [.pageUp, .ctrl("u")], "page up", in: lists, visible: false),
        KeyBinding(.pageDown, [.pageDown, .ctrl("d")], "page down", in: lists, visible: false),
        KeyBinding(.top, [.home, .char("g")], "first row", in: lists, visible: false),
        KeyBinding(.bottom, [.end, .char("G")], "last row", in: lists, visible: false),
        // Everywhere.
        KeyBinding(.back, [.escape, .char("q")], "back", in: [.global]),
        KeyBinding(.jump, [.char(":")], "jump (:ops :stores :setup)", in: [.global]),
        KeyBinding(.refresh, [.char("r"), .ctrl("r")], "refresh", in: [.global], visible: false),
        KeyBinding(.repaint, [.ctrl("l")], "repaint the screen", in: [.global, .dialog, .viewer, .menu, .picker], visible: false),
        KeyBinding(.quit, [.interrupt], "quit (a second Ctrl-C always exits)", in: [.global, .dialog, .viewer, .menu, .picker], visible: false),
        KeyBinding(.help, [.char("?"), .function(1)], "help", in: [.global, .viewer]),
    ]
}
