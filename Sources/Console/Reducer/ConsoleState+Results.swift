import DicomStore
import ObjectStorage

extension ConsoleState {
    /// Studies, series, instances and attributes of the open store.
    mutating func applyBrowserEvent(_ event: Event) {
        guard var page = storePage else { return }
        func loaded<T>(_ result: Result<T, ServiceError>, into loadable: inout Loadable<T>) {
            loadable.loading = false
            switch result {
            case .success(let value):
                loadable.value = value
                loadable.error = nil
            case .failure(let error):
                loadable.error = error.message
            }
        }
        switch event {
        case .studies(let store, let result) where store == page.name:
            loaded(result, into: &page.browser.studies)
        case .series(let store, let study, let result) where store == page.name:
            if page.browser.level == .series(study: study) { loaded(result, into: &page.browser.series) }
        case .instances(let store, let study, let series, let result) where store == page.name:
            if page.browser.level == .instances(study: study, series: series) { loaded(result, into: &page.browser.instances) }
        case .attributes(_, _, let result):
            showText(result)
        default:
            return
        }
        var list = page.browser.currentList
        list.clamp(count: page.browser.rowCount, height: tabListHeight)
        page.browser.currentList = list
        storePage = page
    }

    /// Buckets, folder pages and previews of the Import tab.
    mutating func applyStorageEvent(_ event: Event) {
        switch event {
        case .buckets(let result, let remoteProblem, let project):
            guard project == storageProject else { return }  // a listing for the project shown before
            buckets.loading = false
            switch result {
            case .success(let list):
                buckets.value = list
                buckets.error = nil
            case .failure(let error):
                buckets.error = error.message
                flash(error.message, .error)
            }
            if let remoteProblem, !remoteProblemShown {
                remoteProblemShown = true
                flash("Cloud Storage buckets not listed: \(remoteProblem)")
            }
            guard var page = storePage else { return }
            if page.importForm.bucket == nil {
                page.importForm.entries = Self.bucketEntries(buckets)
                page.importForm.list.clamp(count: page.importForm.filteredEntries.count, height: importBrowserHeight)
            }
            if page.exportForm.destination.text.isEmpty, let first = buckets.value?.first {
                page.exportForm.destination = TextField("gs://\(first.name)/exports/\(page.name.id)/")
            }
            storePage = page
        case .folder(let bucket, let prefix, let generation, let appending, .exportDestination, let result):
            guard case .folders(var picker)? = overlay else { return }
            picker.apply(bucket: bucket, prefix: prefix, generation: generation, appending: appending, result)
            picker.list.clamp(count: picker.rowCount, height: pickerHeight)
            overlay = .folders(picker)
        case .folder(let bucket, let prefix, let generation, let appending, .importSource, let result):
            guard var page = storePage, page.importForm.generation == generation,
                  page.importForm.bucket == bucket, page.importForm.prefix == prefix else { return }
            var form = page.importForm
            form.entries.loading = false
            switch result {
            case .success(let objectPage):
                let folders = objectPage.prefixes.map {
                    BrowserEntry(kind: .folder, name: String($0.dropFirst(prefix.count)), path: $0, size: nil)
                }
                let objects = objectPage.objects.filter { $0.name != prefix }.map {
                    BrowserEntry(kind: .object, name: String($0.name.dropFirst(prefix.count)), path: $0.name, size: $0.size)
                }
                form.entries.value = (appending ? form.entries.value ?? [] : []) + folders + objects
                form.entries.error = nil
                form.nextPageToken = objectPage.nextPageToken
            case .failure(let error):
                form.entries.error = error.message
            }
            form.list.clamp(count: form.filteredEntries.count, height: importBrowserHeight)
            page.importForm = form
            storePage = page
        case .preview(let generation, let result):
            guard var page = storePage, page.importForm.previewGeneration == generation else { return }
            page.importForm.preview.loading = false
            switch result {
            case .success(let preview):
                page.importForm.preview.value = preview
                page.importForm.preview.error = nil
            case .failure(let error):
                page.importForm.preview.value = nil
                page.importForm.preview.error = error.message
            }
            storePage = page
        default:
            return
        }
    }

    /// A new operation: listed at once, and the Operations tab shown.
    mutating func operationStarted(_ operation: DicomOperation) -> [Command] {
        let dataset = operation.store.dataset
        var loadable = operations[dataset] ?? Loadable()
        var list = loadable.value ?? []
        if !list.contains(where: { $0.name == operation.name }) { list.insert(operation, at: 0) }
        loadable.value = list
        operations[dataset] = loadable
        let kind = operation.kind == .importDicomData ? "import" : "export"
        flash("Started \(kind) operation \(operation.name.id)")
        if storePage?.name == operation.store {
            storePage?.tab = .operations
            storePage?.operationList = ListState()
        }
        return [.loadOperations(dataset)]
    }

    /// A fresh list of a dataset's operations; finished ones reload the counts they changed.
    mutating func applyOperations(_ dataset: DatasetName, _ result: Result<[DicomOperation], ServiceError>) -> [Command] {
        var loadable = operations[dataset] ?? Loadable()
        loadable.loading = false
        guard case .success(let list) = result else {
            if case .failure(let error) = result { loadable.error = error.message }
            operations[dataset] = loadable
            return []
        }
        let wasRunning = Set((loadable.value ?? []).filter { !$0.done }.map(\.name))
        let finished = list.filter { $0.done && wasRunning.contains($0.name) }
        if loadable.value == list, loadable.error == nil { return [] }
        loadable.value = list
        loadable.error = nil
        operations[dataset] = loadable
        if var page = storePage {
            page.operationList.clamp(count: visibleOperations.count, height: tabListHeight)
            storePage = page
        }
        guard let last = finished.first else { return [] }
        let counter = last.counter
        let verb = last.kind == .importDicomData ? "Import" : "Export"
        if last.succeeded {
            flash("\(verb) \(last.name.id) done: \(counter.success) succeeded")
        } else if last.error?.code == .cancelled {
            flash("\(verb) \(last.name.id) cancelled: \(counter.success) succeeded, \(counter.failure) failed before it stopped", .error)
        } else {
            flash("\(verb) \(last.name.id) failed: \(counter.success) succeeded, \(counter.failure) failed (l shows the log)", .error)
        }
        var commands: [Command] = [.loadStores(dataset)]
        if let page = storePage, finished.contains(where: { $0.store == page.name }) { commands.append(.loadStudies(page.name)) }
        return commands
    }

    /// The setup ended: on success, open the new store's Operations tab and remember the place.
    mutating func setupFinished(store: StoreName?, operation: DicomOperation?) -> [Command] {
        setup?.running = false
        guard let store else {
            flash("Setup stopped: see the failed step; fix it and choose [Set up] again", .error)
            return []
        }
        var commands: [Command] = [.saveConfig(ConsoleConfig(project: store.dataset.parent.project, location: store.dataset.parent.location,
                                                              dataset: store.dataset.id, store: store.id)),
                                   .loadDatasets(location)]
        commands += openStore(store, tab: operation == nil ? .details : .operations)
        if let operation { commands += operationStarted(operation) }
        flash(operation == nil ? "Setup done" : "Setup done: the sample study is being imported")
        return commands
    }
}
