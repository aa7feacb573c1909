import Activations
import NeuralNetwork
import Testing

@Suite("Training learns, diagnoses and stays deterministic")
struct TrainingTests {
    @Test("XOR is learned by a small tanh network")
    func xorWithTanh() throws {
        let c = try Fixtures.configuration {
            try $0.set("activation", "tanh")
            try $0.set("layers", "4")
            try $0.set("lr", "0.3")
            try $0.set("batch", "4")
            $0.validationFraction = 0
        }
        let trainer = try Trainer<Float>(configuration: c, dataset: Fixtures.xorCorners())
        let before = try #require(trainer.evaluateTraining())
        trainer.run(epochs: 150)
        let after = try #require(trainer.evaluateTraining())
        #expect(after.accuracy == 1)
        #expect(after.loss < 0.1 && after.loss < before.loss)
    }

    @Test("the 3-class spiral reaches 95% training accuracy with ReLU")
    func spiralWithReLU() throws {
        let c = try Fixtures.configuration {
            try $0.set("layers", "64,64")
            try $0.set("optimizer", "adam")
            try $0.set("lr", "0.01")
            try $0.set("batch", "32")
            $0.validationFraction = 0
        }
        let trainer = try Trainer<Float>(configuration: c)
        trainer.run(epochs: 300)
        let accuracy = try #require(trainer.evaluateTraining()?.accuracy)
        #expect(accuracy >= 0.95)
    }

    @Test("sine is fitted by MSE regression")
    func sineRegression() throws {
        let c = try Fixtures.configuration {
            try $0.set("activation", "tanh")
            try $0.set("layers", "16")
            try $0.set("optimizer", "adam")
            try $0.set("lr", "0.02")
            $0.validationFraction = 0
        }
        let trainer = try Trainer<Float>(configuration: c, dataset: Fixtures.sine())
        trainer.run(epochs: 300)
        let loss = try #require(trainer.evaluateTraining()?.loss)
        #expect(loss < 0.01)
        #expect(trainer.history.last?.trainAccuracy == nil)
    }

    @Test("gradients vanish through ten logistic layers but not through ten ReLU layers")
    func vanishingGradients() throws {
        func gradNorms(_ activation: String) throws -> [Double] {
            let c = try Fixtures.configuration {
                try $0.set("layers", Array(repeating: "32", count: 10).joined(separator: ","))
                try $0.set("activation", activation)
            }
            let trainer = try Trainer<Float>(configuration: c)
            let m = try #require(trainer.stepEpoch())
            return m.layers.map(\.gradNorm)
        }
        let logistic = try gradNorms("logistic")
        #expect(logistic[0] * 1000 < logistic[10], "logistic: \(logistic)")
        let relu = try gradNorms("relu")
        #expect(relu[0] * 20 > relu[10] && relu[0] < relu[10] * 20, "relu: \(relu)")
    }

    @Test("a bias of -5 kills the ReLUs")
    func deadReLUs() throws {
        let c = try Fixtures.configuration { try $0.set("bias-init", "-5") }
        let trainer = try Trainer<Float>(configuration: c)
        let m = try #require(trainer.stepEpoch())
        #expect(m.layers[0].deadFraction > 0.75)
        #expect(m.layers[1].deadFraction > 0.95)
        #expect(m.layers[2].deadFraction == 0)
        let healthy = try Trainer<Float>(configuration: TrainingConfiguration()).stepEpoch()
        #expect((healthy?.layers[0].deadFraction ?? 1) < 0.5)
    }

    @Test("saturated logistic units are reported")
    func saturation() throws {
        let c = try Fixtures.configuration { try $0.set("activation", "logistic"); try $0.set("bias-init", "8") }
        let m = try #require(try Trainer<Float>(configuration: c).stepEpoch())
        #expect(m.layers[0].saturatedFraction > 0.9)
        #expect(m.layers[0].deadFraction == 0, "logistic units cannot die")
    }

    @Test("a learning rate of 1e6 is reported as divergence, weights stay finite")
    func divergence() throws {
        let c = try Fixtures.configuration {
            try $0.set("lr", "1e6")
            try $0.set("layers", "16,16,16,16,16")
        }
        let trainer = try Trainer<Float>(configuration: c)
        let metrics = trainer.run(epochs: 5)
        let last = try #require(metrics.last)
        #expect(metrics.count == 1)
        #expect(last.diverged?.hasPrefix("diverged at epoch 1, batch ") == true)
        guard case let .diverged(message) = trainer.status else { Issue.record("status \(trainer.status)"); return }
        #expect(message == last.diverged)
        #expect(trainer.network.allFinite)
        #expect(trainer.stepBatch() == .halted(trainer.status))
    }

    @Test("same seed and configuration give bit-identical runs; another seed differs")
    func determinism() throws {
        let c = try Fixtures.configuration { try $0.set("optimizer", "adam"); try $0.set("lr", "0.01") }
        let a = try Trainer<Float>(configuration: c).run(epochs: 5)
        let b = try Trainer<Float>(configuration: c).run(epochs: 5)
        #expect(a == b)
        var other = c
        other.seed = 2
        let d = try Trainer<Float>(configuration: other).run(epochs: 5)
        #expect(a != d)
    }

    @Test("early stopping halts when validation loss stops improving")
    func earlyStopping() throws {
        let c = try Fixtures.configuration { try $0.set("lr", "1e-8"); try $0.set("patience", "2"); try $0.set("optimizer", "sgd") }
        let trainer = try Trainer<Float>(configuration: c)
        trainer.run(epochs: 200)
        guard case .stoppedEarly = trainer.status else { Issue.record("status \(trainer.status)"); return }
        #expect(trainer.epoch < 200)
    }

    @Test("momentum and Adam lower the loss; weight decay shrinks weights; clipping bounds steps")
    func optimisers() throws {
        for name in ["sgd", "momentum", "adam"] {
            let c = try Fixtures.configuration { try $0.set("optimizer", name); try $0.set("lr", name == "adam" ? "0.01" : "0.05") }
            let t = try Trainer<Float>(configuration: c)
            let first = try #require(t.stepEpoch())
            t.run(epochs: 20)
            #expect(t.history.last!.trainLoss < first.trainLoss, "\(name)")
        }
        let plain = try Trainer<Float>(configuration: Fixtures.configuration())
        let decayed = try Trainer<Float>(configuration: Fixtures.configuration { try $0.set("weight-decay", "0.05") })
        plain.run(epochs: 10)
        decayed.run(epochs: 10)
        #expect(decayed.history.last!.layers[0].weightNorm < plain.history.last!.layers[0].weightNorm)

        let start = try Trainer<Float>(configuration: Fixtures.configuration())
        let clipped = try Trainer<Float>(configuration: Fixtures.configuration { try $0.set("clip", "1e-6"); try $0.set("lr", "1") })
        clipped.stepBatch()
        let moved = zip(clipped.network.layers[0].weights.elements, start.network.layers[0].weights.elements).map { abs($0 - $1) }.max()!
        #expect(moved <= 1.1e-6)
    }

    @Test("mini-batch stepping matches epoch stepping")
    func batchSteps() throws {
        let a = try Trainer<Float>(configuration: TrainingConfiguration())
        let b = try Trainer<Float>(configuration: TrainingConfiguration())
        var outcome = StepOutcome.halted(.ready)
        var batches = 0
        while true {
            outcome = a.stepBatch()
            batches += 1
            if case .batch = outcome { continue }
            break
        }
        #expect(batches == a.batchesPerEpoch)
        #expect(outcome == .epoch(b.stepEpoch()!))
    }

    @Test("predictions are probabilities over the classes")
    func predictions() throws {
        let t = try Trainer<Float>(configuration: TrainingConfiguration())
        let p = t.predict(points: [0, 0, 0.5, -0.5], count: 2)
        #expect(p.count == 6)
        #expect(abs(p[0] + p[1] + p[2] - 1) < 1e-9)
    }
}
