import DicomStore
import ObjectStorage

extension ConsoleState {
    mutating func performInExport(_ action: Action) -> [Command] {
        guard var page = storePage else { return [] }
        var form = page.exportForm
        if action == .nextField || action == .prevField {
            form.focus = Self.step(form.focus, in: ExportForm.Field.allCases, forward: action == .nextField)
            page.exportForm = form
            storePage = page
            return []
        }
        let cycle: Int? = switch action {
        case .left: -1
        case .right, .toggle: 1
        default: nil
        }
        switch form.focus {
        case .bucket:
            let names = (buckets.value ?? []).map(\.name)
            if action == .confirm {
                return browseExportFolders(form, buckets: names)
            }
            guard let cycle, !names.isEmpty else { break }
            let current = form.destinationBucket.flatMap { names.firstIndex(of: $0) }
            let next = current.map { ($0 + cycle + names.count) % names.count } ?? (cycle > 0 ? 0 : names.count - 1)
            form.destination = form.destination(inBucket: names[next])
        case .destination, .filter:
            if action == .confirm { form.focus = Self.step(form.focus, in: ExportForm.Field.allCases, forward: true) }
        case .fileType:
            if let cycle = cycle ?? (action == .confirm ? 1 : nil) {
                let all = ExportFileType.allCases
                form.fileType = all[(form.fileType.rawValue + cycle + all.count) % all.count]
                form.syntaxIndex = 0
            }
        case .transferSyntax:
            if let cycle = cycle ?? (action == .confirm ? 1 : nil) {
                let count = form.fileType.syntaxes.count
                form.syntaxIndex = (form.syntaxIndex + cycle + count) % count
            }
        case .submit:
            if action == .confirm { return submitExport(page) }
        }
        page.exportForm = form
        storePage = page
        return []
    }

    /// Opens the folder chooser on the destination's bucket (else the first listed one), at the typed
    /// folder (which may not exist yet: Backspace goes up from there).
    mutating func browseExportFolders(_ form: ExportForm, buckets names: [String]) -> [Command] {
        let typed = try? StorageURI(form.destination.text)
        guard let bucket = typed?.bucket ?? names.first else {
            flash("No bucket to browse: create one with dicom-console storage buckets create gs://NAME", .error)
            return []
        }
        var folder = typed?.bucket == bucket ? typed?.path ?? "" : ""
        if !folder.isEmpty, !folder.hasSuffix("/") {
            folder = folder.split(separator: "/").dropLast().map { $0 + "/" }.joined()
        }
        var picker = FolderPicker(bucket: bucket)
        let command = picker.open(folder, generation: nextFolderListing())
        overlay = .folders(picker)
        return [command]
    }

    /// [Export]: checks the form, then the service agent's access to the bucket, then starts the export.
    mutating func submitExport(_ page: StorePage) -> [Command] {
        if refusedReadOnly() { return [] }
        let form = page.exportForm
        if let error = form.destinationError ?? form.filterError {
            flash(error.split(separator: "\n").first.map(String.init) ?? error, .error)
            return []
        }
        guard let destination = try? StorageURI(form.destination.text) else { return [] }
        let mimeType = form.fileType.mimeType(syntax: form.syntaxUID)
        let filter = form.filterPath.text.isEmpty ? nil : form.filterPath.text
        let store = page.name
        var cli = "$ dicom-console dicom-stores export gcs \(store.id) --dataset=\(store.dataset.id) --gcs-uri-prefix='\(form.destination.text)' --mime-type='\(mimeType)'"
        if let filter { cli += " --filter-config-gcs-uri='\(filter)'" }
        commandLog = [cli + " --async", "POST v1/\(store):export {\"gcsDestination\":{\"uriPrefix\":\"\(form.destination.text)\",\"mimeType\":\"\(mimeType)\"}}"]
        flash("Checking access to gs://\(destination.bucket)...")
        return [.checkAccess(bucket: destination.bucket, need: .write, project: store.dataset.parent.project,
                             then: .startExport(store, uriPrefix: form.destination.text, mimeType: mimeType, filterPath: filter))]
    }
}
