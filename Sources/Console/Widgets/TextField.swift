/// One line of editable text with a cursor.
struct TextField: Equatable, Sendable {
    /// The text.
    var text: String
    /// The cursor, in characters from the start.
    var cursor: Int

    /// A field holding `text`, the cursor at its end.
    init(_ text: String = "") {
        self.text = text
        cursor = text.count
    }

    /// Applies an editing key; returns true when the text or cursor changed (false for keys it ignores).
    mutating func edit(_ key: Key) -> Bool {
        switch key {
        case .char(let character):
            let index = text.index(text.startIndex, offsetBy: cursor)
            text.insert(character, at: index)
            cursor += 1
        case .backspace:
            guard cursor > 0 else { return true }
            let index = text.index(text.startIndex, offsetBy: cursor - 1)
            text.remove(at: index)
            cursor -= 1
        case .delete:
            guard cursor < text.count else { return true }
            text.remove(at: text.index(text.startIndex, offsetBy: cursor))
        case .left: cursor = max(0, cursor - 1)
        case .right: cursor = min(text.count, cursor + 1)
        case .home: cursor = 0
        case .end, .ctrl("e"): cursor = text.count
        case .ctrl("u"):
            text = ""
            cursor = 0
        case .ctrl("w"):
            let head = String(text.prefix(cursor))
            let trimmed = head.reversed().drop(while: { $0 == " " || $0 == "/" }).drop(while: { $0 != " " && $0 != "/" })
            let kept = String(trimmed.reversed())
            text = kept + text.dropFirst(cursor)
            cursor = kept.count
        default:
            return false
        }
        return true
    }
}
