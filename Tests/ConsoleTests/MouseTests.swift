import CNCurses
import Testing
@testable import Console
@testable import DicomStore
import ObjectStorage

extension ConsoleState {
    /// Renders the frame the user sees and clicks the first cell of `text` on it (fails the test when
    /// the text is not on screen).
    @discardableResult
    mutating func click(_ text: String, row: Int? = nil) -> [Command] {
        let frame = ConsoleView.render(self, glyphs: .unicode)
        guard let cell = MouseTests.cell(of: text, in: frame, row: row) else {
            Issue.record("\"\(text)\" is not on the screen:\n\(TextRenderer.text(frame))")
            return []
        }
        return handle(MouseEvent(.press, x: cell.x, y: cell.y), on: frame)
    }
}

@Suite struct MouseTests {
    /// The cell where `text` starts on a frame (columns count cells, so wide characters count twice).
    static func cell(of text: String, in frame: Canvas, row: Int? = nil) -> (x: Int, y: Int)? {
        for y in row.map({ [$0] }) ?? Array(0..<frame.height) {
            let cells = (0..<frame.width).filter { !frame[$0, y].isContinuation }
            let line = cells.map { frame[$0, y].char }
            let needle = Array(text)
            guard needle.count <= line.count else { continue }
            for index in 0...(line.count - needle.count) where Array(line[index..<index + needle.count]) == needle {
                return (cells[index], y)
            }
        }
        return nil
    }

    @Test func aClickOnATabShowsIt() {
        var state = Fixtures.storeState(tab: .details)
        state.click("3 Export")
        #expect(state.storePage?.tab == .exportData)
        let commands = state.click("4 Operations")
        #expect(state.storePage?.tab == .operations)
        #expect(commands == [.loadOperations(Fixtures.dataset)])
        state.click("1 Details")
        #expect(state.storePage?.tab == .details)
    }

    @Test func aClickSelectsARowAndASecondClickOpensIt() {
        var state = Fixtures.state()
        #expect(state.click("research").isEmpty)
        #expect(state.datasetList.selected == 1)
        #expect(state.route == .datasets)
        let research = try! DatasetName(Fixtures.location, id: "research")
        #expect(state.click("research") == [.loadStores(research), .loadOperations(research)])
        #expect(state.route == .stores(research))
    }

    @Test func operationRowsAreClickable() {
        var state = Fixtures.storeState(tab: .operations)
        state.click("…00000001")  // the third operation, an export (IDs are cut at 80 columns)
        #expect(state.storePage?.operationList.selected == 2)
        #expect(state.click("…00000001") == [.loadOperationDetails(Fixtures.operations[2].name)])
        #expect(state.overlay != nil)
    }

    @Test func theStoreBrowserRowsAreClickable() {
        var state = Fixtures.storeState(tab: .details)
        state.click("山田^太郎")
        #expect(state.storePage?.browser.studyList.selected == 1)
        #expect(state.click("山田^太郎") == [.loadSeries(Fixtures.store, study: "1.2.3.5")])
    }

    @Test func aClickOnAFooterHintPressesItsKey() {
        var state = Fixtures.storeState(tab: .operations)
        state.click("help", row: state.height - 1)
        #expect(state.overlay == .help)
        state.click("Keys")  // anywhere: the help overlay closes as with any key
        #expect(state.overlay == nil)
        state.click("pause updates", row: state.height - 1)
        #expect(state.storePage?.paused == true)
    }

    @Test func clicksBelowADialogDoNothing() {
        var state = Fixtures.state()
        state.press(.char("d"))
        guard case .confirm? = state.overlay else {
            Issue.record("no confirmation")
            return
        }
        state.click("research")
        #expect(state.datasetList.selected == 0)
        #expect(state.route == .datasets)
        guard case .confirm? = state.overlay else {
            Issue.record("a click closed the confirmation")
            return
        }
    }

    @Test func clicksOutsideTargetsDoNothing() {
        var state = Fixtures.storeState(tab: .details)
        let before = state.storePage
        #expect(state.handle(MouseEvent(.press, x: 0, y: 0), on: ConsoleView.render(state, glyphs: .unicode)).isEmpty)
        #expect(state.storePage == before)
    }

    @Test func theWheelMovesTheSelection() {
        var state = Fixtures.state()
        let frame = ConsoleView.render(state, glyphs: .unicode)
        _ = state.handle(MouseEvent(.scrollDown, x: 5, y: 5), on: frame)
        #expect(state.datasetList.selected == 1)
        _ = state.handle(MouseEvent(.scrollUp, x: 5, y: 5), on: frame)
        #expect(state.datasetList.selected == 0)
    }

    @MainActor @Test func ncursesButtonStatesDecode() {
        #expect(NCursesScreen.mouseEvent(buttons: SWC_BUTTON1_PRESSED, x: 3, y: 4) == MouseEvent(.press, x: 3, y: 4))
        #expect(NCursesScreen.mouseEvent(buttons: SWC_BUTTON4_PRESSED, x: 0, y: 0)?.kind == .scrollUp)
        #expect(NCursesScreen.mouseEvent(buttons: SWC_BUTTON5_PRESSED, x: 0, y: 0)?.kind == .scrollDown)
        #expect(NCursesScreen.mouseEvent(buttons: SWC_BUTTON1_RELEASED, x: 3, y: 4) == nil, "releases are dropped")
    }
}
