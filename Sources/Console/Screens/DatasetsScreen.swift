import DicomStore
import ObjectStorage
import Foundation

/// Shared bits of list pages: the title line with a filter, and times.
enum PageChrome {
    /// A page title at the body's top, with the row count (or loading) and the filter on the right.
    static func title(_ canvas: inout Canvas, _ text: String, count: String, filter: String, editing: Bool, rect: Rect,
                      glyphs: Glyphs) {
        canvas.put(" " + text, x: rect.x, y: rect.y, style: .heading, limit: rect.width)
        var right = count
        if editing || !filter.isEmpty { right = "/" + filter + (editing ? "_" : "") + "   " + count }
        canvas.put(right, x: rect.maxX - CellWidth.of(right) - 1, y: rect.y, style: editing ? .key : .muted)
    }

    /// `2026-11-24 10:31` in the environment's time zone.
    static func time(_ date: Date, _ environment: ConsoleEnvironment) -> String {
        // The REST API gives no creation time for datasets and stores: unknown, not 1970.
        guard date.timeIntervalSince1970 != 0 else { return "-" }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = environment.timeZone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(format: "%04d-%02d-%02d %02d:%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0, c.hour ?? 0, c.minute ?? 0)
    }

    /// `10:31:05` in the environment's time zone.
    static func clock(_ date: Date, _ environment: ConsoleEnvironment) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = environment.timeZone
        let c = calendar.dateComponents([.hour, .minute, .second], from: date)
        return String(format: "%02d:%02d:%02d", c.hour ?? 0, c.minute ?? 0, c.second ?? 0)
    }

    /// A loading or empty message in the middle of a list area.
    static func placeholder(_ canvas: inout Canvas, _ text: String, rect: Rect, style: Style = .muted) {
        for (index, line) in TextLayout.wrap(text, to: max(1, rect.width - 4)).enumerated() where index < rect.height {
            canvas.put(line, x: rect.x + 2, y: rect.y + index, style: style)
        }
    }
}

/// The root page: the datasets of the location.
enum DatasetsScreen {
    static func render(_ canvas: inout Canvas, _ state: ConsoleState, _ body: Rect, _ glyphs: Glyphs) {
        let rows = state.visibleDatasets
        let all = state.datasets.value ?? []
        PageChrome.title(&canvas, "Datasets in \(state.location.project)\(glyphs.separator)\(state.location.location)",
                         count: state.datasets.loading && state.datasets.value == nil ? "loading..." : "\(rows.count) of \(all.count)",
                         filter: state.datasetList.filter, editing: state.editingFilter, rect: body, glyphs: glyphs)
        let widths = [32, 18, max(10, body.width - 55)]
        Widgets.row(&canvas, ["ID", "CREATED", "LABELS"], widths: widths, x: 2, y: body.y + 1, style: .muted, ellipsis: glyphs.ellipsis)
        let listRect = Rect(x: 0, y: body.y + 2, width: body.width, height: state.pageListHeight)
        if let error = state.datasets.error, state.datasets.value == nil {
            PageChrome.placeholder(&canvas, "Cannot list datasets: \(error)", rect: listRect, style: .failure)
        } else if state.datasets.value != nil, all.isEmpty {
            PageChrome.placeholder(&canvas, "No datasets yet. Press n to create one, or :setup for the guided setup.", rect: listRect)
        }
        let lines = rows.map { dataset in
            let labels = dataset.labels.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
            return "  " + [TextLayout.pad(dataset.name.id, to: widths[0], ellipsis: glyphs.ellipsis), TextLayout.pad(PageChrome.time(dataset.createTime, state.environment), to: widths[1]), labels]
                .joined(separator: " ")
        }
        Widgets.list(&canvas, rows: lines, list: state.datasetList, rect: listRect, focused: state.overlay == nil,
                     ellipsis: glyphs.ellipsis)
    }
}

/// The stores of a dataset, with their counts.
enum StoresScreen {
    static func render(_ canvas: inout Canvas, _ state: ConsoleState, _ dataset: DatasetName, _ body: Rect, _ glyphs: Glyphs) {
        let loadable = state.stores[dataset] ?? Loadable()
        let rows = state.visibleStores(dataset)
        PageChrome.title(&canvas, "DICOM stores in dataset \(dataset.id)",
                         count: loadable.loading && loadable.value == nil ? "loading..." : "\(rows.count) of \(loadable.value?.count ?? 0)",
                         filter: state.storeList.filter, editing: state.editingFilter, rect: body, glyphs: glyphs)
        let widths = [max(12, body.width - 62), -8, -8, -10, -10, 16]
        Widgets.row(&canvas, ["ID", "STUDIES", "SERIES", "INSTANCES", "SIZE", "CREATED"], widths: widths, x: 2, y: body.y + 1,
                    style: .muted, ellipsis: glyphs.ellipsis)
        let listRect = Rect(x: 0, y: body.y + 2, width: body.width, height: state.pageListHeight)
        if let error = loadable.error, loadable.value == nil {
            PageChrome.placeholder(&canvas, "Cannot list stores: \(error)", rect: listRect, style: .failure)
        } else if loadable.value?.isEmpty == true {
            PageChrome.placeholder(&canvas, "No DICOM stores in this dataset. Press n to create one.", rect: listRect)
        }
        let lines = rows.map { store -> String in
            var line = "  "
            let cells = [store.name.id, TextLayout.count(store.studyCount), TextLayout.count(store.seriesCount),
                         TextLayout.count(store.instanceCount), TextLayout.bytes(store.totalBytes),
                         PageChrome.time(store.createTime, state.environment)]
            for (cell, width) in zip(cells, widths) {
                line += (width < 0 ? TextLayout.right(cell, in: -width) : TextLayout.pad(cell, to: width, ellipsis: glyphs.ellipsis)) + " "
            }
            return line
        }
        Widgets.list(&canvas, rows: lines, list: state.storeList, rect: listRect, focused: state.overlay == nil, ellipsis: glyphs.ellipsis)
    }
}
