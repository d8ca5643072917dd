import DicomStore
import Foundation
import ObjectStorage

/// Where the console is: a stack of pages, the root first.
enum Route: Sendable, Equatable {
    case setup
    case datasets
    case stores(DatasetName)
    case store(StoreName)
}

/// A value that loads in the background: the last value stays shown while it reloads.
struct Loadable<Value: Sendable & Equatable>: Sendable, Equatable {
    var value: Value?
    var loading = false
    var error: String?

    /// Nothing loaded yet.
    init(value: Value? = nil) { self.value = value }
}

/// The message line above the footer: info for 2 s, errors for 4 s, sticky ones until Esc.
struct Flash: Sendable, Equatable {
    enum Level: Sendable, Equatable { case info, error, sticky }
    var text: String
    var level: Level
    var expires: Date?
}

/// Facts about this run that the state shows but never changes.
struct ConsoleEnvironment: Sendable, Equatable {
    /// The data directory, shown by the setup.
    var dataDirectory: String
    /// `local`, or `local + gcs <endpoint>`: shown in the header.
    var mode: String
    /// `--read-only`: no dangerous action anywhere.
    var readOnly: Bool
    /// The bundled sample study, when found.
    var samplesFolder: String?
    /// Times are shown in this zone (tests use UTC).
    var timeZone: TimeZone
    /// Attached to a server (`--endpoint`): its buckets are the server's, not this machine's folders.
    var remote: Bool
    /// The setup may move the data to another directory (the embedded service, opened by the executable).
    var canRelocate = false
    /// Cloud Storage is configured on this machine (`STORAGE_EMULATOR_HOST` or Google credentials): the
    /// setup can put its bucket there.
    var cloudStorage = false
    /// The Cloud Storage project buckets are listed in by default (`GOOGLE_CLOUD_PROJECT`, the key's), if known.
    var defaultStorageProject: String?

    /// An environment.
    init(dataDirectory: String, mode: String = "local", readOnly: Bool = false, samplesFolder: String? = nil,
                timeZone: TimeZone = .current, remote: Bool = false) {
        self.remote = remote
        self.dataDirectory = dataDirectory
        self.mode = mode
        self.readOnly = readOnly
        self.samplesFolder = samplesFolder
        self.timeZone = timeZone
    }
}

/// The whole UI state: a value owned by the UI loop, changed only by keys (`handle`) and background
/// results (`apply`), both of which return the work to start.
struct ConsoleState: Sendable {
    var environment: ConsoleEnvironment
    let keys: KeyTable
    var location: LocationName
    var routes: [Route]
    var overlay: Overlay?
    var flash: Flash?
    /// Terminal size.
    var width: Int
    var height: Int
    /// Spinner frame.
    var tick = 0
    /// Background commands running (the header spinner).
    var inFlight = 0
    /// Set when the loop should end.
    var quitRequested = false
    /// Ctrl-C presses since the last other key.
    var interrupts = 0
    /// Show the setup if the location turns out to have no datasets (no `console.json` yet).
    var setupIfEmpty = false
    /// The clock the renderer uses for durations (the loop sets it each frame).
    var now = Date()

    var datasets = Loadable<[Dataset]>()
    var datasetList = ListState()
    var stores: [DatasetName: Loadable<[DicomStore]>] = [:]
    var storeList = ListState()
    var operations: [DatasetName: Loadable<[DicomOperation]>] = [:]
    var buckets = Loadable<[BucketInfo]>()
    /// The Cloud Storage project whose buckets the Import and Export tabs list (nil: the default one).
    var storageProject: String?
    /// Folder chooser listings asked for so far (each gets the next number as its generation).
    var folderListings = 0
    var storePage: StorePage?
    var setup: SetupForm?
    /// The list whose filter is being typed (after `/`).
    var editingFilter = false
    /// The reason Cloud Storage buckets could not be listed was shown (once is enough).
    var remoteProblemShown = false
    /// Ctrl-L: the loop repaints the whole terminal.
    var repaintRequested = false
    /// The equivalent CLI command and REST call of the last submitted operation.
    var commandLog: [String] = []
    /// The IAM member of a project's DICOM stores (the service's `serviceAgent(of:)`).
    var serviceAgent: @Sendable (String) -> String = {
        ServiceAgent.member(projectNumber: ServiceAgent.localProjectNumber(for: $0))
    }

    /// A state at the datasets page of a location.
    init(environment: ConsoleEnvironment, location: LocationName, width: Int = 80, height: Int = 24) {
        self.environment = environment
        keys = KeyTable(readOnly: environment.readOnly)
        self.location = location
        routes = [.datasets]
        self.width = width
        self.height = height
    }

    /// The page on top.
    var route: Route { routes.last ?? .datasets }

    /// True when the terminal is below the 80x24 the layout needs.
    var tooSmall: Bool { width < 80 || height < 24 }

    /// Rows between the header and the flash line.
    var bodyHeight: Int { max(0, height - 3) }

    /// The dataset the current page is in.
    var currentDataset: DatasetName? {
        switch route {
        case .stores(let dataset): dataset
        case .store(let store): store.dataset
        default: nil
        }
    }

    /// True when a known operation is still running.
    var hasRunningOperations: Bool {
        operations.values.contains { $0.value?.contains { !$0.done } ?? false }
    }

    /// True while anything runs: the header shows a spinner.
    var isBusy: Bool { inFlight > 0 || hasRunningOperations }

    /// The contexts keys are looked up in, most specific first.
    var contexts: [KeyContext] {
        if let overlay {
            switch overlay {
            case .confirm, .access: return [.dialog]
            case .text, .help: return [.viewer]
            case .prompt, .jump: return [.dialog]
            case .menu: return [.menu]
            case .folders: return [.picker]
            }
        }
        switch route {
        case .setup: return [.form, .global]
        case .datasets: return [.datasets, .list, .global]
        case .stores: return [.stores, .list, .global]
        case .store:
            switch storePage?.tab ?? .details {
            case .details: return [.details, .list, .store, .global]
            case .operations: return [.operations, .list, .store, .global]
            case .importData:
                return storePage?.importForm.focus == .browser ? [.browser, .list, .form, .store, .global] : [.form, .store, .global]
            case .exportData: return [.form, .store, .global]
            }
        }
    }

    /// Shows a message on the flash line.
    mutating func flash(_ text: String, _ level: Flash.Level = .info) {
        let seconds: Double? = switch level {
        case .info: 2
        case .error: 4
        case .sticky: nil
        }
        flash = Flash(text: text, level: level, expires: seconds.map { now.addingTimeInterval($0) })
    }
}
