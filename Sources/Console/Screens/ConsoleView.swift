import DicomStore
import ObjectStorage

/// Renders the whole state into a canvas: breadcrumbs, the page, the flash line, the key hints and any
/// overlay. A pure function of (state, glyphs), so every screen can be snapshot-tested.
enum ConsoleView {
    /// The frame for a state.
    static func render(_ state: ConsoleState, glyphs: Glyphs) -> Canvas {
        var canvas = Canvas(width: state.width, height: state.height)
        if state.tooSmall {
            tooSmall(&canvas, state)
            return canvas
        }
        header(&canvas, state, glyphs)
        let body = Rect(x: 0, y: 1, width: state.width, height: state.bodyHeight)
        switch state.route {
        case .setup: SetupScreen.render(&canvas, state, body, glyphs)
        case .datasets: DatasetsScreen.render(&canvas, state, body, glyphs)
        case .stores(let dataset): StoresScreen.render(&canvas, state, dataset, body, glyphs)
        case .store: StoreScreen.render(&canvas, state, body, glyphs)
        }
        flashLine(&canvas, state, glyphs)
        footer(&canvas, state, glyphs)
        if let overlay = state.overlay { OverlayView.render(&canvas, overlay, state, glyphs) }
        return canvas
    }

    static func tooSmall(_ canvas: inout Canvas, _ state: ConsoleState) {
        let message = "Terminal too small: \(state.width)x\(state.height). The console needs at least 80x24; enlarge the window (q quits)."
        let lines = TextLayout.wrap(message, to: max(1, state.width - 2))
        let top = max(0, (state.height - lines.count) / 2)
        for (index, line) in lines.enumerated() {
            canvas.put(line, x: max(0, (state.width - CellWidth.of(line)) / 2), y: top + index, style: .heading)
        }
    }

    /// Row 0: `project › location › dataset › dicomStore`, then the mode and a spinner while work runs.
    static func header(_ canvas: inout Canvas, _ state: ConsoleState, _ glyphs: Glyphs) {
        var crumbs = [state.location.project, state.location.location]
        switch state.route {
        case .setup: crumbs.append("setup")
        case .datasets: break
        case .stores(let dataset): crumbs.append(dataset.id)
        case .store(let store): crumbs += [store.dataset.id, store.id]
        }
        var right = state.environment.mode
        if state.environment.readOnly { right = "read-only · " + right }
        if state.isBusy { right = glyphs.spinner(state.tick) + " " + right }
        let rightWidth = CellWidth.of(right)
        var x = 1
        for (index, crumb) in crumbs.enumerated() {
            if index > 0 { x += canvas.put(glyphs.separator, x: x, y: 0, style: .muted, limit: state.width - rightWidth - 2 - x) }
            let last = index == crumbs.count - 1
            x += canvas.put(crumb, x: x, y: 0, style: last ? .heading : .plain, limit: state.width - rightWidth - 2 - x)
        }
        canvas.put(right, x: state.width - rightWidth - 1, y: 0, style: state.isBusy ? .running : .muted)
    }

    /// The second-last row: the `:` line, or the flash message.
    static func flashLine(_ canvas: inout Canvas, _ state: ConsoleState, _ glyphs: Glyphs) {
        let y = state.height - 2
        if case .jump(let field)? = state.overlay {
            canvas.put(":", x: 0, y: y, style: .key)
            Widgets.field(&canvas, field, x: 1, y: y, width: min(40, state.width - 2), focused: true)
            canvas.put("  :ops :stores :datasets :setup :import :export :q", x: min(42, state.width - 1), y: y, style: .muted)
            return
        }
        guard let flash = state.flash else { return }
        switch flash.level {
        case .info: canvas.put(" " + flash.text, x: 0, y: y, width: state.width, style: .plain, ellipsis: glyphs.ellipsis)
        case .error, .sticky:
            let suffix = flash.level == .sticky ? "  (Esc)" : ""
            canvas.put(" \(glyphs.cross) " + flash.text.replacingNewlines + suffix, x: 0, y: y, width: state.width,
                       style: .failure, ellipsis: glyphs.ellipsis)
        }
    }

    /// The last row: key hints from the key table, `? help` always first; a click on a hint presses its key.
    static func footer(_ canvas: inout Canvas, _ state: ConsoleState, _ glyphs: Glyphs) {
        let y = state.height - 1
        var x = 1
        for hint in hints(state, glyphs) {
            let width = CellWidth.of(hint.label) + 1 + CellWidth.of(hint.description)
            if x + width > state.width - 1 { break }
            canvas.addHotspot(Rect(x: x, y: y, width: width, height: 1), .key(hint.key))
            x += canvas.put(hint.label, x: x, y: y, style: .key)
            x += canvas.put(" " + hint.description, x: x, y: y, style: .muted)
            x += 2
        }
    }

    /// The footer's hints: the key as written, what it does, and the key a click presses.
    static func hints(_ state: ConsoleState, _ glyphs: Glyphs) -> [(label: String, description: String, key: Key)] {
        if state.editingFilter || isTyping(state) {
            return [("Enter", "accept", .enter), ("Esc", "cancel", .escape)]
        }
        let typing = state.overlay == nil && state.focusedTextField != nil
        let bindings = state.keys.active(in: state.contexts, visibleOnly: true, typing: typing)
        // Help and back first: they must never be cut off.
        let ordered = bindings.filter { $0.action == .help || $0.action == .back }.sorted { $0.action == .help && $1.action != .help }
            + bindings.filter { $0.action != .help && $0.action != .back }
        var hints: [(label: String, description: String, key: Key)] = []
        for binding in ordered {
            var description = binding.description
            if binding.action == .back, state.overlay == nil, state.routes.count == 1 {
                description = state.route == .setup ? "skip" : "quit"
            }
            hints.append((binding.keyLabel(ascii: glyphs.isASCII), description, binding.keys[0]))
        }
        if state.overlay == nil, !hints.contains(where: { $0.description == "help" }) { hints.insert(("?", "help", .function(1)), at: 0) }
        return hints
    }

    private static func isTyping(_ state: ConsoleState) -> Bool {
        switch state.overlay {
        case .prompt?, .jump?: true
        default: false
        }
    }
}

extension String {
    /// The text on one line (newlines become spaces).
    var replacingNewlines: String { split(separator: "\n").joined(separator: " ") }
}
