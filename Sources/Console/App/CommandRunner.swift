import DicomStore
import Foundation
import ObjectStorage
import Synchronization

/// Performs the reducer's commands in the background (`Task.detached`, never on the UI thread) against
/// the service, and posts each result to the inbox. Previews and folder listings replace their previous
/// request (which is cancelled); operation refreshes are dropped while one is still in flight.
final class CommandRunner: Sendable {
    /// The service and the data directory (where `console.json` lives): the setup may move both.
    private let current: Mutex<(service: any DicomService, dataDirectory: URL)>
    let inbox: Inbox
    /// Opens the service over another data directory (the setup's choice); nil: not possible here.
    let relocator: (@Sendable (URL) async throws -> any DicomService)?
    private let slots = Mutex<[String: Task<Void, Never>]>([:])
    private let busy = Mutex<Set<String>>([])

    /// A runner over a service.
    init(service: any DicomService, inbox: Inbox, dataDirectory: URL,
         relocate: (@Sendable (URL) async throws -> any DicomService)? = nil) {
        current = Mutex((service, dataDirectory))
        self.inbox = inbox
        relocator = relocate
    }

    /// The service commands run against.
    var service: any DicomService { current.withLock { $0.service } }
    /// Where `console.json` lives.
    var dataDirectory: URL { current.withLock { $0.dataDirectory } }

    /// Moves to the service over another data directory (a folder of other files gets a `dicom-console`
    /// folder inside it): what runs next uses it. Returns the directory used.
    func relocate(to folder: URL) async throws -> URL {
        guard let relocator else { throw ServiceError(.failedPrecondition, "the data directory cannot be changed here") }
        let directory = EmbeddedService.dataDirectory(choosing: folder)
        let service = try await relocator(directory)
        current.withLock { $0 = (service, directory) }
        return directory
    }

    /// Starts a command.
    func run(_ command: Command) {
        switch command {
        case .preview: launch(command, slot: "preview")
        case .listFolder(_, _, _, _, let browser): launch(command, slot: "folder \(browser.rawValue)")
        case .loadBuckets: launch(command, slot: "buckets")
        case .loadOperations(let dataset): launch(command, dropIfBusy: "operations \(dataset)")
        case .loadStudies, .loadSeries, .loadInstances: launch(command, slot: "browser")
        default: launch(command)
        }
    }

    /// Cancels everything still running (on quit).
    func cancelAll() {
        slots.withLock { slots in
            for task in slots.values { task.cancel() }
            slots = [:]
        }
    }

    private func launch(_ command: Command, slot: String? = nil, dropIfBusy key: String? = nil) {
        if let key, !busy.withLock({ $0.insert(key).inserted }) { return }
        inbox.started()
        let task = Task.detached { [self] in
            let event = await perform(command)
            if let key { _ = busy.withLock { $0.remove(key) } }
            if let event, !Task.isCancelled { inbox.post(event, finishing: true) } else { inbox.finished() }
        }
        if let slot {
            slots.withLock { slots in
                slots[slot]?.cancel()
                slots[slot] = task
            }
        }
    }

    /// Runs a body, turning any error into a `ServiceError`.
    func result<T>(_ body: () async throws -> T) async -> Result<T, ServiceError> {
        do { return .success(try await body()) } catch { return .failure(ServiceError(error)) }
    }

    /// Runs a body that returns nothing: nil on success, else the error.
    func failure(_ body: () async throws -> Void) async -> ServiceError? {
        do {
            try await body()
            return nil
        } catch {
            return ServiceError(error)
        }
    }

    /// Writes `console.json`: the marker that setup has run, and where the console was.
    static func save(_ config: ConsoleConfig, in dataDirectory: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try FileManager.default.createDirectory(at: dataDirectory, withIntermediateDirectories: true)
        try encoder.encode(config).write(to: dataDirectory.appendingPathComponent("console.json"), options: .atomic)
    }

    /// Reads `console.json`, if the setup has run.
    static func loadConfig(in dataDirectory: URL) -> ConsoleConfig? {
        guard let data = try? Data(contentsOf: dataDirectory.appendingPathComponent("console.json")) else { return nil }
        return try? JSONDecoder().decode(ConsoleConfig.self, from: data)
    }
}
