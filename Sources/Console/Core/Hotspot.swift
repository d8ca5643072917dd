/// What a click on a part of the screen means; the screens record these while they draw, so the
/// mapping from a mouse event to an action always matches the frame the user sees.
enum ClickTarget: Hashable, Sendable {
    /// A tab of the store page's tab bar.
    case tab(StoreTab)
    /// A row of the focused page's list (an index into its filtered rows).
    case row(Int)
    /// A key hint in the footer: the click presses that key.
    case key(Key)
}

/// A clickable rectangle of a frame.
struct Hotspot: Hashable, Sendable {
    /// Where it is.
    var rect: Rect
    /// What a click there does.
    var target: ClickTarget
}

extension Rect {
    /// True when the cell at (x, y) is inside.
    func contains(x: Int, y: Int) -> Bool { x >= self.x && x < maxX && y >= self.y && y < maxY }
}

extension Canvas {
    /// The target under a cell: the one drawn last wins (later drawing covers earlier drawing).
    func target(atX x: Int, y: Int) -> ClickTarget? {
        hotspots.last { $0.rect.contains(x: x, y: y) }?.target
    }

    /// Records a clickable rectangle.
    mutating func addHotspot(_ rect: Rect, _ target: ClickTarget) {
        hotspots.append(Hotspot(rect: rect, target: target))
    }
}
