import Testing
@testable import Console

@Suite struct KeyTableTests {
    let table = KeyTable()

    @Test func noKeyIsBoundTwiceInOneContext() {
        for context in KeyContext.allCases {
            var seen: [Key: Action] = [:]
            for binding in table.bindings where binding.contexts.contains(context) {
                for key in binding.keys {
                    #expect(seen[key] == nil, "\(key) is bound to both \(seen[key].map { "\($0)" } ?? "") and \(binding.action) in \(context)")
                    seen[key] = binding.action
                }
            }
        }
    }

    @Test func movementHasArrowsAndVimKeys() {
        for (action, arrow, vim) in [(Action.up, Key.up, Key.char("k")), (.down, .down, .char("j")), (.top, .home, .char("g")),
                                     (.bottom, .end, .char("G"))] {
            #expect(table.action(for: arrow, in: [.list]) == action)
            #expect(table.action(for: vim, in: [.list]) == action)
        }
        #expect(table.action(for: .pageDown, in: [.list]) == .pageDown)
        #expect(table.action(for: .pageUp, in: [.viewer]) == .pageUp)
    }

    @Test func globalKeys() {
        #expect(table.action(for: .char("?"), in: [.global]) == .help)
        #expect(table.action(for: .function(1), in: [.global]) == .help)
        #expect(table.action(for: .escape, in: [.global]) == .back)
        #expect(table.action(for: .char("q"), in: [.global]) == .back)
        #expect(table.action(for: .char(":"), in: [.global]) == .jump)
        #expect(table.action(for: .ctrl("l"), in: [.global]) == .repaint)
        #expect(table.action(for: .interrupt, in: [.dialog]) == .quit)
        #expect(table.action(for: .char("/"), in: [.list]) == .filter)
    }

    @Test func neverBindsMultiplexerPrefixesOrFlowControl() {
        let forbidden: Set<Key> = [.ctrl("a"), .ctrl("b"), .ctrl("s")]
        #expect(table.bindings.allSatisfy { forbidden.isDisjoint(with: $0.keys) })
    }

    @Test func actionKeysStayOffVimMovementKeys() {
        // h j k l g G move; only the issue's `l` (log, on the Operations tab) is an action.
        let movement: Set<Key> = [.char("h"), .char("j"), .char("k"), .char("g"), .char("G")]
        for binding in table.bindings where ![Action.up, .down, .top, .bottom].contains(binding.action) {
            #expect(movement.isDisjoint(with: binding.keys), "\(binding.action) uses a movement key")
        }
    }

    @Test func readOnlyDropsEveryDangerousAction() {
        let readOnly = KeyTable(readOnly: true)
        #expect(!readOnly.bindings.contains { $0.dangerous })
        #expect(readOnly.action(for: .char("d"), in: [.datasets, .list, .global]) == nil)
        #expect(readOnly.action(for: .char("c"), in: [.operations, .list, .global]) == nil)
        #expect(table.bindings.contains { $0.action == .delete && $0.dangerous })
    }

    @Test func specificContextsWin() {
        #expect(table.action(for: .enter, in: [.dialog]) == .confirm)
        #expect(table.action(for: .enter, in: [.list, .form]) == .open)
        #expect(table.action(for: .enter, in: [.form]) == .confirm)
        #expect(table.action(for: .tab, in: [.form, .store]) == .nextField)
        #expect(table.action(for: .tab, in: [.operations, .list, .store]) == .nextTab)
    }

    @Test func activeBindingsDropShadowedAndTypedKeys() {
        let active = table.active(in: [.list, .form, .store, .global], visibleOnly: true)
        let next = active.first { $0.action == .nextField }
        #expect(next?.keys == [.tab])  // ↓ moves in the list
        #expect(!active.contains { $0.action == .confirm })  // Enter opens in the list
        let typing = table.active(in: [.form, .store, .global], visibleOnly: true, typing: true)
        #expect(typing.first { $0.action == .back }?.keys == [.escape])
        #expect(typing.first { $0.action == .help }?.keys == [.function(1)])
        #expect(!typing.contains { $0.action == .importData })
    }

    @Test func footerHintsComeFromTheTable() {
        var state = Fixtures.state(width: 200)
        let footer = TextRenderer.lines(ConsoleView.render(state, glyphs: .unicode)).last ?? ""
        #expect(footer.hasPrefix(" ?/F1 help  Esc/q quit"))
        for binding in table.active(in: state.contexts, visibleOnly: true) {
            if footer.contains(binding.description) { continue }
            #expect(binding.action == .back, "\(binding.action) is missing from the footer: \(footer)")
        }
        state = Fixtures.state(readOnly: true)
        let readOnlyFooter = TextRenderer.lines(ConsoleView.render(state, glyphs: .unicode)).last ?? ""
        #expect(!readOnlyFooter.contains("delete"))
        #expect(footer.contains("d delete"))
    }

    @Test func helpOverlayListsEveryBindingOfTheContext() {
        var state = Fixtures.storeState(tab: .operations, width: 100, height: 40)
        _ = state.perform(.help)
        let text = TextRenderer.text(ConsoleView.render(state, glyphs: .unicode))
        for binding in table.active(in: [.operations, .list, .store, .global], visibleOnly: false) {
            #expect(text.contains(binding.description), "help lacks \(binding.description)")
        }
        #expect(text.contains("cancel (changes data)"))
    }
}
