import DicomStore
import ObjectStorage
import Foundation

/// Rows the pages give their lists (shared by the reducer, to scroll, and the renderer, to draw).
extension ConsoleState {
    /// Datasets and Stores: a title, column headings, the list, a spare line.
    var pageListHeight: Int { max(1, bodyHeight - 3) }
    /// The store browser and the Operations tab: tabs, a title, headings, the list, command-log lines.
    var tabListHeight: Int { max(1, bodyHeight - 7) }
    /// The bucket browser of the Import tab.
    var importBrowserHeight: Int { max(3, bodyHeight - 15) }

    /// The terminal changed size: keep every selection visible.
    mutating func resize(width: Int, height: Int) {
        self.width = width
        self.height = height
        datasetList.clamp(count: visibleDatasets.count, height: pageListHeight)
        if case .stores(let dataset) = route { storeList.clamp(count: visibleStores(dataset).count, height: pageListHeight) }
        guard var page = storePage else { return }
        var list = page.browser.currentList
        list.clamp(count: page.browser.rowCount, height: tabListHeight)
        page.browser.currentList = list
        page.importForm.list.clamp(count: page.importForm.filteredEntries.count, height: importBrowserHeight)
        storePage = page
        page.operationList.clamp(count: visibleOperations.count, height: tabListHeight)
        storePage = page
    }
}

extension ConsoleState {
    /// The datasets after the filter.
    var visibleDatasets: [Dataset] { datasetList.filtered(datasets.value ?? [], text: \.name.id).map(\.item) }

    /// The dataset under the cursor.
    var selectedDataset: DatasetName? {
        let rows = visibleDatasets
        return rows.indices.contains(datasetList.selected) ? rows[datasetList.selected].name : nil
    }

    /// The stores of a dataset after the filter.
    func visibleStores(_ dataset: DatasetName) -> [DicomStore] {
        storeList.filtered(stores[dataset]?.value ?? [], text: \.name.id).map(\.item)
    }

    mutating func performInDatasets(_ action: Action) -> [Command] {
        let rows = visibleDatasets
        if datasetList.apply(action, count: rows.count, height: pageListHeight) { return [] }
        switch action {
        case .open:
            guard let dataset = selectedDataset else { return [] }
            return openDataset(dataset)
        case .create:
            overlay = .prompt(Prompt(title: "New dataset", label: "Dataset ID", purpose: .createDataset(location)))
            return []
        case .changeLocation:
            overlay = .prompt(Prompt(title: "Project and location", label: "PROJECT/LOCATION",
                                     text: "\(location.project)/\(location.location)", purpose: .changeLocation))
            return []
        case .delete:
            guard let dataset = selectedDataset else { return [] }
            overlay = .confirm(Confirmation(
                title: "Delete dataset?", message: ["Delete dataset \(dataset.id) and its operation history?",
                                                     "A dataset that still has DICOM stores is not deleted."],
                confirmLabel: "Delete", purpose: .deleteDataset(dataset, force: false)))
            return []
        default:
            return []
        }
    }

    /// Opens the Stores page of a dataset.
    mutating func openDataset(_ dataset: DatasetName) -> [Command] {
        routes = [.datasets, .stores(dataset)]
        storeList = ListState()
        if stores[dataset] == nil { stores[dataset] = Loadable() }
        stores[dataset]?.loading = true
        return [.loadStores(dataset), .loadOperations(dataset)]
    }

    mutating func performInStores(_ action: Action, dataset: DatasetName) -> [Command] {
        let rows = visibleStores(dataset)
        if storeList.apply(action, count: rows.count, height: pageListHeight) { return [] }
        let selected = rows.indices.contains(storeList.selected) ? rows[storeList.selected].name : nil
        switch action {
        case .create:
            overlay = .prompt(Prompt(title: "New DICOM store", label: "DICOM store ID", purpose: .createStore(dataset)))
            return []
        case .open, .importData, .exportData, .showOperations, .exportMetadata, .delete, .actions:
            guard let store = selected else {
                flash("No DICOM store selected: press n to create one", .error)
                return []
            }
            return act(action, on: store)
        default:
            return []
        }
    }

    /// Shows the datasets of another project and location, and remembers it (console.json).
    mutating func showLocation(_ newLocation: LocationName) -> [Command] {
        location = newLocation
        datasets = Loadable()
        datasets.loading = true
        datasetList = ListState()
        routes = [.datasets]
        flash("Showing \(newLocation.project)/\(newLocation.location)")
        return [.loadDatasets(newLocation), .saveConfig(ConsoleConfig(project: newLocation.project, location: newLocation.location))]
    }

    /// `PROJECT/LOCATION` (the form the selector shows) as a location, with the cloud's ID rules.
    static func location(_ text: String) throws -> LocationName {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2 else { throw ServiceError(.invalidArgument, "write PROJECT/LOCATION, for example my-project/us-central1") }
        return try LocationName(project: String(parts[0]), location: String(parts[1]))
    }

    /// A store action, from the Stores page, the store page or the store's Actions menu.
    mutating func act(_ action: Action, on store: StoreName) -> [Command] {
        switch action {
        case .actions:
            let menu = ActionMenu(store: store, keys: keys)
            guard !menu.items.isEmpty else {
                flash("Read-only: no actions that change data", .error)
                return []
            }
            overlay = .menu(menu)
            return []
        case .delete:
            overlay = .confirm(Confirmation(
                title: "Delete DICOM store?", message: ["Delete \(store.id) and all its instances?", "This cannot be undone."],
                confirmLabel: "Delete", purpose: .deleteStore(store), typeToConfirm: store.id))
            return []
        case .exportMetadata:
            let path = URL(fileURLWithPath: environment.dataDirectory).appendingPathComponent("metadata.db").path
            overlay = .prompt(Prompt(title: "Export metadata of \(store.id)", label: "SQLite table",
                                     text: "sqlite://\(path)?table=\(store.id.filter { $0.isLetter || $0.isNumber || $0 == "_" })",
                                     purpose: .exportMetadata(store)))
            return []
        case .importData where route == .store(store): return selectTab(.importData)
        case .importData: return openStore(store, tab: .importData)
        case .exportData where route == .store(store): return selectTab(.exportData)
        case .exportData: return openStore(store, tab: .exportData)
        case .showOperations: return openStore(store, tab: .operations)
        default: return openStore(store, tab: .details)
        }
    }

    /// Opens a store page on a tab.
    mutating func openStore(_ store: StoreName, tab: StoreTab) -> [Command] {
        routes = [.datasets, .stores(store.dataset), .store(store)]
        if storePage?.name != store { storePage = StorePage(name: store) }
        storePage?.browser.studies.loading = true
        return [.loadStudies(store), .loadStores(store.dataset), .loadOperations(store.dataset)] + selectTab(tab)
    }

    /// Shows a tab of the store page, loading what it needs.
    mutating func selectTab(_ tab: StoreTab) -> [Command] {
        guard var page = storePage else { return [] }
        page.tab = tab
        editingFilter = false
        storePage = page
        switch tab {
        case .importData, .exportData:
            buckets.loading = true
            return [.loadBuckets(project: storageProject)]
        case .operations:
            return [.loadOperations(page.name.dataset)]
        case .details:
            return []
        }
    }
}
