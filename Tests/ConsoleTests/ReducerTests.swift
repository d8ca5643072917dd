import Testing
@testable import Console
@testable import DicomStore
import ObjectStorage

extension ConsoleState {
    /// Presses keys in order; the commands they started.
    @discardableResult
    mutating func press(_ keys: Key...) -> [Command] {
        keys.flatMap { handle($0) }
    }

    /// Types text key by key.
    @discardableResult
    mutating func type(_ text: String) -> [Command] {
        text.flatMap { handle(.char($0)) }
    }
}

@Suite struct NavigationTests {
    @Test func datasetsToStoresToStoreAndBack() {
        var state = Fixtures.state()
        #expect(state.press(.enter) == [.loadStores(Fixtures.dataset), .loadOperations(Fixtures.dataset)])
        #expect(state.route == .stores(Fixtures.dataset))
        _ = state.apply(.stores(Fixtures.dataset, .success(Fixtures.stores)))
        let opened = state.press(.enter)
        #expect(state.route == .store(Fixtures.store))
        #expect(opened.contains(.loadStudies(Fixtures.store)))
        #expect(state.storePage?.tab == .details)
        state.press(.char("4"))
        #expect(state.storePage?.tab == .operations)
        state.press(.escape)
        #expect(state.route == .stores(Fixtures.dataset))
        state.press(.char("q"))
        #expect(state.route == .datasets)
        state.press(.escape)
        #expect(!state.quitRequested, "Esc at the root does nothing")
        state.press(.char("q"))
        #expect(state.quitRequested)
    }

    @Test func browserDrillsDownAndBackUp() {
        var state = Fixtures.storeState(tab: .details)
        #expect(state.press(.char("j")).isEmpty)
        #expect(state.press(.enter) == [.loadSeries(Fixtures.store, study: "1.2.3.5")])
        #expect(state.storePage?.browser.level == .series(study: "1.2.3.5"))
        state.press(.backspace)
        #expect(state.storePage?.browser.level == .studies)
        state.press(.enter)
        state.press(.escape)  // Esc goes up a level before leaving the page
        #expect(state.route == .store(Fixtures.store))
        #expect(state.storePage?.browser.level == .studies)
    }

    @Test func filterNarrowsAndEscClears() {
        var state = Fixtures.state()
        state.press(.char("/"))
        state.type("res")
        #expect(state.visibleDatasets.map(\.name.id) == ["research"])
        state.press(.enter)
        #expect(!state.editingFilter)
        #expect(state.selectedDataset?.id == "research")
        state.press(.escape)
        #expect(state.visibleDatasets.count == 2)
    }

    @Test func jumpCommands() {
        var state = Fixtures.state()
        state.press(.char(":"))
        state.type("ops")
        state.press(.enter)
        #expect(state.flash?.level == .error)
        state = Fixtures.storeState(tab: .details)
        state.press(.char(":"))
        state.type("ops")
        #expect(state.press(.enter) == [.loadOperations(Fixtures.dataset)])
        #expect(state.storePage?.tab == .operations)
        state.press(.char(":"))
        state.type("setup")
        state.press(.enter)
        #expect(state.route == .setup)
        state.press(.escape)
        #expect(state.route == .store(Fixtures.store))
        state.press(.char(":"))
        state.type("sto")  // a unique prefix
        state.press(.enter)
        #expect(state.route == .stores(Fixtures.dataset))
        state.press(.char(":"))
        state.type("op")
        state.press(.enter)
        #expect(state.route == .store(Fixtures.store) && state.storePage?.tab == .operations, "the last store reopens")
    }

    @Test func quitAsksWhileOperationsRunAndSecondCtrlCExits() {
        var state = Fixtures.storeState(tab: .operations)
        state.routes = [.datasets]
        state.press(.char("q"))
        guard case .confirm(let confirmation)? = state.overlay else { Issue.record("no confirmation"); return }
        #expect(confirmation.purpose == .quit)
        #expect(confirmation.focused == 0, "Cancel is focused")
        state.press(.enter)
        #expect(!state.quitRequested && state.overlay == nil)
        state.press(.interrupt)
        #expect(!state.quitRequested)
        state.press(.interrupt)
        #expect(state.quitRequested)
    }

    @Test func resizeKeepsTheSelectionVisible() {
        var state = Fixtures.storeState(tab: .operations, width: 100, height: 40)
        state.press(.end)
        state.resize(width: 80, height: 24)
        let list = state.storePage!.operationList
        #expect(list.selected >= list.top && list.selected < list.top + state.tabListHeight)
        #expect(!state.tooSmall)
        state.resize(width: 79, height: 24)
        #expect(state.tooSmall)
    }
}

@Suite struct DialogTests {
    @Test func deleteConfirmationFocusesCancel() {
        var state = Fixtures.state()
        state.press(.char("d"))
        guard case .confirm(let confirmation)? = state.overlay else { Issue.record("no confirmation"); return }
        #expect(confirmation.focused == 0)
        #expect(state.press(.enter).isEmpty, "Enter on Cancel does nothing")
        #expect(state.overlay == nil)
        state.press(.char("d"))
        #expect(state.press(.right, .enter) == [.deleteDataset(Fixtures.dataset, force: false)])
    }

    @Test func datasetWithStoresNeedsTypeToConfirm() {
        var state = Fixtures.state()
        _ = state.apply(.datasetDeleted(Fixtures.dataset, ServiceError(.failedPrecondition, "dataset x still has DICOM stores (a)")))
        guard case .confirm(let confirmation)? = state.overlay else { Issue.record("no confirmation"); return }
        #expect(confirmation.typeToConfirm == "hospital")
        #expect(state.press(.right, .enter).isEmpty)
        #expect(state.flash?.level == .error)
        state.type("hospital")
        #expect(state.press(.enter) == [.deleteDataset(Fixtures.dataset, force: true)])
    }

    @Test func createPromptValidatesAsYouType() {
        var state = Fixtures.state()
        state.press(.char("n"))
        state.type("new set")
        guard case .prompt(let prompt)? = state.overlay else { Issue.record("no prompt"); return }
        #expect(prompt.error?.contains("character 4") == true)
        #expect(state.press(.enter).isEmpty)
        state.press(.backspace, .backspace, .backspace, .backspace)
        state.type("_set")
        #expect(state.press(.enter) == [.createDataset(try! DatasetName(Fixtures.location, id: "new_set"))])
        #expect(state.overlay == nil)
    }

    @Test func missingRoleOffersToGrant() {
        var state = Fixtures.storeState(tab: .importData)
        let then = Command.startImport(Fixtures.store, uri: "gs://scans/**", storageClass: nil)
        let problem = AccessProblem(bucket: "scans", member: "serviceAccount:agent", role: "roles/storage.objectViewer",
                                    explanation: "lacks", grantCommand: "dicom-console storage buckets add-iam-policy-binding …",
                                    canGrant: true, then: then)
        _ = state.apply(.accessMissing(problem))
        #expect(state.press(.enter).isEmpty, "Cancel is focused")
        _ = state.apply(.accessMissing(problem))
        #expect(state.press(.right, .enter) == [.grant(bucket: "scans", member: "serviceAccount:agent",
                                                       roles: ["roles/storage.objectViewer"], then: then)])
    }

    @Test func textViewScrollsWithinItsLines() {
        var state = Fixtures.storeState(tab: .operations)
        _ = state.press(.char("l"))
        _ = state.apply(.logs(OperationName(Fixtures.dataset, id: "1"), .success((0..<50).map {
            OperationLogEntry(time: Fixtures.t0, resource: "gs://b/\($0).dcm", code: .invalidArgument, message: "not DICOM")
        })))
        state.press(.end)
        guard case .text(let view)? = state.overlay else { Issue.record("no text view"); return }
        #expect(view.list.top == view.displayLines(width: state.textViewWidth).count - state.textViewHeight)
        state.press(.char("g"))
        guard case .text(let top)? = state.overlay else { return }
        #expect(top.list.top == 0)
        state.press(.escape)
        #expect(state.overlay == nil)
    }
}

@Suite struct ActionsMenuTests {
    /// The Stores page with the fixture stores listed.
    static func storesState(readOnly: Bool = false) -> ConsoleState {
        var state = Fixtures.state(readOnly: readOnly)
        state.press(.enter)
        _ = state.apply(.stores(Fixtures.dataset, .success(Fixtures.stores)))
        return state
    }

    @Test func storeActionsMenuOffersImportExportMetadataAndDelete() {
        var state = Self.storesState()
        #expect(state.press(.char("a")).isEmpty)
        guard case .menu(let menu)? = state.overlay else { Issue.record("no menu"); return }
        #expect(menu.store == Fixtures.store)
        #expect(menu.items.map(\.label) == ["Import", "Export", "Export metadata", "Delete"])
        #expect(menu.items.map(\.key) == [.char("i"), .char("e"), .char("m"), .char("d")])
        // Down, Down, Enter: Export metadata asks for its table.
        state.press(.down, .char("j"))
        #expect(state.press(.enter).isEmpty)
        guard case .prompt(let prompt)? = state.overlay else { Issue.record("no metadata prompt"); return }
        #expect(prompt.purpose == .exportMetadata(Fixtures.store))
    }

    @Test func menuEntriesAreChosenByTheirLetterAndEscCloses() {
        var state = Self.storesState()
        state.press(.char("a"), .escape)
        #expect(state.overlay == nil && state.route == .stores(Fixtures.dataset), "Esc closes the menu only")
        state.press(.char("a"))
        let commands = state.press(.char("e"))
        #expect(state.overlay == nil)
        #expect(state.route == .store(Fixtures.store) && state.storePage?.tab == .exportData)
        #expect(commands.contains(.loadBuckets(project: nil)))
        // On the store page too (outside a form, where a letter types): a, then d asks to type the store's name.
        state = Fixtures.storeState(tab: .details)
        state.press(.char("a"), .char("d"))
        guard case .confirm(let confirmation)? = state.overlay else { Issue.record("no delete confirmation"); return }
        #expect(confirmation.purpose == .deleteStore(Fixtures.store) && confirmation.typeToConfirm == Fixtures.store.id)
    }

    @Test func readOnlyMenuHasNothingThatChangesData() {
        var state = Self.storesState(readOnly: true)
        state.press(.char("a"))
        #expect(state.overlay == nil, "read-only: the menu would list nothing, so none opens")
        #expect(state.keys.binding(.importData, in: [.stores]) == nil)
    }
}

@Suite struct LocationSelectorTests {
    @Test func projectAndLocationAreValidatedAndRemembered() {
        var state = Fixtures.state()
        state.press(.char("p"))
        guard case .prompt(let prompt)? = state.overlay else { Issue.record("no prompt"); return }
        #expect(prompt.field.text == "demo-project/local")
        state.press(.ctrl("u"))
        state.type("Bad Project/us")
        guard case .prompt(let invalid)? = state.overlay else { Issue.record("prompt closed"); return }
        #expect(invalid.error != nil)
        #expect(state.press(.enter).isEmpty, "an invalid location is not taken")
        state.press(.ctrl("u"))
        state.type("radiology-prod/us-central1")
        let commands = state.press(.enter)
        let wanted = try! LocationName(project: "radiology-prod", location: "us-central1")
        #expect(state.location == wanted && state.overlay == nil)
        #expect(commands == [.loadDatasets(wanted), .saveConfig(ConsoleConfig(project: "radiology-prod", location: "us-central1"))])
        #expect(state.datasets.value == nil, "the other location's datasets are not shown under this one")
    }
}

@Suite struct StickyErrorTests {
    @Test func escDismissesAStickyErrorBeforeGoingBack() {
        var state = Fixtures.storeState(tab: .operations)
        state.flash("permission denied on gs://scans", .sticky)
        state.press(.escape)
        #expect(state.flash == nil, "the error's (Esc) hint does what it says")
        #expect(state.route == .store(Fixtures.store), "the same Esc does not leave the page")
        state.press(.escape)
        #expect(state.route == .stores(Fixtures.dataset))
    }
}
