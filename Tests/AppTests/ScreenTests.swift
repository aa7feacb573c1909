import App
import Commands
import NeuralNetwork
import Render
import Testing

@Suite("Screen composition")
struct ScreenTests {
    @Test("every panel, the status bar and the activation at usable sizes", arguments: [(80, 24), (120, 40), (200, 60)])
    func panelsAtSizes(size: (Int, Int)) throws {
        let (width, height) = size
        let interpreter = try Fixtures.interpreter(["step 3"])
        let model = ScreenModel(snapshot: Fixtures.snapshot(interpreter, width: width, height: height))
        for theme in [Theme.rich, Theme.plain] {
            let lines = Fixtures.render(model, width: width, height: height, theme: theme)
            #expect(lines.count == height)
            #expect(lines.allSatisfy { $0.count <= width })
            for title in ["Loss", "Data: spiral (decision map)", "Activation: relu", "Gradients"] {
                #expect(lines.containsText(title), "missing \(title) at \(width)x\(height)")
            }
            let status = lines[height - 2]
            #expect(status.contains("epoch 3"))
            #expect(status.contains("paused"))
            #expect(status.contains("2-16-16-3"))
            #expect(status.contains("relu"))
            #expect(status.contains("lr 0.1"))
            #expect(lines.containsText("z this epoch:"))
            #expect(!lines.containsText("terminal too small"))
        }
    }

    @Test("below 80x24 a centred message replaces the interface", arguments: [(40, 10), (79, 24), (80, 23), (1, 1)])
    func tooSmall(size: (Int, Int)) throws {
        let (width, height) = size
        let interpreter = try Fixtures.interpreter(["step 1"])
        let lines = Fixtures.render(ScreenModel(snapshot: Fixtures.snapshot(interpreter, width: width, height: height)),
                                    width: width, height: height)
        let text = lines.joined(separator: "\n")
        #expect(text.contains("terminal too small") || width < 20)
        #expect(!text.contains("Loss"))
        if width == 40 {
            let row = try #require(lines.firstIndex { $0.contains("terminal too small") })
            #expect(row > 0 && row < height - 1, "message should be vertically centred")
            #expect(lines[row].hasPrefix(" "), "message should be horizontally centred")
        }
    }

    @Test("an empty buffer renders nothing and does not crash")
    func zeroSize() throws {
        let interpreter = try Fixtures.interpreter()
        let lines = Fixtures.render(ScreenModel(snapshot: Fixtures.snapshot(interpreter, width: 0, height: 0)), width: 0, height: 0)
        #expect(lines.allSatisfy { $0.isEmpty })
    }

    @Test("a fresh experiment shows epoch 0 and a hint instead of charts")
    func freshExperiment() throws {
        let interpreter = try Fixtures.interpreter()
        let lines = Fixtures.render(ScreenModel(snapshot: Fixtures.snapshot(interpreter, width: 80, height: 24)), width: 80, height: 24)
        #expect(lines[22].contains("epoch 0"))
        #expect(lines.containsText("no epochs yet"))
        #expect(lines[23].contains("space step"))
    }

    @Test("a changed activation shows in the status bar and the activation panel")
    func changedActivation() throws {
        let interpreter = try Fixtures.interpreter(["set activation tanh", "step 2"])
        let lines = Fixtures.render(ScreenModel(snapshot: Fixtures.snapshot(interpreter, width: 120, height: 40)), width: 120, height: 40)
        #expect(lines.containsText("Activation: tanh"))
        #expect(lines[38].contains("tanh"))
        #expect(lines.containsText("f(x) = (e^x - e^-x) / (e^x + e^-x)"))
        #expect(!lines.containsText("Activation: relu"))
    }

    @Test("sine shows targets and the fitted curve; accuracy is not shown for regression")
    func regression() throws {
        let interpreter = try Fixtures.interpreter(dataset: "sine", ["step 2"])
        let lines = Fixtures.render(ScreenModel(snapshot: Fixtures.snapshot(interpreter, width: 120, height: 40)), width: 120, height: 40)
        #expect(lines.containsText("Data: sine (target and fit)"))
        #expect(lines.containsText("target"))
        #expect(!lines.containsText("acc "))
    }

    @Test("log scale is marked in the loss panel's title")
    func logScale() throws {
        let interpreter = try Fixtures.interpreter(["step 3"])
        let model = ScreenModel(snapshot: Fixtures.snapshot(interpreter, width: 80, height: 24), logScale: true)
        #expect(Fixtures.render(model, width: 80, height: 24).containsText("Loss (log scale)"))
    }

    @Test("the help overlay lists keys and commands")
    func helpOverlay() throws {
        let interpreter = try Fixtures.interpreter()
        // At 120x40 the keys fill most of the overlay ("... more: a taller terminal, or :help"); at
        // 120x60 the command list reaches `set`.
        let model = ScreenModel(snapshot: Fixtures.snapshot(interpreter, width: 120, height: 60), showsHelp: true)
        let lines = Fixtures.render(model, width: 120, height: 60)
        #expect(lines.containsText("Help"))
        #expect(lines.containsText("train one epoch"))
        #expect(lines.containsText("next / previous activation"))
        #expect(lines.containsText("set KEY VALUE"))
    }

    @Test("the command line, one-line messages and multi-line output")
    func commandLineAndMessages() throws {
        let interpreter = try Fixtures.interpreter()
        let snapshot = Fixtures.snapshot(interpreter, width: 80, height: 24)
        let typing = Fixtures.render(ScreenModel(snapshot: snapshot, commandLine: .init(text: "set act", cursor: 7)), width: 80, height: 24)
        #expect(typing[23].hasPrefix(":set act"))
        let error = Fixtures.render(ScreenModel(snapshot: snapshot, message: .init(lines: ["set lr abc: 'abc' is not a number"], isError: true)),
                                    width: 80, height: 24)
        #expect(error[23].contains("'abc' is not a number"))
        let output = Fixtures.render(ScreenModel(snapshot: snapshot, message: .init(lines: ["first line", "second line"])),
                                     width: 80, height: 24)
        #expect(output.containsText("Output"))
        #expect(output.containsText("first line"))
        #expect(output[23].contains("second line"))
    }

    @Test("divergence shows as the diverged state")
    func divergence() throws {
        let interpreter = try Fixtures.interpreter(["set init-scale 100000", "set lr 1000", "step 3"])
        let snapshot = Fixtures.snapshot(interpreter, width: 80, height: 24)
        guard case .diverged = snapshot.status else {
            Issue.record("expected the run to diverge, got \(snapshot.status)")
            return
        }
        let lines = Fixtures.render(ScreenModel(snapshot: snapshot), width: 80, height: 24)
        #expect(lines[22].contains("diverged"))
    }

    @Test("the state word follows running, replay and halts")
    func stateText() throws {
        let interpreter = try Fixtures.interpreter()
        var snapshot = Fixtures.snapshot(interpreter, width: 80, height: 24)
        #expect(ScreenModel(snapshot: snapshot).stateText == "paused")
        snapshot.isRunning = true
        snapshot.epochsPerSecond = 42
        #expect(ScreenModel(snapshot: snapshot).stateText == "running")
        #expect(Fixtures.render(ScreenModel(snapshot: snapshot), width: 80, height: 24)[22].contains("speed max (42 epochs/s)"))
        let replay = ScreenModel(snapshot: snapshot, mode: .replay(.init(frame: 0, frameCount: 5, source: "s.jsonl")))
        #expect(replay.stateText.hasPrefix("replaying"))
    }

    @Test("a layer past the dead-unit threshold is explained in one line")
    func deadUnitWarning() throws {
        let interpreter = try Fixtures.interpreter(["step 1"])
        var snapshot = Fixtures.snapshot(interpreter, width: 120, height: 40)
        var metrics = try #require(snapshot.history.last)
        metrics.layers[1].deadFraction = 0.63
        metrics.layers[0].saturatedFraction = 0.9
        snapshot.history = [metrics]
        let lines = Fixtures.render(ScreenModel(snapshot: snapshot), width: 120, height: 40)
        #expect(lines.containsText("layer 2: 63% of its ReLUs dead"))
        #expect(lines.containsText("layer 1: inactive on 90% of (unit,"))
        #expect(!lines.containsText("saturated"), "saturation is a sigmoid notion; ReLU pairs are inactive")
        #expect(lines.containsText("dead 63%"))
    }

    @Test("the help overlay says when it is cut short on a small terminal")
    func helpOnSmallTerminal() throws {
        let interpreter = try Fixtures.interpreter()
        let model = ScreenModel(snapshot: Fixtures.snapshot(interpreter, width: 80, height: 24), showsHelp: true)
        let lines = Fixtures.render(model, width: 80, height: 24)
        #expect(lines.containsText("train one epoch"))
        #expect(lines.containsText("more: a taller terminal, or :help"))
    }
}
