import DicomStore
import ObjectStorage
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The console's event loop, synchronous on the main actor (it never returns to the executor, so every
/// ncurses call happens on that one thread): poll stdin and the wake pipe, drain keys, apply background
/// results, redraw at most every frame interval (keys redraw at once), and sleep until the next deadline
/// (none when idle, so an idle console writes nothing). Background work runs in `Task.detached` and
/// comes back through the inbox; signals come back through the same wake pipe (see `SignalGuard`).
@MainActor
public final class ConsoleApp {
    private let screen: NCursesScreen
    private let inbox: Inbox
    private let runner: CommandRunner
    private var state: ConsoleState
    /// The frame on screen: mouse events are mapped through the click targets it recorded.
    private var shownFrame = Canvas(width: 0, height: 0)
    private let frameInterval: Duration
    private let spinnerInterval: Duration
    private let pollInterval = Duration.milliseconds(200)
    private let clock = ContinuousClock()

    /// Runs the console until the user quits; returns the exit status.
    public static func run(service: any DicomService, options: ConsoleOptions) -> Int32 {
        let inbox = Inbox()
        let app: ConsoleApp
        do {
            let config = CommandRunner.loadConfig(in: options.dataDirectory)
            let location = try (try? LocationName(project: config?.project ?? options.project, location: config?.location ?? options.location))
                ?? LocationName(project: options.project, location: options.location)
            let screen = try NCursesScreen(options: TerminalOptions(noColor: options.noColor, ascii: options.ascii, mouse: options.mouse), wakeFD: inbox.wakeFD)
            app = ConsoleApp(screen: screen, inbox: inbox, service: service, options: options, config: config, location: location)
        } catch {
            FileHandle.standardError.write(Data("dicom-console: \(error)\n".utf8))
            return 1
        }
        return app.loop()
    }

    private init(screen: NCursesScreen, inbox: Inbox, service: any DicomService, options: ConsoleOptions,
                 config: ConsoleConfig?, location: LocationName) {
        self.screen = screen
        self.inbox = inbox
        runner = CommandRunner(service: service, inbox: inbox, dataDirectory: options.dataDirectory, relocate: options.relocate)
        frameInterval = options.slowLink ? .milliseconds(500) : .milliseconds(33)
        spinnerInterval = options.slowLink ? .milliseconds(500) : .milliseconds(100)
        let mode = options.endpoint.map { "remote \($0)" } ?? (service.storage.remote == nil ? "local" : "local + Cloud Storage")
        var environment = ConsoleEnvironment(dataDirectory: options.dataDirectory.path, mode: mode, readOnly: options.readOnly,
                                             samplesFolder: options.samplesFolder, remote: options.endpoint != nil)
        environment.canRelocate = options.relocate != nil && options.endpoint == nil
        environment.cloudStorage = options.endpoint == nil && service.storage.remote != nil
        environment.defaultStorageProject = (service.storage.remote as? GCSStorage)?.project
        let size = screen.size
        state = ConsoleState(environment: environment, location: location, width: size.width, height: size.height)
        state.serviceAgent = { service.serviceAgent(of: $0) }
        state.setupIfEmpty = config == nil && !options.readOnly
        var commands: [Command] = [.loadDatasets(state.location)]
        if let config, let datasetID = config.dataset, let storeID = config.store,
           let store = try? StoreName(DatasetName(location, id: datasetID), id: storeID) {
            commands += state.openStore(store, tab: .details)
        }
        commands.forEach(runner.run)
    }

    private func loop() -> Int32 {
        var dirty = true
        var keyInput = true
        var lastFrame = clock.now - .seconds(1)
        var nextSpinner = clock.now
        var nextPoll = clock.now
        while !state.quitRequested {
            for _ in 0..<SignalGuard.takeInterrupts() {
                dispatch(state.handle(.interrupt))
                keyInput = true
                dirty = true
            }
            if SignalGuard.terminationSignal != nil { break }
            let resumed = SignalGuard.takeSuspend()
            if resumed { screen.suspend() }
            if SignalGuard.takeResized() || resumed {
                let size = screen.updateSize()
                state.resize(width: size.width, height: size.height)
                keyInput = true
                dirty = true
            }
            let (events, inFlight) = inbox.drain()
            if inFlight != state.inFlight {
                state.inFlight = inFlight
                dirty = true
            }
            for event in events {
                dispatch(state.apply(event))
                dirty = true
            }
            let now = clock.now
            state.now = Date()
            if state.isBusy, now >= nextSpinner {
                state.tick += 1
                nextSpinner = now + spinnerInterval
                dirty = true
            }
            let polling = state.hasRunningOperations && state.storePage?.paused != true
            if polling, now >= nextPoll {
                pollRunningOperations()
                nextPoll = now + pollInterval
            }
            if let expires = state.flash?.expires, state.now >= expires {
                state.flash = nil
                dirty = true
            }
            if dirty, keyInput || now - lastFrame >= frameInterval {
                shownFrame = ConsoleView.render(state, glyphs: screen.glyphs)
                screen.present(shownFrame)
                lastFrame = now
                dirty = false
                keyInput = false
            }
            if state.quitRequested { break }
            var deadlines: [ContinuousClock.Instant] = []
            if state.isBusy { deadlines.append(nextSpinner) }
            if polling { deadlines.append(nextPoll) }
            if dirty { deadlines.append(lastFrame + frameInterval) }
            if let expires = state.flash?.expires { deadlines.append(now + .seconds(max(0, expires.timeIntervalSince(state.now)))) }
            wait(until: deadlines.min())
            while let key = screen.readKey() {
                if key == .resize {
                    let size = screen.size
                    state.resize(width: size.width, height: size.height)
                }
                if case .mouse(let event) = key {
                    dispatch(state.handle(event, on: shownFrame))
                } else {
                    dispatch(state.handle(key))
                }
                keyInput = true
                dirty = true
            }
            if state.repaintRequested {
                state.repaintRequested = false
                screen.repaintAll()
            }
        }
        return finish()
    }

    /// Sleeps in `poll()` until a key, a background result, a signal or the deadline.
    private func wait(until deadline: ContinuousClock.Instant?) {
        var timeout: Int32 = -1
        if let deadline {
            let left = deadline - clock.now
            let milliseconds = left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000
            timeout = Int32(clamping: max(0, milliseconds + 1))
        }
        var fds = [pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0),
                   pollfd(fd: inbox.readFD, events: Int16(POLLIN), revents: 0)]
        _ = poll(&fds, nfds_t(fds.count), timeout)  // EINTR (a signal) just wakes the loop
    }

    /// Refreshes the operations of every dataset where one is running (at most one request each in flight).
    private func pollRunningOperations() {
        for (dataset, loadable) in state.operations where loadable.value?.contains(where: { !$0.done }) == true {
            runner.run(.loadOperations(dataset))
        }
    }

    private func dispatch(_ commands: [Command]) {
        commands.forEach(runner.run)
    }

    /// Leaves curses mode and says what keeps running.
    private func finish() -> Int32 {
        runner.cancelAll()
        screen.shutdown()
        let running = state.operations.values.reduce(0) { $0 + ($1.value?.filter { !$0.done }.count ?? 0) }
        if running > 0 {
            print("\(running) operation\(running == 1 ? "" : "s") still running in the background; follow with `dicom-console operations list --dataset=DATASET` or reopen the console.")
        }
        return SignalGuard.terminationSignal.map { 128 + $0 } ?? 0
    }
}
