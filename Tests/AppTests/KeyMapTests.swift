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
                case .toggleValidationPoints, .toggleDiscretisedOutput, .toggleSideBySide, .toggleLogScale:
                    #expect(effects.isEmpty && controller.message != nil, "\(key)")
                }
            }
        }
    }

    @Test("a key that is in no row does nothing")
    func unboundKeys() throws {
        let snapshot = Fixtures.snapshot(try Fixtures.smallInterpreter(), width: 80, height: 24)
        for key: Key in [.character("x"), .character("z"), .character("Q"), .tab] {
            #expect(KeyMap.command(for: key) == nil)
            var controller = UIController()
            #expect(controller.handle(key, snapshot: snapshot).isEmpty)
        }
    }
}
