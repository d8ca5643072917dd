import DicomStore
import ObjectStorage
import Foundation

extension ConsoleState {
    /// Keys typed into a text: the `:` line, a prompt, type-to-confirm, a list filter, or a focused form
    /// field. Returns nil when the key is not text input (the key table then decides).
    mutating func handleTextInput(_ key: Key) -> [Command]? {
        if key == .interrupt { return nil }
        switch overlay {
        case .jump(var field)?:
            switch key {
            case .enter:
                overlay = nil
                return jump(field.text)
            case .escape:
                overlay = nil
            default:
                if field.edit(key) { overlay = .jump(field) }
            }
            return []
        case .prompt(var prompt)?:
            switch key {
            case .enter: return submit(prompt)
            case .escape: overlay = nil
            default:
                guard prompt.field.edit(key) else { return nil }
                prompt.error = Self.validate(prompt)
                overlay = .prompt(prompt)
            }
            return []
        case .confirm(var confirmation)? where confirmation.typeToConfirm != nil:
            guard Self.isEditing(key), key != .left, key != .right else { return nil }
            _ = confirmation.typed.edit(key)
            overlay = .confirm(confirmation)
            return []
        case .some:
            return nil
        case nil:
            break
        }
        if editingFilter {
            switch key {
            case .enter: editingFilter = false
            case .escape:
                editingFilter = false
                setCurrentFilter("")
            default:
                var field = TextField(currentFilter)
                guard field.edit(key) else { return nil }
                setCurrentFilter(field.text)
            }
            return []
        }
        guard Self.isEditing(key), var field = focusedTextField else { return nil }
        _ = field.edit(key)
        return setFocusedTextField(field)
    }

    /// Keys that edit text.
    static func isEditing(_ key: Key) -> Bool {
        switch key {
        case .char, .backspace, .delete, .left, .right, .home, .end, .ctrl("u"), .ctrl("w"): true
        default: false
        }
    }

    /// The filter of the list in focus.
    var currentFilter: String {
        switch route {
        case .datasets: datasetList.filter
        case .stores: storeList.filter
        case .store:
            switch storePage?.tab {
            case .details?: storePage?.browser.currentList.filter ?? ""
            case .operations?: storePage?.operationList.filter ?? ""
            case .importData?: storePage?.importForm.focus == .browser ? storePage?.importForm.list.filter ?? "" : ""
            default: ""
            }
        case .setup: ""
        }
    }

    var currentFilterIsEmpty: Bool { currentFilter.isEmpty }

    /// Sets the filter of the list in focus (and selects its first row).
    mutating func setCurrentFilter(_ text: String) {
        switch route {
        case .datasets:
            datasetList.filter = text
            datasetList.selected = 0
            datasetList.top = 0
        case .stores:
            storeList.filter = text
            storeList.selected = 0
            storeList.top = 0
        case .store:
            guard var page = storePage else { return }
            switch page.tab {
            case .details:
                page.browser.currentList.filter = text
                page.browser.currentList.selected = 0
                page.browser.currentList.top = 0
            case .operations:
                page.operationList.filter = text
                page.operationList.selected = 0
                page.operationList.top = 0
            case .importData:
                page.importForm.list.filter = text
                page.importForm.list.selected = 0
                page.importForm.list.top = 0
            case .exportData:
                break
            }
            storePage = page
        case .setup:
            break
        }
    }

    /// The text field that has the focus in a form, if any.
    var focusedTextField: TextField? {
        switch route {
        case .setup:
            guard let setup, !setup.running else { return nil }
            return setup[setup.focus]
        case .store:
            guard let page = storePage else { return nil }
            switch page.tab {
            case .importData: return page.importForm.focus == .override ? page.importForm.override : nil
            case .exportData:
                switch page.exportForm.focus {
                case .destination: return page.exportForm.destination
                case .filter: return page.exportForm.filterPath
                default: return nil
                }
            default: return nil
            }
        default:
            return nil
        }
    }

    /// Stores the edited field; the override path restarts its preview.
    mutating func setFocusedTextField(_ field: TextField) -> [Command] {
        switch route {
        case .setup:
            guard let focus = setup?.focus else { return [] }
            setup?[focus] = field
        case .store:
            guard var page = storePage else { return [] }
            switch page.tab {
            case .importData:
                page.importForm.override = field
                storePage = page
                return previewCommands()
            case .exportData:
                if page.exportForm.focus == .destination { page.exportForm.destination = field } else { page.exportForm.filterPath = field }
            default:
                break
            }
            storePage = page
        default:
            break
        }
        return []
    }

    /// `:ops`, `:stores`, `:datasets`, `:setup`, `:import`, `:export`, `:details`, `:q`.
    mutating func jump(_ text: String) -> [Command] {
        let typed = text.trimmingCharacters(in: .whitespaces).lowercased()
        if typed.isEmpty { return [] }
        // A unique prefix is enough (`:st` is `:stores`).
        let words = ["ops", "operations", "stores", "datasets", "setup", "import", "export", "details", "quit"]
        let matches = words.filter { $0.hasPrefix(typed) }
        let word = words.contains(typed) || typed == "q" || typed == "ds" ? typed
            : matches.count == 1 || matches == ["ops", "operations"] ? matches[0] : typed
        switch word {
        case "q", "quit": return requestQuit()
        case "setup":
            setup = newSetupForm()
            if route != .setup { routes.append(.setup) }
            return []
        case "datasets", "ds":
            routes = [.datasets]
            return [.loadDatasets(location)]
        case "stores":
            if let dataset = currentDataset ?? selectedDataset {
                routes = [.datasets, .stores(dataset)]
                return [.loadStores(dataset), .loadOperations(dataset)]
            }
            flash("Open a dataset first (no dataset selected)", .error)
            return []
        case "ops", "operations", "op", "import", "export", "details":
            // The open store, or the last one opened.
            guard let page = storePage else {
                flash("Open a DICOM store first: :\(word) shows one of its tabs", .error)
                return []
            }
            let tab: StoreTab = switch word {
            case "import": .importData
            case "export": .exportData
            case "details": .details
            default: .operations
            }
            if route == .store(page.name) { return selectTab(tab) }
            return openStore(page.name, tab: tab)
        default:
            flash("Unknown command :\(word) (try :ops, :stores, :datasets, :setup, :import, :export, :q)", .error)
            return []
        }
    }
}
