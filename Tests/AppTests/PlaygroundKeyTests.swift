import App
import Foundation
import NeuralNetwork
import Sessions
import Terminal
import Testing

@Suite("Playground keys")
struct PlaygroundKeyTests {
    @Test("g regenerates the data from the next data seed, recorded as an event that replay --verify re-applies")
    func regenerate() throws {
        var controller = UIController()
        let snapshot = Fixtures.snapshot(try Fixtures.interpreter(), width: 80, height: 24)
        #expect(controller.handle(.character("g"), snapshot: snapshot) == [.post(.action(.regenerateData))])
        #expect((try TrainingAction.regenerateData.command(configuration: TrainingConfiguration()))?.text == "set data-seed 2")

        let folder = try Fixtures.Folder()
        defer { folder.remove() }
        let path = folder.file("g.jsonl")
        let interpreter = try Fixtures.smallInterpreter()
        let before = interpreter.experiment.trainer.dataset.inputs
        let worker = try Fixtures.recordingWorker(path, interpreter: interpreter)
        worker.post(.action(.stepEpoch))
        worker.post(.action(.regenerateData))
        worker.post(.action(.stepEpoch))
        worker.post(.action(.regenerateData))
        worker.stop()
        #expect(interpreter.experiment.configuration.dataSeed == 3)
        #expect(interpreter.experiment.trainer.dataset.inputs != before)
        let contents = try SessionReader.read(path: path)
        #expect(contents.events.map(\.command) == ["set data-seed 2", "set data-seed 3"])
        let report = try SessionVerifier.verify(path: path)
        #expect(report.succeeded, "\(report)")
    }
}

@Suite("Data panel toggles")
struct DataPanelToggleTests {
    private func points(_ lines: [String]) -> Int {
        lines.prefix(20).reduce(0) { $0 + $1.filter { $0 == "●" }.count }
    }

    @Test("v hides and shows the validation points; o discretises the output and back")
    func toggles() throws {
        var controller = UIController()
        let interpreter = try Fixtures.interpreter(dataset: "circle", ["set val 0.5", "step 5"])
        let snapshot = Fixtures.snapshot(interpreter, width: 120, height: 40)
        let shown = Fixtures.render(controller.model(snapshot: snapshot), width: 120, height: 40)
        #expect(controller.handle(.character("v"), snapshot: snapshot).isEmpty)
        #expect(!controller.model(snapshot: snapshot).showsValidationPoints)
        let hidden = Fixtures.render(controller.model(snapshot: snapshot), width: 120, height: 40)
        #expect(points(hidden) < points(shown))
        #expect(points(hidden) > 0)
        _ = controller.handle(.character("v"), snapshot: snapshot)
        #expect(Array(Fixtures.render(controller.model(snapshot: snapshot), width: 120, height: 40).prefix(20)) == Array(shown.prefix(20)))

        _ = controller.handle(.character("o"), snapshot: snapshot)
        #expect(controller.model(snapshot: snapshot).discretizesOutput)
        guard case let .decisionMap(map) = snapshot.dataView else { Issue.record("no decision map"); return }
        let flat = map.displayed(discretized: true, showingValidation: true)
        for (row, original) in zip(flat.grid, map.grid) {
            for (cell, before) in zip(row, original) {
                #expect(cell.classIndex == before.classIndex)
                #expect(cell.confidence == (before.confidence > 0 ? 1 : 0))
            }
        }
        let validation = map.points.filter(\.isValidation).count
        #expect(validation == interpreter.experiment.trainer.validationCount)
        #expect(map.displayed(discretized: false, showingValidation: false).points.count == map.points.count - validation)
    }
}

@Suite("Dataset cycling with features")
struct DatasetCyclingTests {
    @Test("d skips the 1-D sine while input features are on, so it never gets stuck on a refused dataset")
    func skipsSine() throws {
        var c = TrainingConfiguration()
        try c.set("dataset", "moons")
        #expect((try TrainingAction.nextDataset.command(configuration: c))?.text == "dataset sine")
        try c.set("features", "x1^2")
        #expect((try TrainingAction.nextDataset.command(configuration: c))?.text == "dataset plane")
    }
}

@Suite("Editing the selected neuron")
struct NeuronEditTests {
    @Test("e in the network view opens the command line with the selected neuron's bias command; Enter sets it")
    func editBias() throws {
        var controller = UIController()
        let interpreter = try Fixtures.smallInterpreter()
        let snapshot = Fixtures.snapshot(interpreter, width: 120, height: 40)
        #expect(controller.handle(.character("e"), snapshot: snapshot).isEmpty)
        #expect(!controller.isEditing, "e does nothing outside the network view")
        _ = controller.handle(.character("n"), snapshot: snapshot)
        _ = controller.handle(.down, snapshot: snapshot)
        _ = controller.handle(.character("e"), snapshot: snapshot)
        #expect(controller.isEditing)
        #expect(controller.model(snapshot: snapshot).commandLine?.text == "set bias 1 2 ")
        for c in "0.5" { _ = controller.handle(.character(c), snapshot: snapshot) }
        #expect(controller.handle(.enter, snapshot: snapshot) == [.post(.line("set bias 1 2 0.5"))])
        let result = interpreter.execute(line: "set bias 1 2 0.5")
        #expect(result.error == nil)
        #expect(interpreter.experiment.trainer.network.layers[0].bias[1] == 0.5)
    }
}
