import DicomStore
import ObjectStorage

extension ConsoleState {
    /// Applies a mouse event to the frame it landed on (the last one shown): a click on a tab shows it,
    /// on a list row selects it, on the selected row opens it (so a double click opens too), on a footer
    /// hint presses its key; the wheel moves the selection. Clicks do nothing while a dialog or text
    /// view is open (the help overlay closes, as with any key) or while a filter is typed.
    mutating func handle(_ event: MouseEvent, on frame: Canvas) -> [Command] {
        interrupts = 0
        if overlay == .help {
            overlay = nil
            return []
        }
        guard overlay == nil, !editingFilter else { return [] }
        switch event.kind {
        case .scrollUp: return perform(.up)
        case .scrollDown: return perform(.down)
        case .press:
            guard let target = frame.target(atX: event.x, y: event.y) else { return [] }
            return click(target)
        }
    }

    /// What a click on a target does.
    mutating func click(_ target: ClickTarget) -> [Command] {
        switch target {
        case .tab(let tab):
            return storePage == nil ? [] : selectTab(tab)
        case .key(let key):
            return handle(key)
        case .row(let row):
            guard let selected = selectedRowOfFocusedList else { return [] }
            if row == selected { return perform(.open) }
            selectRowOfFocusedList(row)
            return []
        }
    }

    /// The selected row of the list that has the focus (nil when no list has it).
    var selectedRowOfFocusedList: Int? {
        switch route {
        case .setup: return nil
        case .datasets: return datasetList.selected
        case .stores: return storeList.selected
        case .store:
            guard let page = storePage else { return nil }
            switch page.tab {
            case .details: return page.browser.currentList.selected
            case .operations: return page.operationList.selected
            case .importData: return page.importForm.focus == .browser ? page.importForm.list.selected : nil
            case .exportData: return nil
            }
        }
    }

    /// Selects a row of the list that has the focus (clamped, scrolled into view).
    mutating func selectRowOfFocusedList(_ row: Int) {
        switch route {
        case .setup: return
        case .datasets: datasetList.select(row, count: visibleDatasets.count, height: pageListHeight)
        case .stores(let dataset): storeList.select(row, count: visibleStores(dataset).count, height: pageListHeight)
        case .store:
            guard var page = storePage else { return }
            switch page.tab {
            case .details: page.browser.currentList.select(row, count: page.browser.rowCount, height: tabListHeight)
            case .operations: page.operationList.select(row, count: visibleOperations.count, height: tabListHeight)
            case .importData:
                page.importForm.list.select(row, count: page.importForm.filteredEntries.count, height: importBrowserHeight)
            case .exportData: return
            }
            storePage = page
        }
    }
}
