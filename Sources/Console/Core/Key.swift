/// A key press, decoded from the terminal.
public enum Key: Hashable, Sendable, CustomStringConvertible {
    /// A printable character.
    case char(Character)
    /// Control plus a letter (`ctrl("l")` is Ctrl-L).
    case ctrl(Character)
    /// Arrow keys.
    case up, down, left, right
    /// Paging keys.
    case pageUp, pageDown, home, end
    /// Editing and navigation keys (`backTab` is Shift-Tab).
    case enter, escape, tab, backTab, backspace, delete
    /// A function key, F1…F12.
    case function(Int)
    /// The terminal changed size.
    case resize
    /// SIGINT (Ctrl-C in cbreak mode arrives as a signal, not a key).
    case interrupt
    /// A mouse click or wheel turn (when the terminal reports them; `--no-mouse` turns reporting off).
    case mouse(MouseEvent)

    /// The key as hints and the help overlay write it.
    public var description: String {
        switch self {
        case .char(" "): "Space"
        case .char(let character): String(character)
        case .ctrl(let character): "Ctrl-" + character.uppercased()
        case .up: "↑"
        case .down: "↓"
        case .left: "←"
        case .right: "→"
        case .pageUp: "PgUp"
        case .pageDown: "PgDn"
        case .home: "Home"
        case .end: "End"
        case .enter: "Enter"
        case .escape: "Esc"
        case .tab: "Tab"
        case .backTab: "Shift-Tab"
        case .backspace: "Backspace"
        case .delete: "Del"
        case .function(let number): "F\(number)"
        case .resize: "resize"
        case .interrupt: "Ctrl-C"
        case .mouse(let event): event.kind == .press ? "click" : "wheel"
        }
    }

    /// The key as ASCII text (for `--ascii` hints).
    public var asciiDescription: String {
        switch self {
        case .up: "Up"
        case .down: "Down"
        case .left: "Left"
        case .right: "Right"
        default: description
        }
    }

    /// Decodes a character code from the terminal (not a function key): controls, Tab, Enter, Esc,
    /// Backspace, or a printable character.
    public static func decode(character code: UInt32) -> Key? {
        switch code {
        case 9: return .tab
        case 10, 13: return .enter
        case 27: return .escape
        case 8, 127: return .backspace
        case 1...26: return .ctrl(Character(Unicode.Scalar(code + 96)!))
        case 0..<32: return nil
        default:
            guard let scalar = Unicode.Scalar(code) else { return nil }
            return .char(Character(scalar))
        }
    }
}
