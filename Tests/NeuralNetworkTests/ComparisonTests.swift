import Testing
@testable import NeuralNetwork

@Suite("comparison: two runs in lock-step")
struct ComparisonTests {
    func deepLogistic() throws -> Experiment {
        var c = TrainingConfiguration()
        c.hidden = [8, 8, 8]
        c.activation = try UnitKind(parsing: "logistic")
        return try Experiment(configuration: c)
    }

    @Test("B copies A's initial weights when the shapes allow, and differs in exactly the one setting")
    func copiesInitialWeights() throws {
        let a = try deepLogistic()
        let comparison = try Comparison(a: a, key: "activation", value: "relu")
        #expect(comparison.startingPoint == .copied)
        #expect(comparison.b.trainer.network.layers.map(\.weights) == a.trainer.network.layers.map(\.weights))
        #expect(comparison.b.trainer.network.layers.map(\.bias) == a.trainer.network.layers.map(\.bias))
        #expect(comparison.differences.map(\.key) == ["activation"])
        #expect(comparison.variant.description == "activation relu" && comparison.variant.valueInA == "logistic")
        // Without the copy, ReLU's default (He) initialiser would have drawn other weights.
        let alone = try Experiment(configuration: comparison.b.configuration)
        #expect(alone.trainer.network.layers[0].weights != a.trainer.network.layers[0].weights)
    }

    @Test("a different width cannot share weights, and says which layer differs")
    func differentShapes() throws {
        let a = try deepLogistic()
        let comparison = try Comparison(a: a, key: "layers", value: "8,4,8")
        guard case let .own(reason) = comparison.startingPoint else { Issue.record("expected own weights"); return }
        #expect(reason == "layer 2 is 8x8 in A, 8x4 in B")
        #expect(comparison.startingPoint.description.hasPrefix("own initial weights (layer 2"))
    }

    @Test("an unknown setting, an unusable value or no difference throws and leaves A as it was")
    func badInput() throws {
        let a = try deepLogistic()
        _ = a.stepBatch()
        let before = a.configuration, network = a.trainer.network, epoch = a.trainer.batchInEpoch
        #expect(throws: NetworkError.invalid("unknown setting 'colour'")) { try Comparison(a: a, key: "colour", value: "red") }
        #expect(throws: NetworkError.self) { try Comparison(a: a, key: "lr", value: "-1") }
        #expect(throws: NetworkError.self) { try Comparison(a: a, key: "layers", value: "0,3") }
        #expect(throws: NetworkError.invalid("compare activation logistic: run A already has activation logistic; nothing would differ")) {
            try Comparison(a: a, key: "act", value: "logistic")
        }
        #expect(a.configuration == before && a.trainer.network == network && a.trainer.batchInEpoch == epoch)
    }

    @Test("run A in a comparison is bit-identical to the same run alone")
    func runAUnchanged() throws {
        let alone = try deepLogistic()
        let comparison = try Comparison(a: try deepLogistic(), key: "activation", value: "relu")
        for _ in 0..<4 {
            let single = alone.stepEpoch()
            let pair = comparison.stepEpoch()
            #expect(pair.a == single)
            #expect(pair.b != nil)
        }
        #expect(comparison.a.trainer.network == alone.trainer.network)
    }

    @Test("lock-step: with different batch sizes neither run completes an epoch ahead of the other")
    func lockStep() throws {
        let comparison = try Comparison(a: try deepLogistic(), key: "batch", value: "60")
        var sawWaiting = false
        for _ in 0..<200 {
            let outcome = comparison.stepBatch()
            if outcome.a == nil || outcome.b == nil { sawWaiting = true }
            #expect(abs(comparison.a.trainer.epoch - comparison.b.trainer.epoch) <= 1)
            // A run that finished an epoch waits at its boundary for the other.
            if comparison.a.trainer.epoch > comparison.b.trainer.epoch { #expect(comparison.a.trainer.batchInEpoch == 0) }
            if comparison.b.trainer.epoch > comparison.a.trainer.epoch { #expect(comparison.b.trainer.batchInEpoch == 0) }
        }
        #expect(sawWaiting)
        #expect(comparison.a.trainer.epoch >= 7)
    }

    @Test("set applies to A alone unless both; reset and a structural change copy A's weights into B again")
    func settingsAndReset() throws {
        let comparison = try Comparison(a: try deepLogistic(), key: "activation", value: "relu")
        _ = comparison.stepEpoch()
        try comparison.set("lr", "0.05", both: false)
        #expect(comparison.a.configuration.optimizer.learningRate == 0.05 && comparison.b.configuration.optimizer.learningRate == 0.1)
        #expect(comparison.differences.map(\.key) == ["activation", "lr"])
        try comparison.set("lr", "0.05", both: true)
        #expect(comparison.differences.map(\.key) == ["activation"])
        #expect(throws: NetworkError.self) { try comparison.set("layers", "0,3", both: true) }
        #expect(comparison.a.configuration.hidden == [8, 8, 8] && comparison.b.configuration.hidden == [8, 8, 8])
        try comparison.set("layers", "4,4", both: true)
        #expect(comparison.startingPoint == .copied && comparison.b.trainer.epoch == 0)
        #expect(comparison.b.trainer.network.layers.map(\.weights) == comparison.a.trainer.network.layers.map(\.weights))
        _ = comparison.stepEpoch()
        try comparison.reset()
        #expect(comparison.a.trainer.epoch == 0 && comparison.b.trainer.epoch == 0)
        #expect(comparison.b.trainer.network.layers.map(\.weights) == comparison.a.trainer.network.layers.map(\.weights))
    }
}
