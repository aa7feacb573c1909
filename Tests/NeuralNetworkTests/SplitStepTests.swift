import Activations
import Datasets
import Foundation
import LinearAlgebra
@testable import NeuralNetwork
import Randomness
import Testing

@Suite("Split step")
struct SplitStepTests {
    /// `count` examples of `features` normal features in `classes` classes.
    static func dataset(count: Int, features: Int, classes: Int, seed: UInt64) -> Dataset {
        var rng = SeededGenerator(seed: seed)
        let inputs = (0..<(count * features)).map { _ in rng.normal() }
        let labels = (0..<count).map { i in (i * 7 + i / 3) % classes }
        return Dataset(name: "split-fixture", count: count, features: features, inputs: inputs,
                       task: .classification(labels: labels, classNames: (0..<classes).map(String.init)))
    }

    /// deep-sigmoid's shape: 10 logistic layers of 32, batches of 32 (the last partial).
    static func deepLogistic(_ edit: (inout TrainingConfiguration) -> Void = { _ in }) -> TrainingConfiguration {
        Fixtures.configuration {
            $0.hidden = Array(repeating: 32, count: 10)
            $0.activation = .activation(Activation(.logistic))
            $0.batchSize = 32
            $0.optimizer.learningRate = 0.5
            $0.validationFraction = 0.2
            $0.seed = 5
            edit(&$0)
        }
    }

    /// digits' shape with ReLUs, some dead from the start (negative biases), weight decay and an
    /// odd batch (rows split 8 + 9; the epoch's last batch of 13 rows runs on one core).
    static func reluWithDecay(_ edit: (inout TrainingConfiguration) -> Void = { _ in }) -> TrainingConfiguration {
        Fixtures.configuration {
            $0.hidden = [128, 64]
            $0.batchSize = 17
            $0.biasInit = -3
            $0.optimizer.learningRate = 0.1
            $0.optimizer.weightDecay = 0.01
            $0.validationFraction = 0.1
            $0.seed = 9
            edit(&$0)
        }
    }

    static func pair(_ configuration: TrainingConfiguration, _ data: Dataset) throws -> (split: Trainer<Float>, one: Trainer<Float>) {
        let split = try Trainer<Float>(configuration: configuration, dataset: data)
        let one = try Trainer<Float>(configuration: configuration, dataset: data)
        one.splitsAcrossCores = false
        return (split, one)
    }

    static func bits(_ network: Network<Float>) -> [[UInt32]] {
        network.layers.map { $0.weights.storage.prefix($0.weights.count).map(\.bitPattern) + $0.bias.map(\.bitPattern) }
    }

    static func json(_ epochs: [EpochMetrics]) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return String(decoding: try encoder.encode(epochs), as: UTF8.self)
    }

    @Test("deep logistic network: the split step trains the same bits as the one-core step (weights, losses, every diagnostic)")
    func deepLogisticSameBits() throws {
        let data = Self.dataset(count: 230, features: 2, classes: 2, seed: 1)
        let (split, one) = try Self.pair(Self.deepLogistic(), data)
        #expect(split.splitsRows(32) == (SecondCore.shared != nil))
        let a = split.run(epochs: 4), b = one.run(epochs: 4)
        #expect(a.count == 4)
        #expect(try Self.json(a) == Self.json(b))
        #expect(Self.bits(split.network) == Self.bits(one.network))
        #expect((split.splitPass != nil) == (SecondCore.shared != nil), "the split step ran wherever there is a second core")
        #expect(one.splitPass == nil)
    }

    @Test("ReLU network with dead units, weight decay and an odd batch: the same bits, and the same workspace after a step")
    func reluSameBitsAndWorkspace() throws {
        let data = Self.dataset(count: 200, features: 64, classes: 10, seed: 2)
        let (split, one) = try Self.pair(Self.reluWithDecay(), data)
        split.stepBatch()
        one.stepBatch()
        #expect((split.prefetchedBatch != nil) == (SecondCore.shared != nil),
                "the split step gathers the next batch as one of its pieces, however small the batch")
        #expect(one.prefetchedBatch == nil, "the one-core step gathers batches of 17 × 64 values itself")
        for l in split.network.layers.indices {
            let (x, y) = (split.workspace, one.workspace)
            #expect(x.gradients[l].weights.storage.map(\.bitPattern) == y.gradients[l].weights.storage.map(\.bitPattern))
            #expect(x.gradients[l].bias.map(\.bitPattern) == y.gradients[l].bias.map(\.bitPattern))
            for (p, q) in [(x.z[l], y.z[l]), (x.delta[l], y.delta[l])] {
                #expect(p.rows == q.rows && p.storage.prefix(p.count).map(\.bitPattern) == q.storage.prefix(q.count).map(\.bitPattern))
            }
            #expect(x.statistics.alive[l] == y.statistics.alive[l])
            #expect(x.statistics.saturated[l] == y.statistics.saturated[l] && x.statistics.pairs[l] == y.statistics.pairs[l])
            #expect(x.statistics.preactivationMin[l].bitPattern == y.statistics.preactivationMin[l].bitPattern)
            #expect(x.statistics.preactivationMax[l].bitPattern == y.statistics.preactivationMax[l].bitPattern)
        }
        #expect(split.workspace.statistics.alive[0].contains(0), "some units are dead: liveness is tested")
        let a = split.run(epochs: 3), b = one.run(epochs: 3)
        #expect(try Self.json(a) == Self.json(b))
        #expect(Self.bits(split.network) == Self.bits(one.network))
    }

    @Test("a wide network (gradients in blocks of rows, the next batch gathered during the updates): the same bits")
    func blockedGradientsAndGather() throws {
        let data = GatherAheadTests.wideDataset()
        let configuration = Fixtures.configuration {
            $0.hidden = [256, 128]
            $0.batchSize = 128
            $0.optimizer.learningRate = 0.05
            $0.validationFraction = 0.1
            $0.seed = 3
        }
        let (split, one) = try Self.pair(configuration, data)
        one.gathersAhead = false
        #expect(split.splitsRows(128) == (SecondCore.shared != nil))
        if let pass = split.splitPass {
            #expect(pass.gradientPieces == 2 * SplitPass.blocksPerGradient + 1, "160 × 256 and 256 × 128 in blocks, 128 × 4 whole")
        }
        let a = split.run(epochs: 3), b = one.run(epochs: 3)
        #expect(try Self.json(a) == Self.json(b))
        #expect(Self.bits(split.network) == Self.bits(one.network))
    }

    @Test("a layer after a dead layer: its z are all 0, and both paths report the extremes as +0")
    func zeroExtremes() throws {
        let data = Self.dataset(count: 64, features: 64, classes: 10, seed: 3)
        let configuration = Self.reluWithDecay {
            $0.biasInit = -100  // every ReLU of the first layer dead: the second layer's z are 0·W + b
            $0.batchSize = 32
        }
        let (split, one) = try Self.pair(configuration, data)
        for trainer in [split, one] {
            for j in trainer.network.layers[1].bias.indices { trainer.network.layers[1].bias[j] = -0.0 }
            trainer.stepBatch()
            #expect(trainer.workspace.z[1].storage.prefix(trainer.workspace.z[1].count).allSatisfy { $0 == 0 })
            #expect(trainer.workspace.statistics.preactivationMin[1].bitPattern == Float(0).bitPattern)
            #expect(trainer.workspace.statistics.preactivationMax[1].bitPattern == Float(0).bitPattern)
        }
    }

    @Test("a step whose loss is not finite diverges the same way on both paths and keeps the weights")
    func divergence() throws {
        let data = Self.dataset(count: 230, features: 2, classes: 2, seed: 4)
        let (split, one) = try Self.pair(Self.deepLogistic(), data)
        var epochs: [[EpochMetrics]] = []
        for trainer in [split, one] {
            var first = trainer.run(epochs: 1)
            trainer.network.layers[10].bias[0] = .infinity  // the logits, and the loss, become non-finite
            first += trainer.run(epochs: 1)
            #expect(first.last?.diverged != nil)
            epochs.append(first)
        }
        #expect(try Self.json(epochs[0]) == Self.json(epochs[1]))
        #expect(Self.bits(split.network) == Self.bits(one.network))
        #expect(Self.bits(split.spareNetwork) == Self.bits(one.spareNetwork), "the dropped step left the spare network alone")
    }

    @Test("a step while another thread has the second core runs on one core, and the split steps after it still finish",
          .timeLimit(.minutes(1)))
    func stepWhileTheSecondCoreIsBusy() throws {
        guard let core = SecondCore.shared else { return }
        let data = Self.dataset(count: 230, features: 2, classes: 2, seed: 6)
        let (split, one) = try Self.pair(Self.deepLogistic(), data)
        var context = 0, tries = 0
        var ranAlone: Bool?
        while ranAlone == nil, tries < 10_000 {  // other tests running at the same time may have the worker
            tries += 1
            ranAlone = withUnsafeMutablePointer(to: &context) { pointer in
                core.overlapping({ _ in }, context: UnsafeMutableRawPointer(pointer)) {
                    split.stepBatch()  // the worker is ours: this step is readied, then run on one core
                    return true
                }
            }
            if ranAlone == nil { usleep(1000) }
        }
        #expect(ranAlone == true)
        one.stepBatch()
        let a = split.run(epochs: 2), b = one.run(epochs: 2)  // before the fix, the next split step waited forever
        #expect(try Self.json(a) == Self.json(b))
        #expect(Self.bits(split.network) == Self.bits(one.network))
    }

    @Test("the split applies to small single-precision SGD steps only")
    func eligibility() throws {
        guard SecondCore.shared != nil else { return }
        let deep = Self.dataset(count: 100, features: 2, classes: 2, seed: 5)
        let cases: [(TrainingConfiguration, Dataset, Bool)] = [
            (Self.deepLogistic(), deep, true),
            (Self.reluWithDecay(), Self.dataset(count: 100, features: 64, classes: 10, seed: 6), true),
            (Fixtures.configuration { $0.batchSize = 10 }, deep, false),  // spiral's size: too small
            (Self.deepLogistic { $0.optimizer.kind = .adam }, deep, false),
            (Self.deepLogistic { $0.optimizer.clipNorm = 1 }, deep, false),
            (Self.deepLogistic { $0.batchNorm = true }, deep, false),
            (Self.deepLogistic { $0.activation = .activation(Activation(.tanh)) }, deep, false),
            (Self.deepLogistic { $0.batchSize = 8 }, deep, false),
            (Self.deepLogistic { $0.hidden = [1024, 1024] }, deep, true),
            (Self.deepLogistic { $0.hidden = [2048, 2048] }, deep, false),  // beyond our kernel's limit: OpenBLAS's bits
            (Fixtures.configuration { $0.batchSize = 32 }, Fixtures.sine(count: 100), false),  // regression
        ]
        for (i, (configuration, data, expected)) in cases.enumerated() {
            let trainer = try Trainer<Float>(configuration: configuration, dataset: data)
            #expect(trainer.splitsRows(trainer.batchSize) == expected, "case \(i)")
        }
    }
}
