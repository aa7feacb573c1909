import Datasets
@testable import NeuralNetwork
import Randomness
import Testing

@Suite("Gather ahead")
struct GatherAheadTests {
    /// 600 examples of 160 features, 4 classes: batches of 128 × 160 values, large enough for the
    /// second core to gather the next one (the last batch of each epoch is partial).
    static func wideDataset() -> Dataset {
        var rng = SeededGenerator(seed: 7)
        let count = 600, features = 160
        let inputs = (0..<(count * features)).map { _ in rng.normal() }
        let labels = (0..<count).map { i in i % 4 }
        return Dataset(name: "wide-fixture", count: count, features: features, inputs: inputs,
                       task: .classification(labels: labels, classNames: ["a", "b", "c", "d"]))
    }

    static func trainer(gathersAhead: Bool) throws -> Trainer<Float> {
        let configuration = Fixtures.configuration {
            $0.hidden = [64]
            $0.batchSize = 128
            $0.optimizer.kind = .sgd
            $0.optimizer.learningRate = 0.05
            $0.validationFraction = 0.1
            $0.seed = 3
        }
        let trainer = try Trainer<Float>(configuration: configuration, dataset: wideDataset())
        trainer.gathersAhead = gathersAhead
        trainer.splitsAcrossCores = false  // the one-core step's own gather ahead (SplitStepTests has the split step's)
        return trainer
    }

    @Test("gathering the next batch on the second core trains the same bits as the step's own gather")
    func sameBits() throws {
        let ahead = try Self.trainer(gathersAhead: true)
        let own = try Self.trainer(gathersAhead: false)
        let a = ahead.run(epochs: 3)
        let b = own.run(epochs: 3)
        #expect(a.count == 3 && b.count == 3)
        #expect(a.map(\.trainLoss.bitPattern) == b.map(\.trainLoss.bitPattern))
        #expect(ahead.network == own.network)
    }

    @Test("a batch size changed between steps is gathered anew, not taken from the prefetched rows")
    func reconfiguredBatch() throws {
        let ahead = try Self.trainer(gathersAhead: true)
        let own = try Self.trainer(gathersAhead: false)
        for trainer in [ahead, own] {
            trainer.stepBatch()
            var next = trainer.configuration
            next.batchSize = 100
            trainer.reconfigure(next)
            trainer.stepEpoch()
        }
        #expect(ahead.network == own.network)
    }
}
