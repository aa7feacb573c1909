import Foundation
import NeuralNetwork
import Testing

@Suite("Warnings while the numbers stay finite")
struct EpochWarningTests {
    func spiral(_ edit: (inout TrainingConfiguration) throws -> Void) throws -> Trainer<Float> {
        var c = TrainingConfiguration()
        try c.set("dataset", "spiral")
        try edit(&c)
        return try Experiment(configuration: c).trainer
    }

    @Test("lr 1e6: the loss explodes past 1000x the untrained network's and is flagged, then every unit dies")
    func explodingLoss() throws {
        let trainer = try spiral { try $0.set("layers", "16"); try $0.set("lr", "1e6") }
        let first = try #require(trainer.stepEpoch())
        // Independent: an untrained 3-class softmax classifier's loss is about ln 3.
        let untrained = try #require(trainer.firstLoss)
        #expect(abs(untrained - log(3.0)) < 0.5)
        #expect(first.trainLoss.isFinite && first.trainLoss >= 1000 * untrained)
        #expect(first.warnings.contains(.explodingLoss))
        let second = try #require(trainer.stepEpoch())
        #expect(second.layers.dropLast().allSatisfy { $0.deadFraction == 1 })
        #expect(second.warnings.contains(.allUnitsDead))
    }

    @Test("a healthy run has no warnings; bias-init -5 kills every ReLU from the start")
    func healthyAndDead() throws {
        let healthy = try spiral { try $0.set("layers", "16,16") }
        for _ in 0..<5 { #expect(try #require(healthy.stepEpoch()).warnings.isEmpty) }
        let dead = try spiral { try $0.set("layers", "32,32"); try $0.set("bias-init", "-5") }
        let m = try #require(dead.stepEpoch())
        #expect(m.layers.dropLast().allSatisfy { $0.deadFraction == 1 })
        #expect(m.warnings == [.allUnitsDead])
    }

    @Test("the rule: at least 1000x the first batch's loss; all hidden layers fully dead; no hidden layer, no flag")
    func rule() {
        func metrics(loss: Double, dead: [Double]) -> EpochMetrics {
            EpochMetrics(epoch: 1, trainLoss: loss, valLoss: nil, trainAccuracy: nil, valAccuracy: nil, learningRate: 0.1,
                         layers: (dead + [0]).map { LayerDiagnostics(gradNorm: 1, weightNorm: 1, deadFraction: $0, saturatedFraction: 0) })
        }
        #expect(EpochWarning.check(metrics(loss: 999, dead: [0]), firstLoss: 1) == [])
        #expect(EpochWarning.check(metrics(loss: 1000, dead: [0]), firstLoss: 1) == [.explodingLoss])
        #expect(EpochWarning.check(metrics(loss: 1, dead: [1, 0.9]), firstLoss: 1) == [])
        #expect(EpochWarning.check(metrics(loss: 1, dead: [1, 1]), firstLoss: 1) == [.allUnitsDead])
        #expect(EpochWarning.check(metrics(loss: 1, dead: []), firstLoss: 1) == [])
    }
}
