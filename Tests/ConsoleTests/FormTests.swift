import Foundation
import Testing
@testable import Console
@testable import DicomStore
import ObjectStorage

@Suite struct ImportFormTests {
    /// The Import tab inside bucket `scans`, folder `study/`, listed.
    func browsing() -> ConsoleState {
        var state = Fixtures.storeState(tab: .importData)
        let opened = state.press(.enter)
        #expect(opened.contains(.listFolder(bucket: "scans", prefix: "", pageToken: nil, generation: 1, for: .importSource)))
        #expect(opened.contains(.preview(uri: "gs://scans/**", generation: 1)))
        let page = ObjectPage(objects: [ObjectInfo(bucket: "scans", name: "readme.txt", size: 7)], prefixes: ["study/"])
        _ = state.apply(.folder(bucket: "scans", prefix: "", generation: 1, appending: false, for: .importSource, .success(page)))
        #expect(state.press(.enter).contains(.preview(uri: "gs://scans/study/**", generation: 2)))
        return state
    }

    @Test func browsingSetsTheSourceAndPreviews() {
        var state = browsing()
        #expect(state.storePage?.importForm.sourceURI == "gs://scans/study/**")
        let page = ObjectPage(objects: [ObjectInfo(bucket: "scans", name: "study/a.dcm", size: 100)], prefixes: [])
        _ = state.apply(.folder(bucket: "scans", prefix: "study/", generation: 2, appending: false, for: .importSource, .success(page)))
        #expect(state.storePage?.importForm.entries.value?.map(\.name) == ["a.dcm"])
        state.press(.enter)
        #expect(state.storePage?.importForm.sourceURI == "gs://scans/study/a.dcm")
        state.press(.backspace, .backspace)
        #expect(state.storePage?.importForm.prefix == "")
    }

    @Test func overrideIsValidatedAsTypedAndPreviewsAreCancelledByGeneration() {
        var state = browsing()
        state.press(.tab, .enter)  // Advanced options: opens with the browsed path
        #expect(state.storePage?.importForm.focus == .override)
        #expect(state.storePage?.importForm.override.text == "gs://scans/study/**")
        state.press(.ctrl("u"))
        let typed = state.type("gs://scans/**/a/*")
        #expect(state.storePage?.importForm.sourceError?.contains("** cannot be combined with other wildcards") == true)
        #expect(!typed.contains { if case .preview(let uri, _) = $0 { uri == "gs://scans/**/a/*" } else { false } })
        state.press(.ctrl("u"))
        let commands = state.type("gs://scans/*/*.dcm")
        guard case .preview(let uri, let generation)? = commands.last else { Issue.record("no preview"); return }
        #expect(uri == "gs://scans/*/*.dcm")
        // An answer for an older generation is ignored; the current one is shown.
        _ = state.apply(.preview(generation: generation - 1, .success(PreviewResult(count: 99, bytes: 1, firstNames: [], truncated: false))))
        #expect(state.storePage?.importForm.preview.value == nil)
        _ = state.apply(.preview(generation: generation, .success(PreviewResult(count: 6, bytes: 202_000, firstNames: ["a"], truncated: false))))
        #expect(state.storePage?.importForm.preview.value?.count == 6)
    }

    @Test func importChecksAccessFirstThenStarts() {
        var state = browsing()
        state.press(.tab, .tab, .right)  // storage class → NEARLINE? (default → STANDARD)
        #expect(state.storePage?.importForm.storageClass == .standard)
        state.press(.tab)
        let commands = state.press(.enter)
        #expect(commands == [.checkAccess(bucket: "scans", need: .read, project: "demo-project",
                                          then: .startImport(Fixtures.store, uri: "gs://scans/study/**", storageClass: .standard))])
        #expect(state.commandLog.first?.contains("dicom-stores import gcs ct-archive") == true)
    }

    @Test func storageProjectIsChosenInAValidatedPromptAndRelistsTheBuckets() {
        var state = Fixtures.storeState(tab: .importData)
        state.press(.backTab)  // from the bucket browser up to the storage project
        #expect(state.storePage?.importForm.focus == .project)
        state.press(.enter)
        #expect(state.overlay == nil && state.flash?.level == .error, "no Cloud Storage configured: nothing to choose, and it says so")
        state.environment.cloudStorage = true
        state.press(.enter)
        guard case .prompt(let prompt)? = state.overlay, prompt.purpose == .storageProject else { Issue.record("no prompt"); return }
        state.type("Bad_Project")
        #expect(state.press(.enter).isEmpty)
        guard case .prompt(let refused)? = state.overlay else { Issue.record("the prompt closed"); return }
        #expect(refused.error?.contains("6 to 30 lowercase letters") == true)
        state.press(.ctrl("u"))
        state.type("imaging-archive-2")
        let commands = state.press(.enter)
        #expect(commands == [.loadBuckets(project: "imaging-archive-2")])
        #expect(state.storageProject == "imaging-archive-2" && state.buckets.loading && state.overlay == nil)
        // A late answer for the project shown before is dropped; this project's answer is shown.
        _ = state.apply(.buckets(.success([BucketInfo(name: "stale", backend: "local", location: "/x")]), remoteProblem: nil, project: nil))
        #expect(state.buckets.loading && state.buckets.value?.map(\.name) != ["stale"])
        _ = state.apply(.buckets(.success([BucketInfo(name: "archive-2", backend: "gcs", location: "https://storage.googleapis.com")]),
                                 remoteProblem: nil, project: "imaging-archive-2"))
        #expect(!state.buckets.loading && state.buckets.value?.map(\.name) == ["archive-2"])
        #expect(state.storePage?.importForm.bucket == nil, "the browser is back at the bucket list")
        // Refresh and the tabs keep listing that project; an empty answer goes back to the default.
        #expect(state.press(.char("r")).contains(.loadBuckets(project: "imaging-archive-2")))
        #expect(state.storePage?.importForm.focus == .project)
        state.press(.enter, .ctrl("u"))
        #expect(state.press(.enter) == [.loadBuckets(project: nil)])
        #expect(state.storageProject == nil)
        for valid in ["abcdef", "example.com:my-project-1", String(repeating: "a", count: 30), "123456789012"] {
            #expect((try? ConsoleState.validateStorageProject(valid)) != nil, "\(valid)")
        }
        for invalid in ["abcde", "1abcdef", "abcdef-", "ABCDEF", String(repeating: "a", count: 31), "proj ect", ":my-project",
                        "exämple.com:my-project", "prøject", String(repeating: "1", count: 21)] {
            #expect((try? ConsoleState.validateStorageProject(invalid)) == nil, "\(invalid)")
        }
    }

    @Test func startedOperationShowsTheOperationsTab() {
        var state = Fixtures.storeState(tab: .importData)
        let operation = Fixtures.operation(id: "1790000400000000004", success: 0, done: false, start: 400)
        #expect(state.apply(.operationStarted(.success(operation))) == [.loadOperations(Fixtures.dataset)])
        #expect(state.storePage?.tab == .operations)
        #expect(state.visibleOperations.first?.name.id == "1790000400000000004")
    }

    @Test func finishedOperationsReloadCountsOnceAndIdenticalRefreshesChangeNothing() {
        var state = Fixtures.storeState(tab: .operations)
        var operations = Fixtures.operations
        #expect(state.apply(.operations(Fixtures.dataset, .success(operations))).isEmpty)
        operations[0] = Fixtures.operation(id: "1790000300000000003", success: 4_990, failure: 10, done: true, start: 300)
        let commands = state.apply(.operations(Fixtures.dataset, .success(operations)))
        #expect(commands == [.loadStores(Fixtures.dataset), .loadStudies(Fixtures.store)])
        #expect(state.flash?.text.contains("failed: 4990 succeeded, 10 failed") == true)
        #expect(!state.hasRunningOperations)
    }
}

@Suite struct ExportFormTests {
    @Test func fileTypeAndSyntaxMakeTheMimeType() {
        var state = Fixtures.storeState(tab: .exportData)
        #expect(state.storePage?.exportForm.destination.text == "gs://scans/exports/ct-archive/")
        state.press(.tab, .right)  // octet-stream
        #expect(state.storePage?.exportForm.fileType == .octetStream)
        state.press(.tab, .right)  // uncompressed
        state.press(.tab, .tab)
        let commands = state.press(.enter)
        #expect(commands == [.checkAccess(bucket: "scans", need: .write, project: "demo-project",
                                          then: .startExport(Fixtures.store, uriPrefix: "gs://scans/exports/ct-archive/",
                                                             mimeType: "application/octet-stream; transfer-syntax=1.2.840.10008.1.2.1",
                                                             filterPath: nil))])
    }

    @Test func bucketChooserCyclesTheListedBucketsAndKeepsTheFolder() {
        var state = Fixtures.storeState(tab: .exportData)
        let names = (state.buckets.value ?? []).map(\.name)
        #expect(names.count >= 2, "the fixture lists several buckets")
        state.press(.up)  // from the destination to the bucket chooser above it
        #expect(state.storePage?.exportForm.focus == .bucket)
        state.press(.right)
        #expect(state.storePage?.exportForm.destination.text == "gs://\(names[1])/exports/ct-archive/")
        state.press(.down)  // back to the folder: type another one, then choose the bucket again
        state.press(.ctrl("u"))
        state.type("gs://\(names[1])/monthly/2026-12/")
        state.press(.up, .left)
        #expect(state.storePage?.exportForm.destination.text == "gs://\(names[0])/monthly/2026-12/")
        state.press(.left)  // wraps around
        #expect(state.storePage?.exportForm.destination.text == "gs://\(names[names.count - 1])/monthly/2026-12/")
    }

    @Test func folderChooserOpensAtTheTypedFolderGoesUpAndDownAndChoosesTheDestination() {
        var state = Fixtures.storeState(tab: .exportData)
        state.press(.up)  // the bucket chooser: Enter browses the destination bucket's folders
        var commands = state.press(.enter)
        #expect(commands == [.listFolder(bucket: "scans", prefix: "exports/ct-archive/", pageToken: nil, generation: 1, for: .exportDestination)])
        guard case .folders(let opened)? = state.overlay else { Issue.record("no folder chooser"); return }
        #expect(opened.shownURI == "gs://scans/exports/ct-archive/" && opened.folders.loading)
        _ = state.apply(.folder(bucket: "scans", prefix: "exports/ct-archive/", generation: 1, appending: false, for: .exportDestination,
                                .success(ObjectPage(objects: [], prefixes: []))))
        // Up to exports/; an answer for the folder left behind is ignored.
        commands = state.press(.backspace)
        #expect(commands == [.listFolder(bucket: "scans", prefix: "exports/", pageToken: nil, generation: 2, for: .exportDestination)])
        _ = state.apply(.folder(bucket: "scans", prefix: "exports/ct-archive/", generation: 1, appending: false, for: .exportDestination,
                                .success(ObjectPage(objects: [], prefixes: ["exports/ct-archive/stale/"]))))
        _ = state.apply(.folder(bucket: "scans", prefix: "exports/", generation: 2, appending: false, for: .exportDestination,
                                .success(ObjectPage(objects: [ObjectInfo(bucket: "scans", name: "exports/readme.txt", size: 3)],
                                                    prefixes: ["exports/ct-archive/", "exports/monthly/"]))))
        guard case .folders(let listed)? = state.overlay else { Issue.record("the chooser closed"); return }
        #expect(listed.folders.value == ["exports/ct-archive/", "exports/monthly/"], "folders only, objects left out")
        #expect(state.storePage?.importForm.entries.value?.map(\.path) != listed.folders.value, "the Import browser is untouched")
        // Into monthly/, then Enter on the first row uses it.
        state.press(.down, .down)
        commands = state.press(.enter)
        #expect(commands == [.listFolder(bucket: "scans", prefix: "exports/monthly/", pageToken: nil, generation: 3, for: .exportDestination)])
        state.press(.enter)
        #expect(state.overlay == nil)
        #expect(state.storePage?.exportForm.destination.text == "gs://scans/exports/monthly/")
        #expect(state.storePage?.exportForm.focus == .destination)
        // Space chooses a listed folder without opening it; Esc leaves the destination alone.
        state.press(.up, .enter)
        _ = state.apply(.folder(bucket: "scans", prefix: "exports/monthly/", generation: 4, appending: false, for: .exportDestination,
                                .success(ObjectPage(objects: [], prefixes: ["exports/monthly/2026-12/"]))))
        state.press(.down, .char(" "))
        #expect(state.storePage?.exportForm.destination.text == "gs://scans/exports/monthly/2026-12/")
        state.press(.up, .enter, .escape)
        #expect(state.overlay == nil && state.storePage?.exportForm.destination.text == "gs://scans/exports/monthly/2026-12/")
        // Reopened on the same folder: an answer meant for the chooser closed before is not taken.
        commands = state.press(.enter)
        guard case .listFolder(_, _, _, let generation, _)? = commands.first else { Issue.record("no listing"); return }
        _ = state.apply(.folder(bucket: "scans", prefix: "exports/monthly/2026-12/", generation: generation - 1, appending: false,
                                for: .exportDestination, .success(ObjectPage(objects: [], prefixes: ["exports/monthly/2026-12/old/"]))))
        guard case .folders(let reopened)? = state.overlay else { Issue.record("no chooser"); return }
        #expect(reopened.folders.loading && reopened.folders.value == nil)
    }

    @Test func destinationWithWildcardsIsRefused() {
        var state = Fixtures.storeState(tab: .exportData)
        state.type("*")
        #expect(state.storePage?.exportForm.destinationError?.contains("without wildcards") == true)
        state.press(.tab, .tab, .tab, .tab)
        #expect(state.press(.enter).isEmpty)
        #expect(state.flash?.level == .error)
    }
}

@Suite struct SetupFormTests {
    @Test func invalidIDsBlockTheSetupAndFocusTheField() {
        var state = Fixtures.state()
        state.openSetup(asRoot: true)
        state.press(.tab, .tab)  // dataset ID
        state.type(" x")
        #expect(state.setup?.error(.dataset)?.contains("is not allowed") == true)
        for _ in 0..<5 { state.press(.tab) }
        #expect(state.setup?.focus == .submit)
        #expect(state.press(.enter).isEmpty)
        #expect(state.setup?.focus == .dataset)
    }

    @Test func validFormRunsThePlanAndFinishesOnTheOperationsTab() {
        var state = Fixtures.state()
        state.openSetup(asRoot: true)
        for _ in 0..<7 { state.press(.tab) }
        let commands = state.press(.enter)
        let plan = SetupPlan(location: Fixtures.location, datasetID: "dicom", storeID: "store1", bucket: "dicom-bucket",
                             existingFolder: nil, samplesFolder: "/opt/samples")
        #expect(commands == [.runSetup(plan)])
        #expect(state.setup?.running == true)
        let store = try! StoreName(DatasetName(Fixtures.location, id: "dicom"), id: "store1")
        let operation = DicomOperation(name: OperationName(store.dataset, id: "1"), kind: .importDicomData, store: store,
                                       requestJSON: "{}", createTime: Fixtures.t0, endTime: nil, counter: .init(),
                                       cancelRequested: false, done: false, error: nil)
        let finished = state.apply(.setupFinished(store: store, operation: operation))
        #expect(finished.contains(.saveConfig(ConsoleConfig(project: "demo-project", location: "local", dataset: "dicom", store: "store1"))))
        #expect(state.route == .store(store))
        #expect(state.storePage?.tab == .operations)
    }

    @Test func dataDirectoryIsAFieldAboveTheProjectAndAChangedOneJoinsThePlan() {
        var state = Fixtures.state()
        state.environment.canRelocate = true
        state.openSetup(asRoot: true)
        #expect(state.setup?.focus == .project && state.setup?.dataDirectory.text == Fixtures.environment.dataDirectory)
        state.press(.backTab)
        #expect(state.setup?.focus == .dataDirectory)
        state.press(.ctrl("u"))
        state.type("relative/folder")
        #expect(state.setup?.error(.dataDirectory) != nil, "only absolute paths")
        state.press(.ctrl("u"))
        state.type("/srv/dicom")
        #expect(state.setup?.error(.dataDirectory) == nil)
        for _ in 0..<8 { state.press(.tab) }
        #expect(state.setup?.focus == .submit)
        guard case .runSetup(let plan)? = state.press(.enter).first else { Issue.record("the setup did not run"); return }
        #expect(plan.dataDirectory == "/srv/dicom")
        // Unchanged, the plan keeps the directory the console has open.
        var same = Fixtures.state()
        same.environment.canRelocate = true
        same.openSetup(asRoot: true)
        for _ in 0..<7 { same.press(.tab) }
        guard case .runSetup(let unchanged)? = same.press(.enter).first else { Issue.record("the setup did not run"); return }
        #expect(unchanged.dataDirectory == nil)
    }

    @Test func withCloudStorageConfiguredTheBucketCanBeACloudStorageBucket() {
        var state = Fixtures.state()
        state.environment.cloudStorage = true
        state.openSetup(asRoot: true)
        for _ in 0..<4 { state.press(.tab) }
        #expect(state.setup?.focus == .bucketMode)
        state.press(.char(" "), .char(" "))  // new folder → existing folder → Cloud Storage
        #expect(state.setup?.bucketSource == .cloudStorage)
        #expect(state.setup?.visibleFields.contains(.folder) == false, "no local folder to name")
        for _ in 0..<3 { state.press(.tab) }
        guard case .runSetup(let plan)? = state.press(.enter).first else { Issue.record("the setup did not run"); return }
        #expect(plan.cloudStorage && plan.existingFolder == nil)
        // Without Cloud Storage configured, Space only toggles between the two local choices.
        var local = Fixtures.state()
        local.openSetup(asRoot: true)
        for _ in 0..<4 { local.press(.tab) }
        local.press(.char(" "), .char(" "))
        #expect(local.setup?.bucketSource == .newFolder)
    }

    @Test func firstRunShowsTheSetupOnlyWhenTheLocationIsEmpty() {
        var state = ConsoleState(environment: Fixtures.environment, location: Fixtures.location)
        state.setupIfEmpty = true
        _ = state.apply(.datasets(Fixtures.location, .success([])))
        #expect(state.route == .setup)
        var existing = ConsoleState(environment: Fixtures.environment, location: Fixtures.location)
        existing.setupIfEmpty = true
        _ = existing.apply(.datasets(Fixtures.location, .success(Fixtures.datasets)))
        #expect(existing.route == .datasets)
    }
}
