/// A mouse event the terminal reported, in screen cells (0-based, as the canvas counts them).
public struct MouseEvent: Hashable, Sendable {
    /// What the mouse did.
    public enum Kind: Hashable, Sendable {
        /// The left button went down (a click; ncurses' click resolution is off, so there is no wait).
        case press
        /// The wheel turned up or down.
        case scrollUp, scrollDown
    }

    /// What happened.
    public var kind: Kind
    /// The column.
    public var x: Int
    /// The row.
    public var y: Int

    /// An event at a cell.
    public init(_ kind: Kind, x: Int, y: Int) {
        self.kind = kind
        self.x = x
        self.y = y
    }
}
