import DicomStore
import ObjectStorage
import Foundation

/// Help, confirmations, prompts, text views and the missing-permission dialog, drawn over the page.
enum OverlayView {
    static func render(_ canvas: inout Canvas, _ overlay: Overlay, _ state: ConsoleState, _ glyphs: Glyphs) {
        switch overlay {
        case .help: help(&canvas, state, glyphs)
        case .confirm(let confirmation): confirm(&canvas, confirmation, glyphs)
        case .prompt(let prompt): self.prompt(&canvas, prompt, glyphs)
        case .text(let view): text(&canvas, view, state, glyphs)
        case .access(let dialog): access(&canvas, dialog, glyphs)
        case .menu(let menu): self.menu(&canvas, menu, glyphs)
        case .folders(let picker): folders(&canvas, picker, state, glyphs)
        case .jump: break  // drawn on the flash line
        }
    }

    /// `?`: every binding that applies here, from the key table.
    static func help(_ canvas: inout Canvas, _ state: ConsoleState, _ glyphs: Glyphs) {
        var underlying = state
        underlying.overlay = nil
        let bindings = state.keys.active(in: underlying.contexts, visibleOnly: false)
        let rect = Widgets.centered(width: min(72, canvas.width - 4), height: min(bindings.count + 4, canvas.height - 2), in: canvas)
        let inner = Widgets.box(&canvas, rect, title: "Keys (any key closes)")
        for (index, binding) in bindings.prefix(inner.height - 1).enumerated() {
            let keys = binding.keyLabel(ascii: glyphs.isASCII)
            canvas.put(TextLayout.pad(keys, to: 20), x: inner.x, y: inner.y + index, style: .key)
            var description = binding.description
            if binding.dangerous { description += " (changes data)" }
            canvas.put(description, x: inner.x + 21, y: inner.y + index, width: inner.width - 21)
        }
        if state.environment.readOnly {
            canvas.put("read-only: actions that change data are off", x: inner.x, y: inner.maxY - 1, style: .muted)
        }
    }

    static func confirm(_ canvas: inout Canvas, _ confirmation: Confirmation, _ glyphs: Glyphs) {
        let extra = confirmation.typeToConfirm == nil ? 0 : 2
        let rect = Widgets.centered(width: 64, height: confirmation.message.count + 5 + extra, in: canvas)
        let inner = Widgets.box(&canvas, rect, title: confirmation.title, style: Style(fg: .red))
        var y = inner.y
        for line in confirmation.message {
            canvas.put(line, x: inner.x, y: y, width: inner.width)
            y += 1
        }
        if let expected = confirmation.typeToConfirm {
            y += 1
            let label = "Type \(expected) to confirm: "
            let used = canvas.put(label, x: inner.x, y: y, limit: inner.width - 10)
            Widgets.field(&canvas, confirmation.typed, x: inner.x + used, y: y, width: max(10, inner.width - used), focused: true)
            y += 1
        }
        y += 1
        let cancelWidth = Widgets.button(&canvas, confirmation.cancelLabel, x: inner.x, y: y, focused: confirmation.focused == 0)
        Widgets.button(&canvas, confirmation.confirmLabel, x: inner.x + cancelWidth + 2, y: y, focused: confirmation.focused == 1)
    }

    static func prompt(_ canvas: inout Canvas, _ prompt: Prompt, _ glyphs: Glyphs) {
        let rect = Widgets.centered(width: min(76, canvas.width - 2), height: 7, in: canvas)
        let inner = Widgets.box(&canvas, rect, title: prompt.title)
        let used = canvas.put(prompt.label + "  ", x: inner.x, y: inner.y)
        Widgets.field(&canvas, prompt.field, x: inner.x + used, y: inner.y, width: inner.width - used, focused: true)
        let status = Overlay.promptStatus(prompt)
        canvas.put((status.ok ? glyphs.check : glyphs.cross) + " " + status.text, x: inner.x, y: inner.y + 2, width: inner.width,
                   style: status.ok ? .success : .failure, ellipsis: glyphs.ellipsis)
        canvas.put("Enter confirms \(glyphs.dot) Esc cancels", x: inner.x, y: inner.y + 4, style: .muted)
    }

    /// A store's Actions menu: one row per action with its key; the selected row highlighted.
    static func menu(_ canvas: inout Canvas, _ menu: ActionMenu, _ glyphs: Glyphs) {
        let rect = Widgets.centered(width: min(44, canvas.width - 2), height: menu.items.count + 4, in: canvas)
        let inner = Widgets.box(&canvas, rect, title: "Actions: \(menu.store.id)")
        for (index, item) in menu.items.enumerated() where index < inner.height {
            let selected = index == menu.selected
            let key = ascii(item.key, glyphs)
            let row = " " + TextLayout.pad(item.label, to: max(1, inner.width - CellWidth.of(key) - 3)) + key + " "
            canvas.put(row, x: inner.x, y: inner.y + index, width: inner.width, style: selected ? .selected : .plain)
        }
        canvas.put("Enter chooses \(glyphs.dot) Esc closes", x: inner.x, y: inner.maxY - 1, style: .muted)
    }

    /// The export folder chooser: the folder shown, "use this folder", its sub-folders, and what the keys do.
    static func folders(_ canvas: inout Canvas, _ picker: FolderPicker, _ state: ConsoleState, _ glyphs: Glyphs) {
        let rect = Widgets.centered(width: min(76, canvas.width - 2), height: state.pickerHeight + 4, in: canvas)
        let inner = Widgets.box(&canvas, rect, title: "Export destination: \(picker.shownURI)")
        var rows = ["\(glyphs.check) Use this folder  \(picker.shownURI)"]
        rows += (picker.folders.value ?? []).map { "\(glyphs.folder) " + String($0.dropFirst(picker.prefix.count)) }
        let listRect = Rect(x: inner.x, y: inner.y, width: inner.width, height: state.pickerHeight)
        Widgets.list(&canvas, rows: rows, list: picker.list, rect: listRect, focused: true, ellipsis: glyphs.ellipsis)
        let status: (String, Style) = if let error = picker.folders.error {
            ("\(glyphs.cross) " + error.replacingNewlines, .failure)
        } else if picker.folders.loading {
            ("loading...", .running)
        } else {
            (subfolderCount(picker), .muted)
        }
        if picker.rowCount == 1 || picker.folders.error != nil {
            canvas.put(status.0, x: inner.x + 2, y: inner.y + 1, width: inner.width - 2, style: status.1, ellipsis: glyphs.ellipsis)
        } else {
            canvas.put(status.0, x: inner.x, y: inner.maxY - 2, width: inner.width, style: status.1, ellipsis: glyphs.ellipsis)
        }
        let back = glyphs.isASCII ? "Backspace" : "\u{232B}"
        canvas.put("Enter opens \(glyphs.dot) Space chooses \(glyphs.dot) \(back) up \(glyphs.dot) Esc cancels", x: inner.x, y: inner.maxY - 1,
                   width: inner.width, style: .muted, ellipsis: glyphs.ellipsis)
    }

    private static func subfolderCount(_ picker: FolderPicker) -> String {
        let count = picker.folders.value?.count ?? 0
        if count == 0 { return "no sub-folders (an export creates the folder it names)" }
        return "\(count) sub-folder\(count == 1 ? "" : "s")" + (picker.nextPageToken != nil ? "+" : "")
    }

    private static func ascii(_ key: Key, _ glyphs: Glyphs) -> String { glyphs.isASCII ? key.asciiDescription : key.description }

    static func text(_ canvas: inout Canvas, _ view: TextView, _ state: ConsoleState, _ glyphs: Glyphs) {
        let rect = Rect(x: 0, y: 1, width: canvas.width, height: state.textViewHeight + 2)
        let inner = Widgets.box(&canvas, rect, title: view.title)
        if view.loading {
            canvas.put("Loading...", x: inner.x, y: inner.y, style: .running)
            return
        }
        let lines = view.displayLines(width: state.textViewWidth)
        for row in 0..<inner.height {
            let index = view.list.top + row
            guard index < lines.count else { break }
            canvas.put(lines[index], x: inner.x, y: inner.y + row, width: inner.width, ellipsis: glyphs.ellipsis)
        }
        let position = "\(min(view.list.top + 1, max(1, lines.count)))-\(min(view.list.top + inner.height, lines.count)) of \(lines.count)"
        canvas.put(" " + position + " ", x: rect.maxX - CellWidth.of(position) - 4, y: rect.maxY - 1, style: .muted)
    }

    static func access(_ canvas: inout Canvas, _ dialog: AccessDialog, _ glyphs: Glyphs) {
        let problem = dialog.problem
        let width = min(canvas.width - 2, 100)
        var lines = TextLayout.wrap(problem.explanation, to: width - 4)
        lines.append("")
        lines.append("Grant it with:")
        lines += TextLayout.wrap(problem.grantCommand, to: width - 6).map { "  " + $0 }
        if problem.canGrant {
            lines.append("")
            lines += TextLayout.wrap("This is a local bucket: the console can grant \(problem.role) now.", to: width - 4)
        }
        let rect = Widgets.centered(width: width, height: lines.count + 4, in: canvas)
        let inner = Widgets.box(&canvas, rect, title: "\(glyphs.cross) Permission denied on gs://\(problem.bucket)", style: Style(fg: .red))
        for (index, line) in lines.enumerated() where index < inner.height - 1 {
            canvas.put(line, x: inner.x, y: inner.y + index, width: inner.width, style: line.hasPrefix("  ") ? .key : .plain)
        }
        let y = inner.maxY - 1
        let cancelWidth = Widgets.button(&canvas, problem.canGrant ? "Cancel" : "Close", x: inner.x, y: y, focused: dialog.focused == 0)
        if problem.canGrant {
            Widgets.button(&canvas, "Grant \(problem.role)", x: inner.x + cancelWidth + 2, y: y, focused: dialog.focused == 1)
        }
    }
}

extension Overlay {
    /// A prompt's validation line.
    static func promptStatus(_ prompt: Prompt) -> (ok: Bool, text: String) {
        if let error = prompt.error ?? ConsoleState.validate(prompt) { return (false, error) }
        return (true, "valid")
    }
}
