import DicomStore
import ObjectStorage

/// The Import tab: source, bucket browser, advanced options with the override path and its live
/// preview, storage class, [Import].
enum ImportTab {
    static func render(_ canvas: inout Canvas, _ state: ConsoleState, _ form: ImportForm, _ rect: Rect, _ glyphs: Glyphs) {
        let active = state.overlay == nil
        func focused(_ field: ImportForm.Field) -> Bool { active && form.focus == field }
        let labelWidth = 33
        var y = rect.y
        canvas.put(" Source  ", x: 0, y: y, style: .heading)
        let note = form.advancedOpen && !form.override.text.isEmpty ? "override path"
            : form.chosenObject != nil ? "one object" : form.bucket != nil ? "this folder and everything below it" : ""
        let source = form.sourceURI ?? "(none yet)"
        let used = canvas.put(source, x: 9, y: y, style: .plain, limit: rect.width - 12 - CellWidth.of(note))
        if !note.isEmpty { canvas.put("  (\(note))", x: 9 + used, y: y, style: .muted) }
        y += 1
        Widgets.label(&canvas, "Storage project", x: 0, y: y, width: 17, focused: focused(.project), glyphs: glyphs)
        let project = state.storageProject ?? "default" + (state.environment.defaultStorageProject.map { " (\($0))" } ?? "")
        if state.environment.cloudStorage || state.environment.remote {
            let projectWidth = canvas.put(project, x: 18, y: y, style: focused(.project) ? .key : .plain, limit: rect.width - 20)
            canvas.put("  (local buckets are always listed)", x: 18 + projectWidth, y: y, style: .muted,
                       limit: max(0, rect.width - 19 - projectWidth))
        } else {
            canvas.put("none: local buckets only (Cloud Storage is not configured)", x: 18, y: y, style: .muted, limit: rect.width - 20)
        }
        y += 1
        // The bucket browser.
        let location = form.bucket.map { "gs://\($0)/\(form.prefix)" } ?? "buckets"
        Widgets.label(&canvas, "Browse  \(location)", x: 0, y: y, width: rect.width - 24, focused: focused(.browser), glyphs: glyphs)
        let rows = form.filteredEntries
        var right = form.entries.loading ? "loading..." : (rows.count == 1 ? "1 entry" : "\(rows.count) entries") + (form.nextPageToken != nil ? "+" : "")
        if !form.list.filter.isEmpty || (state.editingFilter && focused(.browser)) {
            right = "/" + form.list.filter + (state.editingFilter ? "_" : "") + "  " + right
        }
        canvas.put(right, x: rect.maxX - CellWidth.of(right) - 1, y: y, style: .muted)
        y += 1
        let height = state.importBrowserHeight
        let listRect = Rect(x: 2, y: y, width: rect.width - 3, height: height)
        if let error = form.entries.error {
            PageChrome.placeholder(&canvas, error, rect: listRect, style: .failure)
        } else if form.entries.value?.isEmpty == true {
            PageChrome.placeholder(&canvas, form.bucket == nil ? "No buckets: create one with :setup or `dicom-console storage buckets create gs://NAME`." : "This folder is empty.", rect: listRect)
        }
        let lines = rows.map { entry -> String in
            switch entry.kind {
            case .bucket: return "\(glyphs.folder) \(entry.name)"
            case .folder: return "\(glyphs.folder) \(entry.name)"
            case .object:
                let mark = entry.path == form.chosenObject ? glyphs.check : " "
                return "\(mark) " + TextLayout.pad(entry.name, to: max(10, listRect.width - 14), ellipsis: glyphs.ellipsis)
                    + TextLayout.right(entry.size.map(TextLayout.bytes) ?? "", in: 10)
            }
        }
        Widgets.list(&canvas, rows: lines, list: form.list, rect: listRect, focused: focused(.browser), ellipsis: glyphs.ellipsis)
        y += height
        // Advanced options.
        let arrow = form.advancedOpen ? glyphs.expanded : glyphs.collapsed
        Widgets.label(&canvas, "\(arrow) Advanced options", x: 0, y: y, width: 30, focused: focused(.advanced), glyphs: glyphs)
        y += 1
        if form.advancedOpen {
            Widgets.label(&canvas, "Override Cloud Storage path", x: 2, y: y, width: labelWidth - 2, focused: focused(.override), glyphs: glyphs)
            Widgets.field(&canvas, form.override, x: labelWidth + 1, y: y, width: rect.width - labelWidth - 2, focused: focused(.override))
        }
        y += 1
        preview(&canvas, form, x: 4, y: y, width: rect.width - 5, glyphs: glyphs)
        y += 3
        Widgets.label(&canvas, "Storage class", x: 0, y: y, width: 16, focused: focused(.storageClass), glyphs: glyphs)
        let storageClass = form.storageClass?.rawValue ?? "default (STANDARD)"
        canvas.put("< \(storageClass) >", x: 17, y: y, style: focused(.storageClass) ? .heading : .plain)
        y += 1
        Widgets.button(&canvas, "Import", x: 2, y: y, focused: focused(.submit))
        y += 1
        canvas.put(" " + help(form), x: 0, y: y, style: .muted, limit: rect.width)
    }

    /// The override's validation error (with its caret lines), or what the source matches.
    static func preview(_ canvas: inout Canvas, _ form: ImportForm, x: Int, y: Int, width: Int, glyphs: Glyphs) {
        if let error = form.sourceError, form.sourceURI != nil {
            for (index, line) in error.split(separator: "\n", omittingEmptySubsequences: false).prefix(3).enumerated() {
                canvas.put((index == 0 ? "\(glyphs.cross) " : "  ") + line, x: x, y: y + index, width: width, style: .failure,
                           ellipsis: glyphs.ellipsis)
            }
            return
        }
        if form.preview.loading {
            canvas.put("Counting matches...", x: x, y: y, style: .running)
        } else if let error = form.preview.error {
            canvas.put("\(glyphs.cross) " + error.replacingNewlines, x: x, y: y, width: width, style: .failure, ellipsis: glyphs.ellipsis)
        } else if let preview = form.preview.value {
            let more = preview.truncated ? "+" : ""
            let noun = preview.count == 1 ? "object" : "objects"
            let summary = "\(TextLayout.count(preview.count))\(more) \(noun), \(TextLayout.bytes(preview.bytes)) match"
            canvas.put((preview.count == 0 ? "\(glyphs.cross) " : "\(glyphs.check) ") + summary, x: x, y: y, width: width,
                       style: preview.count == 0 ? .failure : .success)
            let names = preview.firstNames.joined(separator: ", ") + (preview.count > preview.firstNames.count ? ", ..." : "")
            canvas.put(names, x: x + 2, y: y + 1, width: width - 2, style: .muted, ellipsis: glyphs.ellipsis)
        }
    }

    /// What the focused field does.
    static func help(_ form: ImportForm) -> String {
        switch form.focus {
        case .project: "Enter chooses the Cloud Storage project whose buckets are listed."
        case .browser: form.bucket == nil ? "Enter opens a bucket." : "Enter opens a folder or picks one object; Backspace goes up."
        case .advanced: "Enter shows the override path: wildcards * and ? (not /), and a final ** (any depth)."
        case .override: "e.g. gs://bucket/dir/**.dcm or gs://bucket/*/s?/*.dcm, checked as you type."
        case .storageClass: "Left/Right choose where imported instances are kept."
        case .submit: "Enter checks the bucket's permissions and starts the import."
        }
    }
}
