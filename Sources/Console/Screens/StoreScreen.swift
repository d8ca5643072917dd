import DicomStore
import ObjectStorage

/// A store page: the tab bar, then the tab.
enum StoreScreen {
    static func render(_ canvas: inout Canvas, _ state: ConsoleState, _ body: Rect, _ glyphs: Glyphs) {
        guard let page = state.storePage else { return }
        var x = 1
        x += canvas.put("Store \(page.name.id)  ", x: x, y: body.y, style: .heading)
        for tab in StoreTab.allCases {
            if tab != .details { x += canvas.put(" \(glyphs.dot) ", x: x, y: body.y, style: .muted) }
            let active = tab == page.tab
            let label = " \(tab.rawValue) \(tab.title) "
            canvas.addHotspot(Rect(x: x, y: body.y, width: CellWidth.of(label), height: 1), .tab(tab))
            x += canvas.put(label, x: x, y: body.y, style: active ? Style(bold: true, reverse: true) : .plain)
        }
        let content = Rect(x: 0, y: body.y + 1, width: body.width, height: body.height - 1)
        switch page.tab {
        case .details: details(&canvas, state, page, content, glyphs)
        case .importData: ImportTab.render(&canvas, state, page.importForm, content, glyphs)
        case .exportData: ExportTab.render(&canvas, state, page.exportForm, content, glyphs)
        case .operations: OperationsTab.render(&canvas, state, page, content, glyphs)
        }
    }

    /// Details: studies → series → instances of the store.
    static func details(_ canvas: inout Canvas, _ state: ConsoleState, _ page: StorePage, _ rect: Rect, _ glyphs: Glyphs) {
        let browser = page.browser
        let store = (state.stores[page.name.dataset]?.value ?? []).first { $0.name == page.name }
        if let store {
            let summary = "\(TextLayout.count(store.studyCount)) \(store.studyCount == 1 ? "study" : "studies") \(glyphs.dot) \(TextLayout.count(store.seriesCount)) series \(glyphs.dot) \(TextLayout.count(store.instanceCount)) instances \(glyphs.dot) \(TextLayout.bytes(store.totalBytes))"
            canvas.put(" " + summary, x: 0, y: rect.y, style: .muted, limit: rect.width)
        }
        let listRect = Rect(x: 0, y: rect.y + 3, width: rect.width, height: state.tabListHeight)
        let focused = state.overlay == nil
        let filter = browser.currentList.filter
        let title: String
        let headings: [String]
        let widths: [Int]
        var lines: [String] = []
        var loadable: (loading: Bool, error: String?, empty: Bool)
        switch browser.level {
        case .studies:
            let rows = browser.studyList.filtered(browser.studies.value ?? [], text: InstanceBrowser.text).map(\.item)
            title = "Studies"
            headings = ["PATIENT", "ID", "DATE", "DESCRIPTION", "SERIES", "INST", "SIZE"]
            widths = [18, 11, 8, max(8, rect.width - 67), -6, -6, -8]
            lines = rows.map { study in
                Self.line([study.patientName ?? "", study.patientID ?? "", study.studyDate ?? "", study.studyDescription ?? "",
                           TextLayout.count(study.seriesCount), TextLayout.count(study.instanceCount), TextLayout.bytes(study.totalBytes)], widths, glyphs)
            }
            loadable = (browser.studies.loading, browser.studies.error, browser.studies.value?.isEmpty == true)
        case .series(let study):
            let rows = browser.seriesList.filtered(browser.series.value ?? [], text: InstanceBrowser.text).map(\.item)
            title = "Study \(study)\(glyphs.separator)Series"
            headings = ["NUMBER", "MODALITY", "INSTANCES", "SIZE", "SERIES INSTANCE UID"]
            widths = [-6, 8, -9, -9, max(10, rect.width - 42)]
            lines = rows.map { series in
                Self.line([series.seriesNumber.map(String.init) ?? "", series.modality ?? "", TextLayout.count(series.instanceCount),
                           TextLayout.bytes(series.totalBytes), series.seriesInstanceUID], widths, glyphs)
            }
            loadable = (browser.series.loading, browser.series.error, browser.series.value?.isEmpty == true)
        case .instances(_, let series):
            let rows = browser.instanceList.filtered(browser.instances.value ?? [], text: InstanceBrowser.text).map(\.item)
            title = "Series \(series)\(glyphs.separator)Instances"
            headings = ["NUMBER", "FRAMES", "SIZE", "CLASS", "SOP INSTANCE UID"]
            widths = [-6, -6, -9, 9, max(10, rect.width - 41)]
            lines = rows.map { instance in
                Self.line([instance.instanceNumber.map(String.init) ?? "", String(instance.numberOfFrames), TextLayout.bytes(instance.size),
                           instance.storageClass.rawValue, instance.sopInstanceUID], widths, glyphs)
            }
            loadable = (browser.instances.loading, browser.instances.error, browser.instances.value?.isEmpty == true)
        }
        PageChrome.title(&canvas, title, count: loadable.loading && lines.isEmpty ? "loading..." : lines.count == 1 ? "1 row" : "\(lines.count) rows",
                         filter: filter, editing: state.editingFilter, rect: Rect(x: 0, y: rect.y + 1, width: rect.width, height: 1), glyphs: glyphs)
        Widgets.row(&canvas, headings, widths: widths, x: 2, y: rect.y + 2, style: .muted, ellipsis: glyphs.ellipsis)
        if let error = loadable.error {
            PageChrome.placeholder(&canvas, error, rect: listRect, style: .failure)
        } else if loadable.empty {
            PageChrome.placeholder(&canvas, browser.level == .studies ? "No instances yet: import some (2 Import)." : "Nothing here.", rect: listRect)
        }
        Widgets.list(&canvas, rows: lines, list: browser.currentList, rect: listRect, focused: focused, ellipsis: glyphs.ellipsis)
    }

    static func line(_ cells: [String], _ widths: [Int], _ glyphs: Glyphs) -> String {
        "  " + zip(cells, widths).map { cell, width in
            width < 0 ? TextLayout.right(cell, in: -width) : TextLayout.pad(cell, to: width, ellipsis: glyphs.ellipsis)
        }.joined(separator: " ")
    }
}
