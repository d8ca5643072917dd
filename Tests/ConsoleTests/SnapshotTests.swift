import Foundation
import Testing
@testable import Console
@testable import DicomStore
import ObjectStorage

/// Every page rendered into the canvas at 80x24 and a larger size, with Unicode and ASCII glyphs,
/// compared with the files in `Tests/ConsoleSnapshots/` (re-record with RECORD_SNAPSHOTS=1).
@Suite struct SnapshotTests {
    @Test func datasets() {
        let state = Fixtures.state()
        Snapshot.assert(state, named: "datasets-80x24")
        Snapshot.assert(state, glyphs: .ascii, named: "datasets-80x24-ascii")
        Snapshot.assert(Fixtures.state(width: 120, height: 40), named: "datasets-120x40")
    }

    @Test func storesOfADataset() {
        var state = Fixtures.state()
        _ = state.openDataset(Fixtures.dataset)
        _ = state.apply(.stores(Fixtures.dataset, .success(Fixtures.stores)))
        state.inFlight = 0
        Snapshot.assert(state, named: "stores-80x24")
    }

    @Test func storeDetailsWithWideCharacters() {
        Snapshot.assert(Fixtures.storeState(tab: .details), named: "details-80x24")
        Snapshot.assert(Fixtures.storeState(tab: .details, width: 120, height: 40), glyphs: .ascii, named: "details-120x40-ascii")
    }

    @Test func storesAtLargeSizeAndInASCII() {
        var state = Fixtures.state(width: 120, height: 40)
        _ = state.openDataset(Fixtures.dataset)
        _ = state.apply(.stores(Fixtures.dataset, .success(Fixtures.stores)))
        state.inFlight = 0
        Snapshot.assert(state, named: "stores-120x40")
        Snapshot.assert(state, glyphs: .ascii, named: "stores-120x40-ascii")
    }

    @Test func browserSeriesInstancesAndAttributes() {
        var state = Fixtures.storeState(tab: .details)
        state.press(.down, .enter)  // the second study
        _ = state.apply(.series(Fixtures.store, study: "1.2.3.5", .success([
            SeriesSummary(studyInstanceUID: "1.2.3.5", seriesInstanceUID: "1.2.3.5.1", modality: "CT", seriesNumber: 1,
                          instanceCount: 234, totalBytes: 8_500_000)])))
        state.inFlight = 0
        Snapshot.assert(state, named: "browser-series-80x24")
        state.press(.enter)
        let instances = [1, 2, 3].map { (number: Int) -> Instance in
            Instance(studyInstanceUID: "1.2.3.5", seriesInstanceUID: "1.2.3.5.1", sopInstanceUID: "1.2.3.5.1.\(number)",
                     sopClassUID: "1.2.840.10008.5.1.4.1.1.2", modality: "CT", patientID: "P-002", patientName: "山田^太郎",
                     studyDate: "20260102", studyDescription: "CT head", seriesNumber: 1, instanceNumber: number,
                     transferSyntaxUID: "1.2.840.10008.1.2.1", numberOfFrames: 1, size: 36_000, storageClass: .standard,
                     contentHash: String(repeating: "a", count: 64), createTime: Fixtures.t0, updateTime: Fixtures.t0)
        }
        _ = state.apply(.instances(Fixtures.store, study: "1.2.3.5", series: "1.2.3.5.1", .success(instances)))
        state.inFlight = 0
        Snapshot.assert(state, named: "browser-instances-80x24")
        Snapshot.assert(state, glyphs: .ascii, named: "browser-instances-80x24-ascii")
        state.press(.enter)
        _ = state.apply(.attributes(Fixtures.store, sopInstanceUID: "1.2.3.5.1.1", .success("""
            (0008,0016) UI =CTImageStorage                          #  26, 1 SOPClassUID
            (0008,0018) UI [1.2.3.5.1.1]                            #  12, 1 SOPInstanceUID
            (0010,0010) PN [山田^太郎]                               #  12, 1 PatientName
            (0028,0010) US 512                                      #   2, 1 Rows
            """)))
        state.inFlight = 0
        Snapshot.assert(state, named: "browser-attributes-80x24")
    }

    @Test func operationDetailsAndLog() {
        var state = Fixtures.storeState(tab: .operations)
        state.press(.down, .enter)
        let name = state.visibleOperations[1].name
        _ = state.apply(.operationDetails(name, .success("""
            {
              "name": "\(name)",
              "metadata": {"apiMethodName": "google.cloud.healthcare.v1.dicom.DicomService.ImportDicomData",
                           "counter": {"success": "6", "failure": "2"}},
              "done": true,
              "error": {"code": 3, "message": "2 of 8 objects could not be imported"}
            }
            """)))
        state.inFlight = 0
        Snapshot.assert(state, named: "operation-details-80x24")
        state.press(.escape, .char("l"))
        _ = state.apply(.logs(name, .success([
            OperationLogEntry(time: Fixtures.t0, resource: "gs://scans/study/a/junk1.dcm", code: .invalidArgument,
                              message: "not a valid DICOM file: no DICM prefix and no recognisable data set at offset 0"),
            OperationLogEntry(time: Fixtures.t0, resource: "gs://scans/study/b/junk2.dcm", code: .invalidArgument,
                              message: "not a valid DICOM file: element (ABAB,ABAB) length 2880154539 runs past the end at offset 4")])))
        state.inFlight = 0
        Snapshot.assert(state, named: "operation-log-80x24")
    }

    @Test func operations() {
        var state = Fixtures.storeState(tab: .operations)
        state.tick = 3
        Snapshot.assert(state, named: "operations-80x24")
        Snapshot.assert(state, glyphs: .ascii, named: "operations-80x24-ascii")
        var wide = Fixtures.storeState(tab: .operations, width: 120, height: 40)
        wide.tick = 3
        Snapshot.assert(wide, named: "operations-120x40")
    }

    @Test func operationStatusesAreGlyphWordAndColour() {
        let state = Fixtures.storeState(tab: .operations)
        let canvas = ConsoleView.render(state, glyphs: .unicode)
        let lines = TextRenderer.lines(canvas)
        let mask = TextRenderer.styleMask(canvas).split(separator: "\n").map(Array.init)
        func style(of text: String) -> Character? {
            for (y, line) in lines.enumerated() {
                guard let range = line.range(of: text) else { continue }
                return mask[y][line.distance(from: line.startIndex, to: range.lowerBound)]
            }
            return nil
        }
        #expect(style(of: "✓ DONE") == "G", "bold green")
        #expect(style(of: "✗ FAILED") == "R", "bold red")
        #expect(style(of: "RUNNING 1,234/5,000") == "*", "the selected row is reversed")
        #expect(style(of: "6 ok 2 failed") == "R")
        var selected = state
        selected.storePage?.operationList.selected = 1
        let other = TextRenderer.styleMask(ConsoleView.render(selected, glyphs: .unicode)).split(separator: "\n").map(Array.init)
        let failedLine = lines.firstIndex { $0.contains("✗ FAILED") }!
        let column = lines[failedLine].distance(from: lines[failedLine].startIndex, to: lines[failedLine].range(of: "✗")!.lowerBound)
        #expect(other[failedLine][column] == "*", "selected: reversed (the glyph and word still say FAILED)")
    }

    @Test func importTab() {
        var state = Fixtures.storeState(tab: .importData)
        state.press(.enter)
        let page = ObjectPage(objects: [ObjectInfo(bucket: "scans", name: "readme.txt", size: 7)], prefixes: ["study/", "其他/"])
        _ = state.apply(.folder(bucket: "scans", prefix: "", generation: 1, appending: false, for: .importSource, .success(page)))
        _ = state.apply(.preview(generation: 1, .success(PreviewResult(count: 1_502, bytes: 50_300_000,
                                                                         firstNames: ["readme.txt", "study/a.dcm", "study/b.dcm"], truncated: false))))
        state.inFlight = 0
        Snapshot.assert(state, named: "import-browse-80x24")
        state.press(.tab, .enter, .ctrl("u"))
        state.type("gs://scans/study/***")
        Snapshot.assert(state, named: "import-override-error-80x24")
        Snapshot.assert(state, glyphs: .ascii, named: "import-override-error-80x24-ascii")
    }

    @Test func exportTab() {
        var state = Fixtures.storeState(tab: .exportData)
        state.press(.tab)
        Snapshot.assert(state, named: "export-80x24")
    }

    @Test func setup() {
        var state = Fixtures.state()
        state.openSetup(asRoot: true)
        Snapshot.assert(state, named: "setup-80x24")
        state.press(.tab, .tab)
        state.type("bad id")
        Snapshot.assert(state, glyphs: .ascii, named: "setup-invalid-80x24-ascii")
        var running = Fixtures.state(width: 100, height: 30)
        running.openSetup(asRoot: true)
        running.setup?.running = true
        running.setup?.steps = [SetupStep(title: "Create dataset dicom", outcome: .done("created")),
                                SetupStep(title: "Create bucket gs://dicom-bucket", outcome: .failed("bucket exists elsewhere")),
                                SetupStep(title: "Grant roles/storage.objectViewer", outcome: nil)]
        Snapshot.assert(running, named: "setup-steps-100x30")
    }

    @Test func overlays() {
        var state = Fixtures.state()
        state.press(.char("d"))
        Snapshot.assert(state, named: "confirm-delete-80x24")
        state.press(.escape, .char("?"))
        Snapshot.assert(state, named: "help-datasets-80x24")
        var access = Fixtures.storeState(tab: .importData)
        _ = access.apply(.accessMissing(AccessProblem(
            bucket: "scans", member: "serviceAccount:service-123@gcp-sa-healthcare.iam.gserviceaccount.com",
            role: "roles/storage.objectViewer",
            explanation: "The store's service agent lacks storage.objects.get, storage.objects.list on gs://scans.",
            grantCommand: "dicom-console storage buckets add-iam-policy-binding gs://scans --member=serviceAccount:service-123@gcp-sa-healthcare.iam.gserviceaccount.com --role=roles/storage.objectViewer",
            canGrant: true, then: .loadBuckets(project: nil))))
        Snapshot.assert(access, named: "access-dialog-80x24")
        var chooser = Fixtures.storeState(tab: .exportData)
        chooser.press(.up, .enter)
        _ = chooser.apply(.folder(bucket: "scans", prefix: "exports/ct-archive/", generation: 1, appending: false, for: .exportDestination,
                                  .success(ObjectPage(objects: [], prefixes: ["exports/ct-archive/2026-11/", "exports/ct-archive/2026-12/"]))))
        chooser.press(.down)
        Snapshot.assert(chooser, named: "export-folder-chooser-80x24")
        var menu = Fixtures.storeState(tab: .details)
        menu.press(.char("a"), .down)
        Snapshot.assert(menu, named: "actions-menu-80x24")
        var location = Fixtures.state()
        location.press(.char("p"))
        Snapshot.assert(location, named: "project-location-80x24")
    }

    @Test func tooSmall() {
        Snapshot.assert(Fixtures.state(width: 60, height: 20), named: "too-small-60x20")
    }
}

/// Times the remote API does not give (datasets and stores over `--endpoint`) show as unknown.
@Suite("Unknown times")
struct UnknownTimeTests {
    @Test func epochZeroIsUnknown() {
        #expect(PageChrome.time(Date(timeIntervalSince1970: 0), Fixtures.environment) == "-")
        #expect(PageChrome.time(Fixtures.t0, Fixtures.environment) == "2026-09-21 14:13")
    }
}
