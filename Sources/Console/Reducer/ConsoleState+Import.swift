import DicomStore
import ObjectStorage

extension ConsoleState {
    mutating func performInImport(_ action: Action) -> [Command] {
        guard var page = storePage else { return [] }
        if action == .confirm, page.importForm.focus == .submit { return submitImport(page) }
        if page.importForm.focus == .project, [.confirm, .toggle, .left, .right].contains(action) {
            chooseStorageProject()
            return []
        }
        var form = page.importForm
        let commands = Self.edit(&form, action: action, buckets: buckets, height: importBrowserHeight)
        page.importForm = form
        storePage = page
        return commands + previewCommands()
    }

    /// Applies a form action to the Import form (everything but submitting).
    static func edit(_ form: inout ImportForm, action: Action, buckets: Loadable<[BucketInfo]>, height: Int) -> [Command] {
        var commands: [Command] = []
        if action == .nextField || action == .prevField {
            form.focus = Self.step(form.focus, in: form.visibleFields, forward: action == .nextField)
            return []
        }
        switch form.focus {
        case .browser:
            let rows = form.filteredEntries
            if form.list.apply(action, count: rows.count, height: height) {
                if let token = form.nextPageToken, let bucket = form.bucket, form.list.selected >= rows.count - 5 {
                    form.nextPageToken = nil
                    commands.append(.listFolder(bucket: bucket, prefix: form.prefix, pageToken: token, generation: form.generation,
                                                for: .importSource))
                }
                return commands
            }
            switch action {
            case .open, .toggle:
                guard rows.indices.contains(form.list.selected) else { return [] }
                let entry = rows[form.list.selected]
                switch entry.kind {
                case .bucket:
                    form.bucket = entry.path
                    form.prefix = ""
                    form.chosenObject = nil
                    commands.append(Self.loadFolder(&form))
                case .folder:
                    form.prefix = entry.path
                    form.chosenObject = nil
                    commands.append(Self.loadFolder(&form))
                case .object:
                    form.chosenObject = form.chosenObject == entry.path ? nil : entry.path
                }
            case .parent:
                if form.chosenObject != nil {
                    form.chosenObject = nil
                } else if !form.prefix.isEmpty {
                    let parts = form.prefix.split(separator: "/", omittingEmptySubsequences: true).dropLast()
                    form.prefix = parts.isEmpty ? "" : parts.joined(separator: "/") + "/"
                    commands.append(Self.loadFolder(&form))
                } else if form.bucket != nil {
                    Self.showBucketList(&form, buckets)
                }
            default:
                return []
            }
        case .advanced:
            guard action == .confirm || action == .toggle else { return [] }
            let browsed = form.sourceURI
            form.advancedOpen.toggle()
            if form.advancedOpen, form.override.text.isEmpty, let browsed { form.override = TextField(browsed) }
            if form.advancedOpen { form.focus = .override }
        case .override:
            if action == .confirm { form.focus = .storageClass }
            return []
        case .storageClass:
            guard [.left, .right, .toggle, .confirm].contains(action) else { return [] }
            let options: [StorageClass?] = [nil] + StorageClass.allCases.map { $0 }
            let index = options.firstIndex(of: form.storageClass) ?? 0
            form.storageClass = options[(index + (action == .left ? options.count - 1 : 1)) % options.count]
            return []
        case .submit, .project:
            return []
        }
        return commands
    }

    /// Asks for the Cloud Storage project whose buckets to list (only where Cloud Storage is configured).
    mutating func chooseStorageProject() {
        guard environment.cloudStorage || environment.remote else {
            flash("Cloud Storage is not configured (STORAGE_EMULATOR_HOST or credentials): local buckets belong to no project", .error)
            return
        }
        overlay = .prompt(Prompt(title: "Storage project", label: "Cloud Storage project", text: storageProject ?? "",
                                 purpose: .storageProject))
    }

    /// Lists the buckets of another Cloud Storage project (nil: the default one); the Import tab's
    /// browser goes back to the bucket list.
    mutating func showStorageProject(_ project: String?) -> [Command] {
        storageProject = project
        remoteProblemShown = false  // why this project's buckets could not be listed is news
        buckets = Loadable()
        buckets.loading = true
        if var page = storePage {
            Self.showBucketList(&page.importForm, buckets)
            storePage = page
        }
        flash("Listing the buckets of " + (project.map { "project \($0)" } ?? "the default project"))
        return [.loadBuckets(project: project)]
    }

    /// A Cloud Storage project: an ID of 6 to 30 lowercase letters, digits or hyphens, starting with a
    /// letter and not ending with a hyphen (optionally after a `domain.example:` prefix), or a project
    /// number. Empty means the default project.
    static func validateStorageProject(_ text: String) throws {
        guard !text.isEmpty else { return }
        if text.utf8.count <= 20, text.utf8.allSatisfy({ (0x30...0x39).contains($0) }) { return }  // a project number
        let parts = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        let id = parts.last.map(String.init) ?? text
        let domainOK = parts.count == 1 || (!parts[0].isEmpty && parts[0].utf8.allSatisfy { byte in
            (0x61...0x7A).contains(byte) || (0x30...0x39).contains(byte) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-")
        })
        let characters = id.utf8.allSatisfy { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == UInt8(ascii: "-") }
        guard domainOK, characters, (6...30).contains(id.utf8.count), id.first?.isLetter == true, id.last != "-" else {
            throw ServiceError(.invalidArgument, "a project is an ID of 6 to 30 lowercase letters, digits or hyphens that starts with a letter and does not end with a hyphen, or a project number (empty: the default project)")
        }
    }

    /// Starts listing the browsed folder afresh.
    static func loadFolder(_ form: inout ImportForm) -> Command {
        form.generation += 1
        form.entries = Loadable()
        form.entries.loading = true
        form.nextPageToken = nil
        form.list = ListState()
        return .listFolder(bucket: form.bucket ?? "", prefix: form.prefix, pageToken: nil, generation: form.generation, for: .importSource)
    }

    /// Back to the bucket list: nothing browsed or chosen, and folder pages still on their way ignored.
    static func showBucketList(_ form: inout ImportForm, _ buckets: Loadable<[BucketInfo]>) {
        form.bucket = nil
        form.prefix = ""
        form.chosenObject = nil
        form.list = ListState()
        form.entries = bucketEntries(buckets)
        form.nextPageToken = nil
        form.generation += 1
    }

    /// The bucket list as browser rows.
    static func bucketEntries(_ buckets: Loadable<[BucketInfo]>) -> Loadable<[BrowserEntry]> {
        var entries = Loadable<[BrowserEntry]>(value: buckets.value.map { list in
            list.map { BrowserEntry(kind: .bucket, name: "gs://\($0.name)", path: $0.name, size: nil) }
        })
        entries.loading = buckets.loading
        entries.error = buckets.error
        return entries
    }

    /// Restarts the live preview when the import source changed (the previous one is cancelled).
    mutating func previewCommands() -> [Command] {
        guard var page = storePage else { return [] }
        let form = page.importForm
        guard let uri = form.sourceURI, form.sourceError == nil else {
            page.importForm.preview = Loadable()
            page.importForm.previewURI = nil
            storePage = page
            return []
        }
        guard uri != form.previewURI else { return [] }
        page.importForm.previewGeneration += 1
        page.importForm.previewURI = uri
        page.importForm.preview.loading = true
        page.importForm.preview.error = nil
        storePage = page
        return [.preview(uri: uri, generation: page.importForm.previewGeneration)]
    }

    /// [Import]: checks the source, then the service agent's access, then starts the import.
    mutating func submitImport(_ page: StorePage) -> [Command] {
        if refusedReadOnly() { return [] }
        let form = page.importForm
        guard let uri = form.sourceURI else {
            flash("Choose what to import: a bucket folder, an object, or an override path", .error)
            return []
        }
        if let error = form.sourceError {
            flash(error.split(separator: "\n").first.map(String.init) ?? error, .error)
            return []
        }
        guard let bucket = try? StorageURI(uri).bucket else { return [] }
        let store = page.name
        var cli = "$ dicom-console dicom-stores import gcs \(store.id) --dataset=\(store.dataset.id) --gcs-uri='\(uri)' --async"
        if let storageClass = form.storageClass { cli += " --blob-storage-class=\(storageClass.rawValue)" }
        commandLog = [cli, "POST v1/\(store):import {\"gcsSource\":{\"uri\":\"\(uri)\"}}"]
        flash("Checking access to gs://\(bucket)...")
        return [.checkAccess(bucket: bucket, need: .read, project: store.dataset.parent.project,
                             then: .startImport(store, uri: uri, storageClass: form.storageClass))]
    }

    /// In `--read-only` mode: says so and returns true.
    mutating func refusedReadOnly() -> Bool {
        guard environment.readOnly else { return false }
        flash("Read-only: this console does not change data (restart without --read-only)", .error)
        return true
    }

    /// The next (or previous) field, wrapping around.
    static func step<Field: Equatable>(_ field: Field, in fields: [Field], forward: Bool) -> Field {
        guard let index = fields.firstIndex(of: field), !fields.isEmpty else { return fields.first ?? field }
        return fields[(index + (forward ? 1 : fields.count - 1)) % fields.count]
    }
}
