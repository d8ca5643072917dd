/// Selection, scroll position and filter of one list.
struct ListState: Equatable, Sendable {
    /// The selected row (an index into the filtered rows).
    var selected = 0
    /// The first visible row.
    var top = 0
    /// Rows whose text does not contain this (case-insensitive) are hidden.
    var filter = ""

    /// A list with the first row selected.
    init() {}

    /// Moves the selection by `delta` rows within `count`, scrolling `height` rows into view.
    mutating func move(by delta: Int, count: Int, height: Int) {
        guard count > 0 else { selected = 0; top = 0; return }
        selected = min(max(0, selected + delta), count - 1)
        scroll(height: height)
    }

    /// Selects a row (clamped) and scrolls it into view.
    mutating func select(_ row: Int, count: Int, height: Int) {
        move(by: row - selected, count: count, height: height)
    }

    /// Keeps the selection inside `count` rows and visible in `height` rows.
    mutating func clamp(count: Int, height: Int) {
        selected = count == 0 ? 0 : min(max(0, selected), count - 1)
        scroll(height: height)
    }

    private mutating func scroll(height: Int) {
        let height = max(1, height)
        if selected < top { top = selected }
        if selected >= top + height { top = selected - height + 1 }
        top = max(0, top)
    }

    /// The rows of `items` that pass the filter, with their original indices.
    func filtered<T>(_ items: [T], text: (T) -> String) -> [(index: Int, item: T)] {
        let needle = filter.lowercased()
        return items.enumerated().compactMap { index, item in
            needle.isEmpty || text(item).lowercased().contains(needle) ? (index, item) : nil
        }
    }

    /// Applies a movement action; returns false when the action is not a movement.
    mutating func apply(_ action: Action, count: Int, height: Int) -> Bool {
        switch action {
        case .up: move(by: -1, count: count, height: height)
        case .down: move(by: 1, count: count, height: height)
        case .pageUp: move(by: -max(1, height - 1), count: count, height: height)
        case .pageDown: move(by: max(1, height - 1), count: count, height: height)
        case .top: select(0, count: count, height: height)
        case .bottom: select(count - 1, count: count, height: height)
        default: return false
        }
        return true
    }
}
