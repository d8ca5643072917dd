import DicomStore
import ObjectStorage

/// The tabs of a store page.
enum StoreTab: Int, Sendable, CaseIterable {
    case details = 1, importData, exportData, operations

    /// The tab's title.
    var title: String {
        switch self {
        case .details: "Details"
        case .importData: "Import"
        case .exportData: "Export"
        case .operations: "Operations"
        }
    }
}

/// One store: its tabs and what each shows.
struct StorePage: Sendable, Equatable {
    var name: StoreName
    var tab: StoreTab = .details
    var browser = InstanceBrowser()
    var importForm = ImportForm()
    var exportForm: ExportForm
    var operationList = ListState()
    /// `p`: live updates paused (to read or copy).
    var paused = false

    /// A store page on its Details tab.
    init(name: StoreName) {
        self.name = name
        exportForm = ExportForm(store: name)
    }
}

/// The store browser: studies → series → instances.
struct InstanceBrowser: Sendable, Equatable {
    /// How deep the browser is.
    enum Level: Sendable, Equatable {
        case studies
        case series(study: String)
        case instances(study: String, series: String)
    }

    var level: Level = .studies
    var studies = Loadable<[StudySummary]>()
    var series = Loadable<[SeriesSummary]>()
    var instances = Loadable<[Instance]>()
    var studyList = ListState()
    var seriesList = ListState()
    var instanceList = ListState()

    /// An empty browser at the studies level.
    init() {}

    /// The list of the current level.
    var currentList: ListState {
        get {
            switch level {
            case .studies: studyList
            case .series: seriesList
            case .instances: instanceList
            }
        }
        set {
            switch level {
            case .studies: studyList = newValue
            case .series: seriesList = newValue
            case .instances: instanceList = newValue
            }
        }
    }

    /// Rows at the current level, after the filter.
    var rowCount: Int {
        switch level {
        case .studies: studyList.filtered(studies.value ?? [], text: Self.text).count
        case .series: seriesList.filtered(series.value ?? [], text: Self.text).count
        case .instances: instanceList.filtered(instances.value ?? [], text: Self.text).count
        }
    }

    /// The text a filter matches against.
    static func text(_ study: StudySummary) -> String {
        [study.studyInstanceUID, study.patientName ?? "", study.patientID ?? "", study.studyDescription ?? ""].joined(separator: " ")
    }

    static func text(_ series: SeriesSummary) -> String {
        [series.seriesInstanceUID, series.modality ?? "", series.seriesNumber.map(String.init) ?? ""].joined(separator: " ")
    }

    static func text(_ instance: Instance) -> String {
        [instance.sopInstanceUID, instance.instanceNumber.map(String.init) ?? "", instance.sopClassUID].joined(separator: " ")
    }
}
