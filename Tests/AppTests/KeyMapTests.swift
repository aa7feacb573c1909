import App
import Terminal
import Testing

@Suite("The live key map: one table for the bindings and the help overlay")
struct KeyMapTests {
    @Test("every bound key does what its row says, and the overlay lists every row")
    func bindingsAndHelpAgree() throws {
        let snapshot = Fixtures.snapshot(try Fixtures.smallInterpreter(), width: 80, height: 24)
        let help = KeyHelp.lines(isReplay: false)
        for row in KeyMap.training + KeyMap.session {
            #expect(help.contains { $0.contains(row.label) && $0.contains(row.summary) }, "\(row.label)")
            for (key, command) in row.bindings {
                #expect(KeyMap.command(for: key) == command)
                var controller = UIController()
                if command == .clearMessage { controller.show(["a message"]) }
                let effects = controller.handle(key, snapshot: snapshot)
                switch command {
                case let .action(action), let .reinitialising(action, _):
                    #expect(effects == [.post(.action(action))], "\(key)")
                case .cycleLandscape:
                    #expect(effects == [.post(.landscape(.random))])
                case .quit:
                    #expect(effects == [.quit])
                case .openCommandLine:
                    #expect(controller.isEditing)
                case .openHelp:
                    #expect(controller.showsHelp)
                case .clearMessage:
                    #expect(effects.isEmpty && controller.message == nil)
                case .toggleValidationPoints, .toggleDiscretisedOutput, .toggleSideBySide, .toggleLogScale:
                    #expect(effects.isEmpty && controller.message != nil, "\(key)")
                }
            }
        }
    }

    @Test("a key that is in no row (of the live table or the inside views') does nothing")
    func unboundKeys() throws {
        let snapshot = Fixtures.snapshot(try Fixtures.smallInterpreter(), width: 80, height: 24)
        for key in everyKey where KeyMap.command(for: key) == nil && InsideKeys.views.command(for: key) == nil {
            var controller = UIController()
            #expect(controller.handle(key, snapshot: snapshot).isEmpty, "\(key)")
            #expect(controller.message == nil && !controller.isEditing && !controller.showsHelp && controller.inside == InsideViewState(), "\(key)")
        }
    }

    @Test("the inside views' keys come first live: their owner performs switchRun and edit")
    func insideKeysLive() throws {
        let snapshot = Fixtures.snapshot(try Fixtures.smallInterpreter(), width: 80, height: 24)
        var controller = UIController()
        #expect(controller.handle(.character("B"), snapshot: snapshot).isEmpty)
        #expect(controller.message?.lines.first?.hasPrefix("B: no comparison is on") == true)
        _ = controller.handle(.character("n"), snapshot: snapshot)
        #expect(controller.inside.view == .network)
        _ = controller.handle(.left, snapshot: snapshot)
        #expect(controller.inside.selection.layer == 0)
        #expect(controller.handle(.character("e"), snapshot: snapshot).isEmpty && !controller.isEditing)
        #expect(controller.message?.lines.first?.hasPrefix("e: the inputs") == true)
        _ = controller.handle(.tab, snapshot: snapshot)
        _ = controller.handle(.character("e"), snapshot: snapshot)
        #expect(controller.isEditing && controller.editor.line == "set bias 1 1 ")
    }

    @Test("the live help overlay: its row closes it, every other key leaves it open")
    func helpOverlay() throws {
        let snapshot = Fixtures.snapshot(try Fixtures.smallInterpreter(), width: 80, height: 24)
        for key in everyKey {
            var controller = UIController()
            _ = controller.handle(.character("?"), snapshot: snapshot)
            #expect(controller.handle(key, snapshot: snapshot).isEmpty)
            #expect(controller.showsHelp == (KeyMap.helpOverlay.command(for: key) == nil), "\(key)")
        }
    }
}
