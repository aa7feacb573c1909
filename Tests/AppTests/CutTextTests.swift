import Activations
import App
import Commands
import NeuralNetwork
import Render
import Testing

@Suite("Nothing a learner needs is cut at 120x40")
struct CutTextTests {
    /// The text inside a panel's frame, lines joined with spaces.
    func panelText(_ lines: [String], _ area: Rect) -> String {
        lines[(area.y + 1)..<(area.bottom - 1)].map {
            String(Array($0)[(area.x + 1)..<(area.right - 1)]).trimmingCharacters(in: .whitespaces)
        }.joined(separator: " ")
    }

    @Test("the activation panel shows f and the whole f' for every activation", arguments: ["leaky-relu", "prelu", "elu", "swish", "gelu-tanh", "gelu", "softplus", "hard-logistic"])
    func formulas(name: String) throws {
        let interpreter = try Fixtures.interpreter(["set activation \(name)"])
        let snapshot = Fixtures.snapshot(interpreter, width: 120, height: 40)
        let lines = Fixtures.render(ScreenModel(snapshot: snapshot), width: 120, height: 40)
        let text = panelText(lines, Screen.areas(width: 120, height: 40)!.activation)
        let properties = try #require(ActivationKind(rawValue: name)).properties
        #expect(text.contains("f'(x) = " + properties.derivativeFormula), "\(text)")
        #expect(text.contains("f(x) = " + properties.formula))
    }

    @Test("per-layer activations: the mix in the status bar and the panel title, each drawn")
    func mixedActivations() throws {
        let interpreter = try Fixtures.interpreter(["set layer-activations 1=tanh,2=relu"])
        let snapshot = Fixtures.snapshot(interpreter, width: 120, height: 40)
        let lines = Fixtures.render(ScreenModel(snapshot: snapshot), width: 120, height: 40)
        #expect(lines[38].contains(" tanh,relu "))
        #expect(lines.containsText("Activations: tanh (L1), relu (L2)"))
        #expect(lines.containsText("tanh: f(x) =") && lines.containsText("relu: f(x) = max(0, x)"))
    }

    @Test("a long network name never garbles the replay status bar: whole segments are left out instead")
    func statusBarElides() throws {
        let interpreter = try Fixtures.interpreter(["set layers 32,32,32,32,32,32,32,32,32,32"])
        let snapshot = Fixtures.snapshot(interpreter, width: 80, height: 24)
        let model = ScreenModel(snapshot: snapshot, mode: .replay(.init(frame: 39, frameCount: 40, source: "s.jsonl")))
        let line = Fixtures.render(model, width: 80, height: 24)[22]
        #expect(line.contains("epoch 0 (frame 40/40)"))
        #expect(line.contains("replaying (paused)"))
        #expect(!line.contains("2-32-32"), "the network's shape is left out first")
        let bar = StatusBar(left: [.init("aaaa", priority: 1), .init("bbbb", priority: 0)], right: [.init("cccc", priority: 2)])
        #expect(bar.fitting(width: 12).left.map(\.text) == ["aaaa"])
    }
}

@Suite("Help text wraps at word boundaries")
struct HelpWrapTests {
    @Test("the overlay's lines fit their box and keep every word; the REPL's help fits 80 columns")
    func wraps() {
        let lines = KeyHelp.lines(isReplay: false, width: 90)
        #expect(lines.allSatisfy { $0.count <= 90 })
        let words = lines.joined(separator: " ").split(separator: " ")
        let unwrapped = KeyHelp.lines(isReplay: false).joined(separator: " ").split(separator: " ")
        #expect(words == unwrapped, "the same words in the same order")
        #expect(CommandHelp.overview().allSatisfy { $0.count <= 80 })
    }
}


@Suite("Behind the too-small screen")
struct TooSmallKeysTests {
    @Test("keys are not accepted below 80x24, and the screen says so")
    func keysWait() throws {
        #expect(!Screen.acceptsKeys(width: 79, height: 24))
        #expect(!Screen.acceptsKeys(width: 80, height: 23))
        #expect(Screen.acceptsKeys(width: 80, height: 24))
        let interpreter = try Fixtures.interpreter()
        let lines = Fixtures.render(ScreenModel(snapshot: Fixtures.snapshot(interpreter, width: 60, height: 20)), width: 60, height: 20)
        #expect(lines.joined(separator: " ").contains("keys wait until it is larger"))
    }
}

@Suite("Chart labels")
struct ChartLabelTests {
    @Test("the loss panel names its axes; the decision map has a class legend and its axis ranges")
    func labels() throws {
        let interpreter = try Fixtures.interpreter(["step 2"])
        let lines = Fixtures.render(ScreenModel(snapshot: Fixtures.snapshot(interpreter, width: 120, height: 40)), width: 120, height: 40)
        #expect(lines.containsText("Loss and accuracy by epoch"))
        #expect(lines.containsText("● 0 ✕ 1 ▲ 2 = class; x -"))
        #expect(lines.containsText(", y -"))
    }
}
