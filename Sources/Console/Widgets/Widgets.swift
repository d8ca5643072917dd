/// Small drawing helpers shared by the screens: boxes, fields, buttons, progress bars, columns.
enum Widgets {
    /// A box with a title on its top border; returns the inner rectangle.
    @discardableResult
    static func box(_ canvas: inout Canvas, _ rect: Rect, title: String = "", style: Style = .plain) -> Rect {
        guard rect.width >= 2, rect.height >= 2 else { return Rect(x: rect.x, y: rect.y, width: 0, height: 0) }
        canvas.fill(rect)
        let inner = String(repeating: "─", count: rect.width - 2)
        canvas.put("┌" + inner + "┐", x: rect.x, y: rect.y, style: style)
        for row in rect.y + 1..<rect.maxY - 1 {
            canvas.put("│", x: rect.x, y: row, style: style)
            canvas.put("│", x: rect.maxX - 1, y: row, style: style)
        }
        canvas.put("└" + inner + "┘", x: rect.x, y: rect.maxY - 1, style: style)
        if !title.isEmpty {
            canvas.put(" " + TextLayout.fit(title, to: rect.width - 6) + " ", x: rect.x + 2, y: rect.y, style: .heading)
        }
        return Rect(x: rect.x + 2, y: rect.y + 1, width: rect.width - 4, height: rect.height - 2)
    }

    /// A centred rectangle of a size, clipped to the canvas.
    static func centered(width: Int, height: Int, in canvas: Canvas) -> Rect {
        let width = min(width, canvas.width)
        let height = min(height, canvas.height)
        return Rect(x: (canvas.width - width) / 2, y: (canvas.height - height) / 2, width: width, height: height)
    }

    /// A one-line text field `[text   ]`; when focused, the cursor cell is reversed.
    static func field(_ canvas: inout Canvas, _ field: TextField, x: Int, y: Int, width: Int, focused: Bool) {
        guard width > 2 else { return }
        let inner = width - 2
        let characters = Array(field.text)
        // Keep the cursor visible: show the tail when the text is longer than the box.
        let start = max(0, field.cursor - inner + 1)
        let visible = String(characters[min(start, characters.count)...].prefix(inner))
        canvas.put("[", x: x, y: y, style: focused ? .heading : .muted)
        canvas.put(visible, x: x + 1, y: y, width: inner, style: Style(underline: true))
        canvas.put("]", x: x + width - 1, y: y, style: focused ? .heading : .muted)
        if focused {
            let cursorX = x + 1 + CellWidth.of(String(characters[min(start, characters.count)..<min(field.cursor, characters.count)]))
            if cursorX < x + width - 1 {
                canvas.restyle(Rect(x: cursorX, y: y, width: 1, height: 1)) { $0 = .selected }
            }
        }
    }

    /// A button `[ Label ]`, reversed when focused.
    @discardableResult
    static func button(_ canvas: inout Canvas, _ label: String, x: Int, y: Int, focused: Bool) -> Int {
        canvas.put("[ \(label) ]", x: x, y: y, style: focused ? Style(bold: true, reverse: true) : .heading)
    }

    /// A form label with a focus pointer in front of it.
    static func label(_ canvas: inout Canvas, _ text: String, x: Int, y: Int, width: Int, focused: Bool, glyphs: Glyphs) {
        canvas.put(focused ? glyphs.pointer : " ", x: x, y: y, style: .key)
        canvas.put(text, x: x + 2, y: y, width: width - 2, style: focused ? .heading : .plain)
    }

    /// A progress bar: `██████░░░░` (Unicode) or `[####....]` (ASCII), `width` columns in all.
    static func progressBar(_ canvas: inout Canvas, x: Int, y: Int, width: Int, fraction: Double,
                                   glyphs: Glyphs, style: Style) {
        let inner = width - glyphs.barOpen.count - glyphs.barClose.count
        guard inner > 0 else { return }
        let filled = Int((min(max(fraction, 0), 1) * Double(inner)).rounded(.down))
        canvas.put(glyphs.barOpen, x: x, y: y, style: .muted)
        canvas.put(String(repeating: glyphs.barFull, count: filled), x: x + glyphs.barOpen.count, y: y, style: style)
        canvas.put(String(repeating: glyphs.barEmpty, count: inner - filled), x: x + glyphs.barOpen.count + filled, y: y, style: .muted)
        canvas.put(glyphs.barClose, x: x + glyphs.barOpen.count + inner, y: y, style: .muted)
    }

    /// A table row: cells at column widths (negative width: right-aligned), separated by a space.
    static func row(_ canvas: inout Canvas, _ cells: [String], widths: [Int], x: Int, y: Int, style: Style = .plain,
                           ellipsis: Character = "…") {
        var column = x
        for (cell, width) in zip(cells, widths) {
            let text = width < 0 ? TextLayout.right(cell, in: -width) : TextLayout.pad(cell, to: width, ellipsis: ellipsis)
            canvas.put(text, x: column, y: y, style: style, limit: abs(width))
            column += abs(width) + 1
        }
    }

    /// A list of rows from `list.top`, the selected one reversed when the list has the focus; each row
    /// drawn is a click target.
    static func list(_ canvas: inout Canvas, rows: [String], list: ListState, rect: Rect, focused: Bool,
                            ellipsis: Character = "…", style: (Int) -> Style = { _ in .plain }) {
        for line in 0..<rect.height {
            let index = list.top + line
            guard index < rows.count else { break }
            let selected = index == list.selected && focused
            canvas.addHotspot(Rect(x: rect.x, y: rect.y + line, width: rect.width, height: 1), .row(index))
            canvas.put(rows[index], x: rect.x, y: rect.y + line, width: rect.width, style: selected ? .selected : style(index),
                       ellipsis: ellipsis)
        }
    }
}
