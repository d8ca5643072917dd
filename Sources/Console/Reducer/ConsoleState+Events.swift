import DicomStore
import ObjectStorage

extension ConsoleState {
    /// Applies a background result; returns follow-up work.
    mutating func apply(_ event: Event) -> [Command] {
        switch event {
        case .datasets(let location, let result):
            guard location == self.location else { return [] }
            datasets.loading = false
            switch result {
            case .success(let list):
                datasets.value = list
                datasets.error = nil
                datasetList.clamp(count: visibleDatasets.count, height: pageListHeight)
                if setupIfEmpty {
                    setupIfEmpty = false
                    if list.isEmpty, route == .datasets { openSetup(asRoot: true) }
                }
            case .failure(let error):
                datasets.error = error.message
                flash(error.message, .error)
            }
        case .datasetCreated(let result):
            switch result {
            case .success(let dataset):
                flash("Created dataset \(dataset.name.id)")
                return [.loadDatasets(location)]
            case .failure(let error): flash(error.message, .error)
            }
        case .datasetDeleted(let name, let error):
            if let error {
                if error.code == .failedPrecondition, error.message.contains("still has DICOM stores") {
                    overlay = .confirm(Confirmation(
                        title: "Delete dataset and its stores?",
                        message: ["Dataset \(name.id) still has DICOM stores.", "Delete it with all its stores and instances?"],
                        confirmLabel: "Delete all", purpose: .deleteDataset(name, force: true), typeToConfirm: name.id))
                } else {
                    flash(error.message, .error)
                }
                return []
            }
            flash("Deleted dataset \(name.id)")
            stores[name] = nil
            return [.loadDatasets(location)]
        case .stores(let dataset, let result):
            var loadable = stores[dataset] ?? Loadable()
            loadable.loading = false
            switch result {
            case .success(let list):
                loadable.value = list
                loadable.error = nil
            case .failure(let error):
                loadable.error = error.message
                flash(error.message, .error)
            }
            stores[dataset] = loadable
            if route == .stores(dataset) { storeList.clamp(count: visibleStores(dataset).count, height: pageListHeight) }
        case .storeCreated(let result):
            switch result {
            case .success(let store):
                flash("Created DICOM store \(store.name.id)")
                return [.loadStores(store.name.dataset)]
            case .failure(let error): flash(error.message, .error)
            }
        case .storeDeleted(let name, let error):
            if let error { flash(error.message, .error); return [] }
            flash("Deleted DICOM store \(name.id)")
            if storePage?.name == name { storePage = nil }
            routes.removeAll { $0 == .store(name) }
            return [.loadStores(name.dataset)]
        case .studies, .series, .instances, .attributes:
            applyBrowserEvent(event)
        case .buckets, .folder, .preview:
            applyStorageEvent(event)
        case .accessMissing(let problem):
            flash = nil
            overlay = .access(AccessDialog(problem: problem))
        case .operationStarted(let result):
            switch result {
            case .success(let operation):
                return operationStarted(operation)
            case .failure(let error):
                flash(error.message, error.code == .permissionDenied ? .sticky : .error)
            }
        case .granted(let bucket, let roles, let error):
            if let error { flash(error.message, .error) } else {
                flash("Granted \(roles.joined(separator: ", ")) on gs://\(bucket) to the store's service agent")
            }
        case .operations(let dataset, let result):
            return applyOperations(dataset, result)
        case .operationCancelled(let name, let error):
            if let error { flash(error.message, .error) } else { flash("Cancellation requested for operation \(name.id)") }
            return [.loadOperations(name.dataset)]
        case .operationDetails(_, let result):
            showText(result)
        case .logs(_, let result):
            showText(result.map { entries in
                entries.isEmpty ? "No per-object errors were logged." : entries.map { entry in
                    "\(entry.code.rawValue)  \(entry.resource)\n    \(entry.message)"
                }.joined(separator: "\n")
            })
        case .dataDirectoryChanged(let directory):
            environment.dataDirectory = directory
            setup?.currentDataDirectory = directory
        case .setupStep(let step):
            guard var form = setup else { return [] }
            if let last = form.steps.last, last.title == step.title, last.outcome == nil { form.steps.removeLast() }
            form.steps.append(step)
            setup = form
        case .setupFinished(let store, let operation):
            return setupFinished(store: store, operation: operation)
        case .info(let text):
            flash(text)
        case .failure(let error):
            flash(error.message, .error)
        }
        return []
    }

    /// Puts loaded text into the open text view.
    mutating func showText(_ result: Result<String, ServiceError>) {
        guard case .text(var view)? = overlay else { return }
        view.loading = false
        switch result {
        case .success(let text): view.lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        case .failure(let error): view.lines = ["Error: \(error.message)"]
        }
        overlay = .text(view)
    }
}
