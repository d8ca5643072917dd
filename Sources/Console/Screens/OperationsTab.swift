import DicomStore
import ObjectStorage
import Foundation

/// How an operation's row reads: glyph, word and counters (never colour alone).
enum OperationRow {
    /// `DONE`, `FAILED`, `CANCELLED`, `RUNNING` or `PENDING`.
    static func statusWord(_ operation: DicomOperation) -> String {
        if !operation.done { return operation.counter == .init() ? "PENDING" : "RUNNING" }
        if operation.error == nil { return "DONE" }
        return operation.error?.code == .cancelled ? "CANCELLED" : "FAILED"
    }

    /// The status cell: `✓ DONE`, `✗ FAILED`, `⠋ RUNNING 1,234/5,000`, `· PENDING`.
    static func status(_ operation: DicomOperation, glyphs: Glyphs, tick: Int) -> (text: String, style: Style) {
        let word = statusWord(operation)
        let counter = operation.counter
        let processed = counter.success + counter.failure
        switch word {
        case "DONE": return ("\(glyphs.check) DONE", .success)
        case "FAILED", "CANCELLED": return ("\(glyphs.cross) \(word)", .failure)
        case "PENDING": return ("\(glyphs.dot) PENDING", .muted)
        default:
            return ("\(glyphs.spinner(tick)) RUNNING \(TextLayout.count(processed))/\(TextLayout.count(processed + counter.pending))", .running)
        }
    }

    /// `6 ok`, `4 ok 2 failed`, `4 ok 2 failed 10 left`.
    static func counters(_ operation: DicomOperation) -> String {
        let counter = operation.counter
        var parts = ["\(TextLayout.count(counter.success)) ok"]
        if counter.failure > 0 { parts.append("\(TextLayout.count(counter.failure)) failed") }
        if counter.pending > 0, !operation.done { parts.append("\(TextLayout.count(counter.pending)) left") }
        return parts.joined(separator: " ")
    }

    /// The share done, 0…1 (1 for finished operations).
    static func fraction(_ operation: DicomOperation) -> Double {
        let counter = operation.counter
        let total = counter.success + counter.failure + counter.pending
        if operation.done { return total == 0 || operation.error == nil ? 1 : Double(counter.success + counter.failure) / Double(total) }
        return total == 0 ? 0 : Double(counter.success + counter.failure) / Double(total)
    }

    /// `1.2s`, `42s`, `3m05s`, `1h02m`.
    static func duration(_ seconds: Double) -> String {
        if seconds < 10 { return String(format: "%.1fs", max(0, seconds)) }
        let whole = Int(seconds)
        if whole < 60 { return "\(whole)s" }
        if whole < 3600 { return String(format: "%dm%02ds", whole / 60, whole % 60) }
        return String(format: "%dh%02dm", whole / 3600, (whole % 3600) / 60)
    }
}

/// The Operations tab: every operation of the store, newest first, refreshed while any runs.
enum OperationsTab {
    static func render(_ canvas: inout Canvas, _ state: ConsoleState, _ page: StorePage, _ rect: Rect, _ glyphs: Glyphs) {
        let rows = state.visibleOperations
        let loadable = state.operations[page.name.dataset] ?? Loadable()
        var count = loadable.loading && loadable.value == nil ? "loading..." : rows.count == 1 ? "1 operation" : "\(rows.count) operations"
        if page.paused { count = "PAUSED (p)  " + count }
        PageChrome.title(&canvas, "Operations, newest first", count: count, filter: page.operationList.filter,
                         editing: state.editingFilter, rect: Rect(x: 0, y: rect.y + 1, width: rect.width, height: 1), glyphs: glyphs)
        let wide = rect.width >= 110
        let idWidth = wide ? 19 : 9
        // The start time and the duration always (at 80 columns the bar gives up two cells for them);
        // the end time when there is room.
        let barWidth = wide ? 12 : rect.width >= 100 ? 10 : 8
        let startedWidth = 8
        let endedWidth = rect.width >= 100 ? 8 : 0
        let fixed = 2 + (idWidth + 1) + 7 + 22 + (barWidth + 1) + (startedWidth > 0 ? 9 : 0) + (endedWidth > 0 ? 9 : 0) + 6
        let widths = [idWidth, 6, 21, barWidth, max(8, rect.width - fixed - 2), startedWidth, endedWidth, -6]
        let columns = zip(["ID", "KIND", "STATUS", "PROGRESS", "COUNTERS", "STARTED", "ENDED", "TIME"], widths).filter { $0.1 != 0 }
        Widgets.row(&canvas, columns.map(\.0), widths: columns.map(\.1), x: 2, y: rect.y + 2, style: .muted, ellipsis: glyphs.ellipsis)
        let listRect = Rect(x: 0, y: rect.y + 3, width: rect.width, height: state.tabListHeight)
        if rows.isEmpty, loadable.value != nil {
            PageChrome.placeholder(&canvas, "No operations yet: start one from 2 Import or 3 Export.", rect: listRect)
        }
        let focused = state.overlay == nil
        for line in 0..<listRect.height {
            let index = page.operationList.top + line
            guard index < rows.count else { break }
            let operation = rows[index]
            let y = listRect.y + line
            let selected = focused && index == page.operationList.selected
            canvas.addHotspot(Rect(x: 0, y: y, width: rect.width, height: 1), .row(index))
            let id = wide || operation.name.id.count <= idWidth ? operation.name.id : String(glyphs.ellipsis) + operation.name.id.suffix(idWidth - 1)
            let kind = operation.kind == .importDicomData ? "Import" : "Export"
            let (status, statusStyle) = OperationRow.status(operation, glyphs: glyphs, tick: state.tick)
            let end = operation.endTime ?? state.now
            var x = 2
            let rowStyle: Style = selected ? .selected : .plain
            if selected { canvas.fill(Rect(x: 0, y: y, width: rect.width, height: 1), style: .selected) }
            canvas.put(selected ? glyphs.pointer : " ", x: 0, y: y, style: selected ? .selected : .key)
            for (text, width, style) in [(id, widths[0], Style.plain), (kind, widths[1], .plain), (status, widths[2], statusStyle)] {
                canvas.put(text, x: x, y: y, width: width, style: selected ? Style(fg: style.fg, bold: style.bold, reverse: true) : style,
                           ellipsis: glyphs.ellipsis)
                x += width + 1
            }
            Widgets.progressBar(&canvas, x: x, y: y, width: widths[3], fraction: OperationRow.fraction(operation), glyphs: glyphs,
                                style: operation.done ? (operation.error == nil ? .success : .failure) : .running)
            x += widths[3] + 1
            canvas.put(OperationRow.counters(operation), x: x, y: y, width: widths[4],
                       style: selected ? rowStyle : operation.counter.failure > 0 ? .failure : .plain,
                       ellipsis: glyphs.ellipsis)
            x += widths[4] + 1
            if startedWidth > 0 {
                canvas.put(PageChrome.clock(operation.createTime, state.environment), x: x, y: y, width: widths[5], style: rowStyle)
                x += widths[5] + 1
            }
            if endedWidth > 0 {
                let ended = operation.endTime.map { PageChrome.clock($0, state.environment) } ?? "-"
                canvas.put(ended, x: x, y: y, width: widths[6], style: rowStyle)
                x += widths[6] + 1
            }
            canvas.put(TextLayout.right(OperationRow.duration(end.timeIntervalSince(operation.createTime)), in: 6), x: x, y: y, style: rowStyle)
        }
        let footerY = rect.maxY - 2
        for (index, line) in state.commandLog.prefix(2).enumerated() {
            canvas.put(" " + line, x: 0, y: footerY + index, width: rect.width, style: .muted, ellipsis: glyphs.ellipsis)
        }
    }
}
