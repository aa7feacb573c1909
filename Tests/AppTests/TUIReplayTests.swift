import App
import Commands
import Foundation
import NeuralNetwork
import Sessions
import Terminal
import Testing

/// `:replay FILE` in the TUI: the replay screen of `nnscope replay`, left with `q` or Esc for the
/// live screen as it was; files that cannot be replayed give the REPL's error and change nothing.
@Suite("`:replay` in the TUI")
struct TUIReplayTests {
    static let width = 120, height = 40
    static var grid: GridSize { Screen.dataGrid(width: width, height: height) }

    /// Records a 5-epoch session into `path`.
    func recordSession(_ path: String) throws {
        let worker = try Fixtures.recordingWorker(path)
        worker.post(.line("step 5"))
        worker.stop()
    }

    /// Types `:LINE` and Enter.
    func type(_ line: String, into state: TUIState, snapshot: Snapshot) -> [UIController.Effect] {
        var effects = state.handle(.character(":"), snapshot: snapshot)
        for character in line { effects += state.handle(.character(character), snapshot: snapshot) }
        return effects + state.handle(.enter, snapshot: snapshot)
    }

    func render(_ state: TUIState, _ snapshot: Snapshot) -> [String] {
        Fixtures.render(state.model(snapshot: snapshot), width: Self.width, height: Self.height)
    }

    @Test("`:replay FILE` opens the replay; its keys move through it; q and Esc go back to live training as it was")
    func opensAndReturns() throws {
        let folder = try Fixtures.Folder()
        defer { folder.remove() }
        let file = folder.file("earlier.jsonl")
        try recordSession(file)

        // Live training in the background: `run 3` goes on while the replay is shown.
        let worker = TrainingWorker(interpreter: try Fixtures.smallInterpreter(), grid: Self.grid)
        worker.start()
        defer { worker.stop() }
        let state = TUIState(controller: UIController(), grid: Self.grid)
        for effect in state.handle(.character(" "), snapshot: worker.snapshot) {
            if case let .post(request) = effect { worker.post(request) }
        }
        worker.post(.line("run 3"))

        let opening = type("replay \(file)", into: state, snapshot: worker.snapshot)
        #expect(opening.isEmpty, "the replay is opened by the UI; nothing goes to the worker")
        #expect(state.isReplaying)
        var screen = render(state, worker.snapshot)
        #expect(screen.containsText("replaying"))
        #expect(screen.containsText("epoch 1 (frame 1/5)"))
        #expect(screen.last?.contains("q/Esc back to training") == true)

        for key: Key in [.right, .right] { #expect(state.handle(key, snapshot: worker.snapshot).isEmpty) }
        #expect(render(state, worker.snapshot).containsText("epoch 3 (frame 3/5)"))
        _ = state.handle(.end, snapshot: worker.snapshot)
        #expect(render(state, worker.snapshot).containsText("epoch 5 (frame 5/5)"))
        _ = state.handle(.character("?"), snapshot: worker.snapshot)
        #expect(render(state, worker.snapshot).containsText("back to live training"))
        _ = state.handle(.escape, snapshot: worker.snapshot)
        #expect(state.isReplaying, "Esc closes the help first")

        // Meanwhile the live run finishes; its replies wait for the live screen.
        let deadline = Date().addingTimeInterval(60)
        while (worker.snapshot.epoch < 4 || worker.snapshot.isRunning) && Date() < deadline { usleep(10_000) }
        for reply in worker.takeReplies() { #expect(state.receive(reply).isEmpty) }
        #expect(render(state, worker.snapshot).containsText("epoch 5 (frame 5/5)"), "the replay stays on screen")

        #expect(state.handle(.escape, snapshot: worker.snapshot).isEmpty)
        #expect(!state.isReplaying)
        screen = render(state, worker.snapshot)
        #expect(screen.containsText("epoch 4"))
        #expect(screen.containsText("paused"))
        #expect(!screen.containsText("replaying"))
        #expect(worker.snapshot.epoch == 4, "one step, then `run 3`: nothing lost")

        // Again, and `q` leaves the replay without quitting nnscope.
        #expect(type("replay \(file)", into: state, snapshot: worker.snapshot).isEmpty)
        #expect(state.isReplaying)
        #expect(state.handle(.character("q"), snapshot: worker.snapshot).isEmpty)
        #expect(!state.isReplaying)
        #expect(render(state, worker.snapshot).last?.contains("back to live training") == true)
        // And live keys work again.
        #expect(state.handle(.character(" "), snapshot: worker.snapshot) == [.post(.action(.stepEpoch))])
    }

    @Test("a file that cannot be replayed gives the REPL's error and leaves the live screen as it was")
    func badFiles() throws {
        let folder = try Fixtures.Folder()
        defer { folder.remove() }
        let missing = folder.file("missing.jsonl"), garbage = folder.file("garbage.jsonl")
        try "this is not a session\n".write(toFile: garbage, atomically: true, encoding: .utf8)
        let interpreter = try Fixtures.smallInterpreter()
        let snapshot = Fixtures.snapshot(interpreter, width: Self.width, height: Self.height)
        let state = TUIState(controller: UIController(), grid: Self.grid)
        for file in [missing, garbage] {
            let repl = interpreter.execute(line: "replay \(file)")
            #expect(repl.isError)
            #expect(type("replay \(file)", into: state, snapshot: snapshot).isEmpty)
            #expect(!state.isReplaying)
            #expect(state.controller.message == ScreenModel.Message(lines: repl.lines, isError: true))
            #expect(render(state, snapshot).last?.contains(repl.lines[0].prefix(60)) == true)
        }

        // A session without epochs has nothing to show (the REPL prints its summary).
        let empty = folder.file("empty.jsonl")
        try SessionRecorder(path: empty, configuration: interpreter.experiment.configuration, programVersion: "test").close()
        #expect(type("replay \(empty)", into: state, snapshot: snapshot).isEmpty)
        #expect(!state.isReplaying)
        #expect(state.controller.message == ScreenModel.Message(lines: ["replay \(empty): \(empty) has no recorded epochs to replay"], isError: true))
        // Live keys still work.
        #expect(state.handle(.character("b"), snapshot: snapshot) == [.post(.action(.stepBatch))])
    }

    @Test("the command line turns `replay FILE` into opening the replay, other lines into worker requests, a bad line into its error")
    func controllerEffect() throws {
        var controller = UIController()
        let snapshot = Fixtures.snapshot(try Fixtures.smallInterpreter(), width: 80, height: 24)
        for (line, expected) in [("replay 'my run.jsonl'", [UIController.Effect.openReplay("my run.jsonl")]),
                                 ("rep x.jsonl", [.openReplay("x.jsonl")]),
                                 ("replay", []),
                                 ("step 2", [.post(.command(.step(epochs: 2)))])] {
            _ = controller.handle(.character(":"), snapshot: snapshot)
            for character in line { _ = controller.handle(.character(character), snapshot: snapshot) }
            let effects = controller.handle(.enter, snapshot: snapshot)
            #expect(effects == expected, "\(line)")
            if line == "replay" {
                // Refused where it was typed, with the parser's message.
                #expect(controller.model(snapshot: snapshot).message == ScreenModel.Message(lines: ["replay: expected one file name; usage: replay FILE"], isError: true))
            }
        }
    }

    @Test("Esc leaves a replay opened from training; in `nnscope replay` only q does")
    func escape() {
        var fromTraining = ReplayController(frameCount: 3, source: "s.jsonl", returnsToTraining: true)
        let escapeFromTraining = fromTraining.handle(.escape)
        let quitFromTraining = fromTraining.handle(.character("q"))
        #expect(escapeFromTraining && quitFromTraining)
        var standalone = ReplayController(frameCount: 3, source: "s.jsonl")
        let escapeStandalone = standalone.handle(.escape)
        let quitStandalone = standalone.handle(.character("q"))
        #expect(!escapeStandalone && quitStandalone)
        #expect(KeyHelp.lines(isReplay: true).contains { $0.contains("q") && $0.hasSuffix("quit") })
        #expect(KeyHelp.lines(isReplay: true, returnsToTraining: true).contains { $0.contains("q / Esc") })
    }
}
