import DicomStore
import ObjectStorage

/// The Export tab: destination, file type, transfer syntax, filter file, [Export].
enum ExportTab {
    static func render(_ canvas: inout Canvas, _ state: ConsoleState, _ form: ExportForm, _ rect: Rect, _ glyphs: Glyphs) {
        let active = state.overlay == nil
        func focused(_ field: ExportForm.Field) -> Bool { active && form.focus == field }
        let labelWidth = 18
        var y = rect.y + 1
        Widgets.label(&canvas, "Bucket", x: 0, y: y, width: labelWidth, focused: focused(.bucket), glyphs: glyphs)
        let names = (state.buckets.value ?? []).map(\.name)
        if names.isEmpty {
            canvas.put(state.buckets.loading ? "loading..." : "no buckets: create one with dicom-console storage buckets create",
                       x: labelWidth, y: y, width: rect.width - labelWidth - 1, style: .muted, ellipsis: glyphs.ellipsis)
        } else {
            let chosen = form.destinationBucket.flatMap { names.firstIndex(of: $0) }
            let name = chosen.map { names[$0] } ?? "(typed below)"
            let (open, close) = glyphs.isASCII ? ("<", ">") : ("\u{2039}", "\u{203A}")
            let used = canvas.put("\(open) \(name) \(close)", x: labelWidth, y: y, style: focused(.bucket) ? .key : .heading)
            let project = state.storageProject.map { " in \($0)" } ?? ""
            canvas.put("  \(chosen.map { "\($0 + 1) of " } ?? "")\(names.count) bucket\(names.count == 1 ? "" : "s")\(project)",
                       x: labelWidth + used, y: y, style: .muted)
        }
        y += 1
        Widgets.label(&canvas, "Destination", x: 0, y: y, width: labelWidth, focused: focused(.destination), glyphs: glyphs)
        Widgets.field(&canvas, form.destination, x: labelWidth, y: y, width: rect.width - labelWidth - 1, focused: focused(.destination))
        y += 1
        if let error = form.destinationError {
            canvas.put("\(glyphs.cross) " + error.replacingNewlines, x: labelWidth + 1, y: y, width: rect.width - labelWidth - 2,
                       style: form.destination.text.isEmpty ? .muted : .failure, ellipsis: glyphs.ellipsis)
        } else {
            canvas.put("\(glyphs.check) objects go to <folder>/<study>/<series>/<instance>", x: labelWidth + 1, y: y, style: .muted)
        }
        y += 1
        Widgets.label(&canvas, "File type", x: 0, y: y, width: labelWidth, focused: focused(.fileType), glyphs: glyphs)
        var x = labelWidth
        for type in ExportFileType.allCases {
            let mark = type == form.fileType ? glyphs.radioOn : glyphs.radioOff
            x += canvas.put("\(mark) \(type.title)", x: x, y: y, style: type == form.fileType ? .heading : .plain) + 2
        }
        y += 1
        Widgets.label(&canvas, "Transfer syntax", x: 0, y: y, width: labelWidth, focused: focused(.transferSyntax), glyphs: glyphs)
        for (index, option) in form.fileType.syntaxes.enumerated() {
            let chosen = index == form.syntaxIndex
            let text = "\(chosen ? glyphs.radioOn : glyphs.radioOff) \(option.label)" + (option.uid.map { "  \($0)" } ?? "")
            canvas.put(text, x: labelWidth, y: y, width: rect.width - labelWidth - 1, style: chosen ? .heading : .plain)
            y += 1
        }
        y = max(y, rect.y + 15)
        Widgets.label(&canvas, "Filter file", x: 0, y: y, width: labelWidth, focused: focused(.filter), glyphs: glyphs)
        Widgets.field(&canvas, form.filterPath, x: labelWidth, y: y, width: rect.width - labelWidth - 1, focused: focused(.filter))
        y += 1
        let filterNote = form.filterError.map { "\(glyphs.cross) " + $0 } ?? "optional: /local/path or gs://bucket/filter.txt with /studies/... lines"
        canvas.put(filterNote, x: labelWidth + 1, y: y, width: rect.width - labelWidth - 2,
                   style: form.filterError == nil ? .muted : .failure, ellipsis: glyphs.ellipsis)
        y += 1
        Widgets.button(&canvas, "Export", x: 2, y: y, focused: focused(.submit))
        canvas.put("mimeType: " + form.fileType.mimeType(syntax: form.syntaxUID), x: 15, y: y, width: rect.width - 16, style: .muted,
                   ellipsis: glyphs.ellipsis)
        y += 1
        let help = switch form.focus {
        case .bucket: "Left/Right choose the bucket (the folder typed below is kept); Enter browses its folders."
        case .destination: "A bucket or folder, e.g. gs://bucket/exports/ (no wildcards). Up: choose the bucket."
        case .fileType, .transferSyntax: "Left/Right or Space choose."
        case .filter: "Only the studies, series or instances the file lists are exported."
        case .submit: "Enter checks write access to the bucket and starts the export."
        }
        canvas.put(" " + help, x: 0, y: y, style: .muted, limit: rect.width)
    }
}
