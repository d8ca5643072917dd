import DicomStore
import ObjectStorage

extension ConsoleState {
    /// Applies a key press; returns the background work it starts.
    mutating func handle(_ key: Key) -> [Command] {
        if key == .resize { return [] }
        if case .mouse = key { return [] }  // needs the frame it landed on: see `handle(_:on:)`
        if key != .interrupt { interrupts = 0 }
        if let commands = handleTextInput(key) { return commands }
        if case .menu(let menu)? = overlay, case .char = key, let item = menu.items.first(where: { $0.key == key }) {
            overlay = nil
            return act(item.action, on: menu.store)
        }
        guard let action = keys.action(for: key, in: contexts) else {
            if overlay == .help { overlay = nil }  // any key closes help
            return []
        }
        if action == .back, key == .escape, overlay == nil, flash?.level == .sticky {
            flash = nil  // the error's "(Esc)" hint: Esc dismisses it, and does nothing else
            return []
        }
        if action == .back, key == .escape, overlay == nil, !editingFilter, routes.count == 1, route != .setup,
           currentFilterIsEmpty {
            return []  // Esc at the root does nothing; q quits
        }
        return perform(action)
    }

    /// Performs an action as if its key had been pressed (tests press keys by action name this way).
    mutating func perform(_ action: Action) -> [Command] {
        if action == .quit { return interrupt() }
        if action == .repaint { repaintRequested = true; return [] }
        if overlay != nil { return performInOverlay(action) }
        switch action {
        case .help:
            overlay = .help
            return []
        case .back:
            return back()
        case .jump:
            overlay = .jump(TextField())
            return []
        case .refresh:
            flash("Refreshing...")
            return refresh()
        case .filter:
            editingFilter = true
            return []
        default:
            break
        }
        switch route {
        case .setup: return performInSetup(action)
        case .datasets: return performInDatasets(action)
        case .stores(let dataset): return performInStores(action, dataset: dataset)
        case .store: return performInStore(action)
        }
    }

    /// Ctrl-C: quit (asking first when operations run); a second Ctrl-C always exits.
    mutating func interrupt() -> [Command] {
        interrupts += 1
        if interrupts >= 2 {
            quitRequested = true
            return []
        }
        return requestQuit()
    }

    /// Quits, asking first when operations are running (they go on in their worker processes).
    mutating func requestQuit() -> [Command] {
        let running = operations.values.reduce(0) { $0 + ($1.value?.filter { !$0.done }.count ?? 0) }
        guard running > 0 else {
            quitRequested = true
            return []
        }
        let noun = running == 1 ? "1 operation is" : "\(running) operations are"
        overlay = .confirm(Confirmation(
            title: "Quit?", message: ["\(noun) running. They keep running in the background", "(detached workers); reopen the console to follow them."],
            confirmLabel: "Quit", purpose: .quit))
        return []
    }

    /// Esc/q: clear the filter, else go up a level, else close the page; at the root, quit.
    mutating func back() -> [Command] {
        if !currentFilterIsEmpty {
            setCurrentFilter("")
            return []
        }
        if case .store = route, var page = storePage, page.tab == .details {
            switch page.browser.level {
            case .studies: break
            case .series:
                page.browser.level = .studies
                storePage = page
                return []
            case .instances(let study, _):
                page.browser.level = .series(study: study)
                storePage = page
                return []
            }
        }
        if route == .setup, routes.count == 1 {
            // Skipped: remember it (console.json), so the setup does not come back; :setup reopens it.
            routes = [.datasets]
            setup = nil
            flash("Setup skipped: :setup opens it again")
            return [.loadDatasets(location), .saveConfig(ConsoleConfig(project: location.project, location: location.location))]
        }
        guard routes.count > 1 else { return requestQuit() }
        routes.removeLast()
        if route == .setup { setup = setup ?? newSetupForm() }
        return refresh()
    }

    /// Reloads what the current page shows.
    mutating func refresh() -> [Command] {
        switch route {
        case .setup: return []
        case .datasets: return [.loadDatasets(location)]
        case .stores(let dataset): return [.loadStores(dataset), .loadOperations(dataset)]
        case .store(let store):
            var commands: [Command] = [.loadOperations(store.dataset), .loadStores(store.dataset)]
            switch storePage?.browser.level ?? .studies {
            case .studies: commands.append(.loadStudies(store))
            case .series(let study): commands.append(.loadSeries(store, study: study))
            case .instances(let study, let series): commands.append(.loadInstances(store, study: study, series: series))
            }
            if storePage?.tab == .importData || storePage?.tab == .exportData { commands.append(.loadBuckets(project: storageProject)) }
            return commands
        }
    }
}
