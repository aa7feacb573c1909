import Activations
import Foundation
import NeuralNetwork
import Sessions
import Testing
import WeightFiles
@testable import WeightExchange

/// Sessions in, weights out, and weights back in: checkpoint selection, `--init-from`'s
/// configuration, the header's initial weights and `replay --verify`.
@Suite struct SessionWeightsTests {
    static func folder() -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("nnscope-sw-\(UUID().uuidString)").path
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Records `epochs` epochs of `configuration` with a checkpoint every `every` epochs.
    static func record(_ configuration: TrainingConfiguration, to path: String, epochs: Int, every: Int) throws {
        let trainer = try Trainer<Float>(configuration: configuration)
        let recorder = try SessionRecorder(path: path, configuration: configuration, programVersion: "nnscope test")
        for _ in 0..<epochs {
            let metrics = try #require(trainer.stepEpoch())
            try recorder.record(epoch: metrics, generation: 1)
            if trainer.epoch % every == 0 {
                try recorder.record(checkpoint: trainer.network, position: SessionPosition(generation: 1, epoch: trainer.epoch, batch: 0))
            }
        }
        try recorder.close()
    }

    static var configuration: TrainingConfiguration {
        var c = TrainingConfiguration()
        c.dataset = "circle"
        c.hidden = [6]
        c.activation = .activation(Activation(.prelu))
        return c
    }

    @Test func theCheckpointAtOrBeforeAnEpochIsChosen() throws {
        let path = SessionWeightsTests.folder() + "/s.jsonl"
        try SessionWeightsTests.record(SessionWeightsTests.configuration, to: path, epochs: 6, every: 2)
        #expect(try SessionCheckpointSelection.open(path: path, atOrBefore: 5).checkpoint.position.epoch == 4)
        #expect(try SessionCheckpointSelection.open(path: path, atOrBefore: 2).checkpoint.position.epoch == 2)
        #expect(try SessionCheckpointSelection.open(path: path, atOrBefore: nil).checkpoint.position.epoch == 6)
        #expect { try SessionCheckpointSelection.open(path: path, atOrBefore: 1) } throws: {
            "\($0)".contains("no checkpoint at or before epoch 1: the first one is at epoch 2")
        }
        // The weights carry the rebuilt trainer's standardisation (circle: none) and class names.
        let w = try NetworkWeights.load(path: path, epoch: 3)
        #expect(w.inputMean == [0, 0] && w.inputStd == [1, 1] && w.classNames?.count == 2 && w.configuration["layers"] == "6")
    }

    @Test func changesRecordedAfterACheckpointDoNotApplyToIt() throws {
        let path = SessionWeightsTests.folder() + "/events.jsonl"
        let experiment = try Experiment(configuration: SessionWeightsTests.configuration)
        let recorder = try SessionRecorder(path: path, configuration: experiment.configuration, programVersion: "nnscope test")
        for _ in 0..<2 { try recorder.record(epoch: try #require(experiment.stepEpoch()), generation: 1) }
        try recorder.record(checkpoint: experiment.trainer.network, position: SessionPosition(of: experiment))
        try recorder.record(event: SessionEvent(position: SessionPosition(of: experiment), command: "set layers 4", time: 1))
        try experiment.set("layers", "4")
        for _ in 0..<3 { try recorder.record(epoch: try #require(experiment.stepEpoch()), generation: 2) }
        try recorder.record(checkpoint: experiment.trainer.network, position: SessionPosition(of: experiment))
        try recorder.close()
        #expect(try SessionVerifier.verify(path: path).succeeded)
        let early = try SessionCheckpointSelection.open(path: path, atOrBefore: 2)
        #expect(early.checkpoint.position == SessionPosition(generation: 1, epoch: 2, batch: 0) && early.experiment.configuration.hidden == [6])
        let late = try SessionCheckpointSelection.open(path: path, atOrBefore: 3)
        #expect(late.checkpoint.position == SessionPosition(generation: 2, epoch: 3, batch: 0) && late.experiment.configuration.hidden == [4])
        #expect(try NetworkWeights.load(path: path, epoch: nil).network.shapeDescription == "2-4-2")
    }

    @Test(arguments: WeightFileFormat.allCases)
    func exportImportIsBitIdenticalAndVerifies(format: WeightFileFormat) throws {
        let folder = SessionWeightsTests.folder()
        try SessionWeightsTests.record(SessionWeightsTests.configuration, to: folder + "/s.jsonl", epochs: 4, every: 4)
        let exported = try NetworkWeights.load(path: folder + "/s.jsonl", epoch: nil)
        let file = folder + "/net." + format.rawValue
        try WeightFileIO.write(exported.archive(programVersion: "t"), to: file)

        // Every setting from the file, the weights as the first network's.
        let c = try NetworkWeights.startingConfiguration(initFrom: file, layersGiven: false) { $0 }
        #expect(c.hidden == [6] && c.dataset == "circle" && c.activation.name == "prelu")
        let trainer = try Trainer<Float>(configuration: c)
        #expect(trainer.network == exported.network)
        let raw = Fixtures.rows(30, inputs: 2)
        #expect(trainer.predict(points: raw, count: 30).map(\.bitPattern) == exported.predictions(raw: raw, count: 30).map(\.bitPattern))

        // Recorded with the weights in its header, the run replays bit for bit without the file.
        let session = folder + "/again.jsonl"
        try SessionWeightsTests.record(c, to: session, epochs: 3, every: 3)
        try FileManager.default.removeItem(atPath: file)
        let contents = try SessionReader.read(path: session)
        #expect(contents.header.configuration.initialWeights?.network == exported.network)
        let report = try SessionVerifier.verify(path: session)
        #expect(report.succeeded && report.epochsChecked == 3 && report.checkpointsChecked == 1, "\(report.description)")
    }

    @Test func givenOptionsWinAndShapesAreChecked() throws {
        let folder = SessionWeightsTests.folder()
        try SessionWeightsTests.record(SessionWeightsTests.configuration, to: folder + "/s.jsonl", epochs: 2, every: 2)
        let file = folder + "/net.npz"
        try WeightFileIO.write(NetworkWeights.load(path: folder + "/s.jsonl", epoch: nil).archive(programVersion: "t"), to: file)
        let c = try NetworkWeights.startingConfiguration(initFrom: file, layersGiven: false) { base in
            var next = base
            try next.set("lr", "0.01")
            return next
        }
        #expect(c.optimizer.learningRate == 0.01)
        var wider = c
        wider.hidden = [7]
        #expect { try Trainer<Float>(configuration: wider) } throws: { "\($0)".contains("layer 1 weights are 6x2 (units x inputs) but the configuration needs 7x2") }
    }

    @Test func resetKeepsImportedWeightsAndAStructuralChangeDropsThem() throws {
        var c = SessionWeightsTests.configuration
        let imported = Fixtures.network(units: [.activation(Activation(.prelu))], inputs: 2, width: 6, outputs: 2)
        c.initialWeights = InitialWeights(source: "x.npz", network: imported)
        let experiment = try Experiment(configuration: c)
        #expect(experiment.trainer.network.layers.map(\.weights) == imported.layers.map(\.weights))
        experiment.trainer.run(epochs: 1)
        try experiment.reset()
        #expect(experiment.trainer.network.layers.map(\.weights) == imported.layers.map(\.weights))
        try experiment.set("lr", "0.05")
        #expect(experiment.configuration.initialWeights != nil)
        try experiment.set("layers", "4")
        #expect(experiment.configuration.initialWeights == nil && experiment.trainer.network.shapeDescription == "2-4-2")
    }
}
