import DicomStore
import ObjectStorage

/// The guided first-time setup form, then its progress.
enum SetupScreen {
    static func render(_ canvas: inout Canvas, _ state: ConsoleState, _ body: Rect, _ glyphs: Glyphs) {
        guard let form = state.setup else { return }
        let active = state.overlay == nil && !form.running
        func focused(_ field: SetupForm.Field) -> Bool { active && form.focus == field }
        let labelWidth = 19
        let fieldWidth = 30
        var y = body.y
        canvas.put(" First-time setup", x: 0, y: y, style: .heading)
        canvas.put("Tab next field \(glyphs.dot) Space toggles \(glyphs.dot) Esc skips", x: 30, y: y, style: .muted)
        y += 1
        // Attached to a server, everything the setup makes is the server's.
        let remote = state.environment.remote
        func textRow(_ label: String, _ field: SetupForm.Field, note: String = "", width: Int = fieldWidth) {
            Widgets.label(&canvas, label, x: 1, y: y, width: labelWidth - 1, focused: focused(field), glyphs: glyphs)
            if let text = form[field] { Widgets.field(&canvas, text, x: labelWidth, y: y, width: width, focused: focused(field)) }
            let x = labelWidth + width + 2
            if form.error(field) != nil {
                canvas.put("\(glyphs.cross) invalid", x: x, y: y, style: .failure)
            } else {
                canvas.put("\(glyphs.check) \(note)", x: x, y: y, width: body.width - x - 1, style: .success, ellipsis: glyphs.ellipsis)
            }
            y += 1
        }
        if form.allowsDataDirectory && !form.running {
            textRow("Data directory", .dataDirectory, note: "new or existing", width: max(fieldWidth, min(52, body.width - labelWidth - 24)))
        } else {
            canvas.put(remote ? "   Server          " : "   Data directory  ", x: 0, y: y)
            let place = remote ? String(state.environment.mode.dropFirst("remote ".count)) : state.environment.dataDirectory
            canvas.put(place, x: labelWidth + 1, y: y, width: body.width - labelWidth - 2, style: .heading, ellipsis: glyphs.ellipsis)
            y += 1
        }
        textRow("Project", .project)
        textRow("Location", .location)
        textRow("Dataset ID", .dataset, note: "holds stores and operations")
        textRow("DICOM store ID", .store)
        Widgets.label(&canvas, "Bucket", x: 1, y: y, width: labelWidth - 1, focused: focused(.bucketMode), glyphs: glyphs)
        func radio(_ source: SetupForm.BucketSource) -> String { form.bucketSource == source ? glyphs.radioOn : glyphs.radioOff }
        let modes: String
        if !form.allowsExistingFolder {
            modes = "\(glyphs.radioOn) new bucket on the server"
        } else if form.allowsCloudStorage {
            modes = "\(radio(.newFolder)) new folder  \(radio(.existingFolder)) existing folder  \(radio(.cloudStorage)) Cloud Storage"
        } else {
            modes = "\(radio(.newFolder)) new folder in the data directory   \(radio(.existingFolder)) an existing folder"
        }
        canvas.put(modes, x: labelWidth, y: y, style: focused(.bucketMode) ? .heading : .plain)
        y += 1
        textRow("Bucket name", .bucketName, note: "gs://\(form.bucketName.text)")
        if form.useExistingFolder && form.allowsExistingFolder { textRow("Existing folder", .folder, note: "registered as it is") }
        canvas.put("   Access          the store's service agent gets, on the bucket:", x: 0, y: y)
        y += 1
        for (role, why) in SetupPlan.roles {
            canvas.put(TextLayout.pad(role, to: 28) + why, x: labelWidth + 1, y: y, width: body.width - labelWidth - 2, style: .muted,
                       ellipsis: glyphs.ellipsis)
            y += 1
        }
        canvas.put(state.serviceAgent(form.project.text), x: 2, y: y, width: body.width - 3, style: .muted, ellipsis: glyphs.ellipsis)
        y += 1
        Widgets.label(&canvas, "Sample study", x: 1, y: y, width: labelWidth - 1, focused: focused(.samples), glyphs: glyphs)
        let samples = state.environment.samplesFolder == nil
            ? "not found (set DICOM_CONSOLE_SAMPLES to the folder of the sample .dcm files)"
            : "\(form.importSamples ? glyphs.boxOn : glyphs.boxOff) copy to gs://\(form.bucketName.text)/samples/ and import it"
        canvas.put(samples, x: labelWidth, y: y, width: body.width - labelWidth - 1, style: focused(.samples) ? .heading : .plain,
                   ellipsis: glyphs.ellipsis)
        y += 1
        Widgets.button(&canvas, form.running ? "Setting up..." : "Set up", x: 3, y: y, focused: focused(.submit))
        y += 1
        if form.steps.isEmpty {
            if let error = form.error(form.focus) {
                for line in TextLayout.wrap("\(glyphs.cross) " + error, to: body.width - 4).prefix(2) {
                    canvas.put(line, x: 3, y: y, style: .failure)
                    y += 1
                }
            }
            return
        }
        for step in form.steps.suffix(body.maxY - y) {
            let (mark, style, detail): (String, Style, String) = switch step.outcome {
            case nil: (glyphs.spinner(state.tick), .running, "")
            case .done(let detail)?: (glyphs.check, .success, detail)
            case .failed(let error)?: (glyphs.cross, .failure, error)
            }
            canvas.put(mark, x: 3, y: y, style: style)
            let used = canvas.put(step.title, x: 5, y: y, limit: body.width - 6)
            canvas.put(detail.isEmpty ? "" : ": " + detail.replacingNewlines, x: 5 + used, y: y, width: max(0, body.width - 6 - used),
                       style: step.outcome.map { if case .failed = $0 { Style.failure } else { Style.muted } } ?? .muted,
                       ellipsis: glyphs.ellipsis)
            y += 1
        }
    }
}
