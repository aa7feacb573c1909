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
        #expect(TrainingAction.regenerateData.commandLine(configuration: TrainingConfiguration()) == "set data-seed 2")

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
