import DicomStore
import ObjectStorage
import Foundation

extension ConsoleState {
    mutating func performInStore(_ action: Action) -> [Command] {
        guard let page = storePage else { return [] }
        switch action {
        case .tab1: return selectTab(.details)
        case .tab2: return selectTab(.importData)
        case .tab3: return selectTab(.exportData)
        case .tab4, .showOperations: return selectTab(.operations)
        case .importData: return selectTab(.importData)
        case .exportData: return selectTab(.exportData)
        case .actions: return act(.actions, on: page.name)
        case .nextTab, .prevTab:
            let all = StoreTab.allCases
            let index = all.firstIndex(of: page.tab) ?? 0
            let next = (index + (action == .nextTab ? 1 : all.count - 1)) % all.count
            return selectTab(all[next])
        default:
            break
        }
        switch page.tab {
        case .details: return performInBrowser(action)
        case .operations: return performInOperations(action)
        case .importData: return performInImport(action)
        case .exportData: return performInExport(action)
        }
    }

    // MARK: Details: studies → series → instances → attributes

    mutating func performInBrowser(_ action: Action) -> [Command] {
        guard var page = storePage else { return [] }
        var browser = page.browser
        defer {
            page.browser = browser
            storePage = page
        }
        var list = browser.currentList
        if list.apply(action, count: browser.rowCount, height: tabListHeight) {
            browser.currentList = list
            return []
        }
        let store = page.name
        switch action {
        case .open:
            switch browser.level {
            case .studies:
                let rows = browser.studyList.filtered(browser.studies.value ?? [], text: InstanceBrowser.text)
                guard rows.indices.contains(browser.studyList.selected) else { return [] }
                let study = rows[browser.studyList.selected].item.studyInstanceUID
                browser.level = .series(study: study)
                browser.series = Loadable()
                browser.series.loading = true
                browser.seriesList = ListState()
                return [.loadSeries(store, study: study)]
            case .series(let study):
                let rows = browser.seriesList.filtered(browser.series.value ?? [], text: InstanceBrowser.text)
                guard rows.indices.contains(browser.seriesList.selected) else { return [] }
                let series = rows[browser.seriesList.selected].item.seriesInstanceUID
                browser.level = .instances(study: study, series: series)
                browser.instances = Loadable()
                browser.instances.loading = true
                browser.instanceList = ListState()
                return [.loadInstances(store, study: study, series: series)]
            case .instances:
                let rows = browser.instanceList.filtered(browser.instances.value ?? [], text: InstanceBrowser.text)
                guard rows.indices.contains(browser.instanceList.selected) else { return [] }
                let sop = rows[browser.instanceList.selected].item.sopInstanceUID
                overlay = .text(TextView(title: "Attributes of \(sop)", loading: true))
                return [.loadAttributes(store, sopInstanceUID: sop)]
            }
        case .parent:
            switch browser.level {
            case .studies: break
            case .series: browser.level = .studies
            case .instances(let study, _): browser.level = .series(study: study)
            }
            return []
        default:
            return []
        }
    }

    // MARK: Operations

    /// The store's operations, newest first, after the filter.
    var visibleOperations: [DicomOperation] {
        guard let page = storePage else { return [] }
        let all = (operations[page.name.dataset]?.value ?? []).filter { $0.store == page.name }
        return page.operationList.filtered(all) { "\($0.name.id) \($0.kind.rawValue) \(OperationRow.statusWord($0))" }.map(\.item)
    }

    mutating func performInOperations(_ action: Action) -> [Command] {
        guard var page = storePage else { return [] }
        let rows = visibleOperations
        if page.operationList.apply(action, count: rows.count, height: tabListHeight) {
            storePage = page
            return []
        }
        let selected = rows.indices.contains(page.operationList.selected) ? rows[page.operationList.selected] : nil
        switch action {
        case .pause:
            page.paused.toggle()
            storePage = page
            flash(page.paused ? "Live updates paused (p resumes)" : "Live updates resumed")
            return page.paused ? [] : [.loadOperations(page.name.dataset)]
        case .open:
            guard let operation = selected else { return [] }
            overlay = .text(TextView(title: "Operation \(operation.name.id)", loading: true))
            return [.loadOperationDetails(operation.name)]
        case .showLog:
            guard let operation = selected else { return [] }
            overlay = .text(TextView(title: "Log of operation \(operation.name.id)", loading: true))
            return [.loadLogs(operation.name)]
        case .cancelOperation:
            guard let operation = selected else { return [] }
            guard !operation.done else {
                flash("Operation \(operation.name.id) has already ended", .error)
                return []
            }
            var confirmation = Confirmation(
                title: "Cancel operation?", message: ["Stop operation \(operation.name.id)?",
                                                      "Instances imported so far are kept; its counters stay true."],
                confirmLabel: "Stop it", purpose: .cancelOperation(operation.name))
            confirmation.cancelLabel = "Keep running"
            overlay = .confirm(confirmation)
            return []
        default:
            return []
        }
    }
}
