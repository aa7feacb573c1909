import NeuralNetwork
import App
import Terminal
import Testing

@Suite("Key bindings")
struct UIControllerTests {
    func snapshot(unsaved: Bool = false) throws -> Snapshot {
        var snapshot = Fixtures.snapshot(try Fixtures.interpreter(), width: 80, height: 24)
        snapshot.hasUnsavedChanges = unsaved
        return snapshot
    }

    @Test("training keys post actions to the worker")
    func trainingKeys() throws {
        var controller = UIController()
        let snapshot = try snapshot()
        let expected: [(Key, TrainingAction)] = [
            (.character(" "), .stepEpoch), (.character("b"), .stepBatch), (.character("r"), .toggleRun),
            (.character("a"), .nextActivation), (.character("A"), .previousActivation),
            (.character("+"), .scaleLearningRate(2)), (.character("-"), .scaleLearningRate(0.5)),
            (.character("d"), .nextDataset), (.character("R"), .reset), (.character("s"), .saveCopy),
        ]
        for (key, action) in expected {
            let effects23 = controller.handle(key, snapshot: snapshot)
            #expect(effects23 == [.post(.action(action))], "\(key)")
        }
    }

    @Test("`:` opens the command line; Enter posts the line and keeps it in history; Esc cancels")
    func commandLine() throws {
        var controller = UIController()
        let snapshot = try snapshot()
        let effects32 = controller.handle(.character(":"), snapshot: snapshot)
        #expect(effects32.isEmpty)
        #expect(controller.isEditing)
        for c in "set lr 0.05" { _ = controller.handle(.character(c), snapshot: snapshot) }
        #expect(controller.model(snapshot: snapshot).commandLine?.text == "set lr 0.05")
        let effects37 = controller.handle(.enter, snapshot: snapshot)
        #expect(effects37 == [.post(.line("set lr 0.05"))])
        #expect(!controller.isEditing)
        #expect(controller.editor.history == ["set lr 0.05"])
        // Keys typed on the command line are text, not bindings.
        _ = controller.handle(.character(":"), snapshot: snapshot)
        let effects43 = controller.handle(.character("q"), snapshot: snapshot)
        #expect(effects43.isEmpty)
        let effects45 = controller.handle(.escape, snapshot: snapshot)
        #expect(effects45.isEmpty)
        #expect(!controller.isEditing)
    }

    @Test("Tab completes on the command line")
    func completion() throws {
        var controller = UIController()
        let snapshot = try snapshot()
        _ = controller.handle(.character(":"), snapshot: snapshot)
        for c in "set activ" { _ = controller.handle(.character(c), snapshot: snapshot) }
        _ = controller.handle(.tab, snapshot: snapshot)
        #expect(controller.editor.line == "set activation ")
    }

    @Test("q quits at once when everything is saved, asks otherwise")
    func quitQuestion() throws {
        var controller = UIController()
        let effects63 = controller.handle(.character("q"), snapshot: try snapshot(unsaved: false))
        #expect(effects63 == [.quit])
        let unsaved = try snapshot(unsaved: true)
        let effects66 = controller.handle(.character("q"), snapshot: unsaved)
        #expect(effects66.isEmpty)
        #expect(controller.question != nil)
        let effects69 = controller.handle(.escape, snapshot: unsaved)
        #expect(effects69.isEmpty)
        #expect(controller.question == nil)
        _ = controller.handle(.character("q"), snapshot: unsaved)
        let effects73 = controller.handle(.character("y"), snapshot: unsaved)
        #expect(effects73 == [.post(.action(.saveCopy)), .quit])
        _ = controller.handle(.character("q"), snapshot: unsaved)
        let effects76 = controller.handle(.character("n"), snapshot: unsaved)
        #expect(effects76 == [.quit])
    }

    @Test("? opens help, which swallows keys until ? or Esc")
    func help() throws {
        var controller = UIController()
        let snapshot = try snapshot()
        _ = controller.handle(.character("?"), snapshot: snapshot)
        #expect(controller.showsHelp)
        let effects86 = controller.handle(.character(" "), snapshot: snapshot)
        #expect(effects86.isEmpty)
        _ = controller.handle(.escape, snapshot: snapshot)
        #expect(!controller.showsHelp)
        _ = controller.handle(.character("?"), snapshot: snapshot)
        _ = controller.handle(.character("?"), snapshot: snapshot)
        #expect(!controller.showsHelp)
    }

    @Test("l toggles the log scale; replies fill the message area; quit replies end the UI")
    func logScaleAndReplies() throws {
        var controller = UIController()
        let snapshot = try snapshot()
        _ = controller.handle(.character("l"), snapshot: snapshot)
        #expect(controller.logScale)
        let effects101 = controller.receive(WorkerReply(lines: ["bad"], isError: true))
        #expect(effects101.isEmpty)
        #expect(controller.message == ScreenModel.Message(lines: ["bad"], isError: true))
        let effects104 = controller.receive(WorkerReply(lines: ["bye"], quit: true))
        #expect(effects104 == [.quit])
    }

    @Test("a multi-line output box closes on any key; Esc only closes it, other keys also act")
    func outputBox() throws {
        var controller = UIController()
        let snapshot = try snapshot()
        _ = controller.receive(WorkerReply(lines: ["one", "two"]))
        let afterEscape = controller.handle(.escape, snapshot: snapshot)
        #expect(afterEscape.isEmpty)
        #expect(controller.message == nil)
        _ = controller.receive(WorkerReply(lines: ["one", "two"]))
        let afterColon = controller.handle(.character(":"), snapshot: snapshot)
        #expect(afterColon.isEmpty)
        #expect(controller.message == nil)
        #expect(controller.isEditing)
    }
}

@Suite("Key actions as command lines")
struct TrainingActionTests {
    @Test("activation cycling wraps both ways (the line is canonical: the parameter in force spelt out)")
    func activations() throws {
        var configuration = try Fixtures.interpreter().experiment.configuration
        #expect((try TrainingAction.nextActivation.command(configuration: configuration))?.text == "set activation " + (try UnitKind(parsing: "leaky-relu")).spec)
        #expect((try TrainingAction.previousActivation.command(configuration: configuration))?.text == "set activation " + (try UnitKind(parsing: "hard-tanh")).spec)
        try configuration.set("activation", "identity")
        #expect((try TrainingAction.previousActivation.command(configuration: configuration))?.text == "set activation " + (try UnitKind(parsing: "gelu-tanh")).spec)
        try configuration.set("activation", "maxout")
        #expect((try TrainingAction.nextActivation.command(configuration: configuration))?.text == "set activation " + (try UnitKind(parsing: "identity")).spec)
    }

    @Test("learning rate doubles and halves; datasets cycle through the built-ins")
    func learningRateAndDataset() throws {
        let configuration = try Fixtures.interpreter().experiment.configuration
        #expect((try TrainingAction.scaleLearningRate(2).command(configuration: configuration))?.text == "set lr 0.2")
        #expect((try TrainingAction.scaleLearningRate(0.5).command(configuration: configuration))?.text == "set lr 0.05")
        let next = try #require(try TrainingAction.nextDataset.command(configuration: configuration)).text
        #expect(next.hasPrefix("dataset "))
        #expect(next != "dataset spiral")
        #expect((try TrainingAction.toggleRun.command(configuration: configuration))?.text == nil)
        #expect((try TrainingAction.saveCopy.command(configuration: configuration))?.text == nil)
    }
}

@Suite("The quit question")
struct QuitQuestionTests {
    @Test("it says where the run is recorded and that y adds a copy")
    func wording() throws {
        let recording = "/data/" + String(repeating: "lab-course/", count: 6) + "session-1.jsonl"
        var controller = UIController()
        var snapshot = Fixtures.snapshot(try Fixtures.interpreter(), width: 80, height: 24)
        snapshot.recordingPath = recording
        snapshot.hasUnsavedChanges = true
        _ = controller.handle(.character("q"), snapshot: snapshot)
        let question = try #require(controller.question)
        #expect(question.contains("everything is recorded in \(recording)"))
        #expect(question.contains("y: also save a closed copy"))
        #expect(!question.lowercased().contains("lost"))
        #expect(UIController.quitQuestion(recordingPath: nil).contains("not being recorded"))
        // Longer than the bottom line at 120 columns: shown whole, word-wrapped, in a box.
        let lines = Fixtures.render(controller.model(snapshot: snapshot), width: 120, height: 40)
        let text = lines.map { $0.replacingOccurrences(of: "│", with: " ").trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        #expect(text.contains(question))
        #expect(lines[39].contains("answer the question above"))
    }
}

@Suite("Asking before a trained network is thrown away")
struct ConfirmReinitialiseTests {
    @Test("a, A, d, R and a re-initialising :set ask after 20 epochs; y goes ahead, any other key keeps it")
    func asks() throws {
        var controller = UIController()
        var trained = Fixtures.snapshot(try Fixtures.interpreter(), width: 80, height: 24)
        trained.recordingPath = "/tmp/rec.jsonl"
        trained.epoch = 25
        #expect(controller.handle(.character("a"), snapshot: trained).isEmpty)
        let question = try #require(controller.question)
        #expect(question.contains("discard the one trained for 25 epochs (its epochs stay in /tmp/rec.jsonl)"))
        #expect(controller.handle(.character("y"), snapshot: trained) == [.post(.action(.nextActivation))])
        for key: Key in [.character("A"), .character("d"), .character("R")] {
            #expect(controller.handle(key, snapshot: trained).isEmpty)
            #expect(controller.question != nil)
            #expect(controller.handle(.character("n"), snapshot: trained).isEmpty)
            #expect(controller.message?.lines == ["kept the trained network"])
        }
        _ = controller.handle(.character(":"), snapshot: trained)
        for c in "set activation tanh" { _ = controller.handle(.character(c), snapshot: trained) }
        #expect(controller.handle(.enter, snapshot: trained).isEmpty)
        #expect(controller.handle(.character("y"), snapshot: trained) == [.post(.line("set activation tanh"))])
        // A live setting never asks; a young network never asks.
        _ = controller.handle(.character(":"), snapshot: trained)
        for c in "set lr 0.05" { _ = controller.handle(.character(c), snapshot: trained) }
        #expect(controller.handle(.enter, snapshot: trained) == [.post(.line("set lr 0.05"))])
        trained.epoch = 20
        #expect(controller.handle(.character("a"), snapshot: trained) == [.post(.action(.nextActivation))])
    }
}
