import Activations
import Foundation
import LinearAlgebra
import NeuralNetwork
import Randomness
import Testing

/// Batch normalisation (`--batch-norm`): forward against the definition, backward against finite
/// differences, running statistics, eval mode, batch size 1, and the course's dead-ReLU claim.
@Suite("Batch normalisation")
struct BatchNormTests {
    /// A batch-normalised 3-4-2 network in Double with γ, β and running statistics away from
    /// their initial values, so that every term of the forward and backward pass matters.
    func network(unit: UnitKind = .activation(Activation(.tanh))) -> Network<Double> {
        var rng = SeededGenerator(seed: 7)
        var net = Network<Double>(inputs: 3, hidden: [4], units: [unit], outputs: 2, loss: .softmaxCrossEntropy,
                                  initializer: .xavier, biasInit: 0.3, batchNorm: true, rng: &rng)
        let width = net.layers[0].width
        net.layers[0].normalization = BatchNormalization(
            gamma: (0..<width).map { 0.5 + 0.25 * Double($0) }, beta: (0..<width).map { 0.1 * Double($0) - 0.2 },
            runningMean: (0..<width).map { 0.05 * Double($0) }, runningVariance: (0..<width).map { 0.5 + Double($0) })
        return net
    }

    let input = Matrix<Double>([[0.5, -1.0, 2.0], [1.5, 0.25, -0.5], [-0.75, 1.0, 0.0], [0.1, -0.2, 0.9], [2.0, 1.0, -1.5]])

    /// y = γ·(z − μ)/√(σ² + ε) + β for z = x·W + b, written out from the definition.
    func definition(_ net: Network<Double>, batchStatistics: Bool) -> [[Double]] {
        let layer = net.layers[0], bn = layer.normalization!
        let n = input.rows
        let z = (0..<n).map { r in (0..<layer.width).map { j in (0..<3).reduce(layer.bias[j]) { $0 + input[r, $1] * layer.weights[$1, j] } } }
        return (0..<n).map { r in
            (0..<layer.width).map { j in
                let column = z.map { $0[j] }
                let mean = batchStatistics ? column.reduce(0, +) / Double(n) : bn.runningMean[j]
                let variance = batchStatistics ? column.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(n) : bn.runningVariance[j]
                return bn.gamma[j] * (z[r][j] - mean) / (variance + BatchNorm.epsilon).squareRoot() + bn.beta[j]
            }
        }
    }

    @Test("forward: y = γ·(z − μ)/√(σ² + ε) + β with the batch's statistics, or the running ones", arguments: [true, false])
    func forwardMatchesDefinition(batchStatistics: Bool) {
        let net = network()
        var ws = Workspace(for: net, batchCapacity: input.rows)
        net.forward(input, workspace: &ws, training: batchStatistics, statistics: batchStatistics ? .batch : .running)
        let expected = definition(net, batchStatistics: batchStatistics)
        for r in 0..<input.rows {
            for j in 0..<4 {
                #expect(abs(ws.z[0][r, j] - expected[r][j]) < 1e-12, "row \(r) column \(j)")
                #expect(abs(ws.a[0][r, j] - tanh(expected[r][j])) < 1e-12)
            }
        }
    }

    @Test("with batch statistics each column of ẑ has mean 0 and variance σ²/(σ² + ε)")
    func normalizedColumns() {
        let net = network()
        var ws = Workspace(for: net, batchCapacity: input.rows)
        net.forward(input, workspace: &ws, training: true, statistics: .batch)
        for j in 0..<4 {
            let column = (0..<input.rows).map { ws.normalized[0][$0, j] }
            let mean = column.reduce(0, +) / Double(column.count)
            let variance = column.map { $0 * $0 }.reduce(0, +) / Double(column.count)
            #expect(abs(mean) < 1e-12)
            let sigma2 = ws.batchVariance[0][j]
            #expect(abs(variance - sigma2 / (sigma2 + BatchNorm.epsilon)) < 1e-12)
        }
    }

    @Test("backward agrees with finite differences for every unit kind and loss",
          arguments: ["relu", "tanh", "logistic", "prelu", "swish:1.5:learned", "elu:0.7", "maxout:3"])
    func gradientCheck(unit: String) throws {
        for (dataset, loss) in [("spiral", "auto"), ("xor", "binary-cross-entropy"), ("sine", "mse")] {
            var c = TrainingConfiguration()
            try c.set("dataset", dataset)
            try c.set("loss", loss)
            try c.set("activation", unit)
            try c.set("layers", "5,4")
            try c.set("batch-norm", "on")
            c.biasInit = 0.1
            let trainer = try Trainer<Double>(configuration: c)
            trainer.run(epochs: 2)  // γ, β and the weights away from their initial values
            for r in trainer.gradientCheck(count: 12) {
                #expect(r.maxError < GradientCheck.tolerance, "\(unit) on \(dataset), layer \(r.layer): \(r.maxError)")
            }
        }
    }

    @Test("the check covers γ and β: a wrong ∂L/∂γ or ∂L/∂β is caught")
    func wrongNormalizationGradientIsCaught() throws {
        var c = TrainingConfiguration()
        try c.set("layers", "4")
        try c.set("activation", "tanh")
        try c.set("batch-norm", "on")
        let trainer = try Trainer<Double>(configuration: c)
        let batch = trainer.sampleBatch(count: 8)
        for field in ["gamma", "beta"] {
            var g = GradientCheck.backpropGradients(network: trainer.network, input: batch.input, labels: batch.labels, targets: batch.targets)
            if field == "gamma" { g[0].gamma[1] += 1e-3 } else { g[0].beta[2] += 1e-3 }
            let r = GradientCheck.compare(network: trainer.network, gradients: g, input: batch.input, labels: batch.labels, targets: batch.targets)
            #expect(r[0].maxError > 1e-4, "\(field)")
            #expect(r[1].maxError < GradientCheck.tolerance)
        }
    }

    @Test("with the batch's mean the bias cancels: its gradient is exactly 0; with running statistics it is not")
    func biasGradient() {
        let net = network()
        for statistics in [NormalizationStatistics.batch, .running] {
            var ws = Workspace(for: net, batchCapacity: input.rows)
            net.forward(input, workspace: &ws, training: true, statistics: statistics)
            _ = [Int32](repeating: 1, count: input.rows).withUnsafeBufferPointer {
                net.loss.evaluate(logits: ws.output, labels: $0, targets: nil, gradientInto: &ws.delta[1], meanOver: input.rows)
            }
            net.backward(input, workspace: &ws)
            if statistics == .batch {
                #expect(ws.gradients[0].bias.allSatisfy { $0 == 0 })
            } else {
                #expect(ws.gradients[0].bias.contains { abs($0) > 1e-6 })
            }
        }
    }

    @Test("eval-mode backward (the inspector's) agrees with finite differences of the running-statistics loss")
    func runningModeBackward() {
        let net = network()
        let labels: [Int32] = [0, 1, 1, 0, 1]
        var ws = Workspace(for: net, batchCapacity: input.rows)
        net.forward(input, workspace: &ws, training: true, statistics: .running)
        _ = labels.withUnsafeBufferPointer {
            net.loss.evaluate(logits: ws.output, labels: $0, targets: nil, gradientInto: &ws.delta[1], meanOver: input.rows)
        }
        net.backward(input, workspace: &ws)
        func loss(_ n: Network<Double>) -> Double {
            var w = Workspace(for: n, batchCapacity: input.rows)
            n.forward(input, workspace: &w, training: false, statistics: .running)
            return labels.withUnsafeBufferPointer { n.loss.evaluate(logits: w.output, labels: $0, targets: nil).lossSum } / Double(input.rows)
        }
        let h = 1e-6
        for j in 0..<4 {
            var plus = net, minus = net
            plus.layers[0].normalization!.gamma[j] += h
            minus.layers[0].normalization!.gamma[j] -= h
            #expect(abs((loss(plus) - loss(minus)) / (2 * h) - ws.gradients[0].gamma[j]) < 1e-7)
            plus = net; minus = net
            plus.layers[0].bias[j] += h
            minus.layers[0].bias[j] -= h
            #expect(abs((loss(plus) - loss(minus)) / (2 * h) - ws.gradients[0].bias[j]) < 1e-7)
        }
    }

    @Test("running statistics after one full-batch step: (1 − 0.1)·initial + 0.1·batch, the variance unbiased")
    func runningStatistics() throws {
        var c = TrainingConfiguration()
        try c.set("layers", "6")
        try c.set("batch-norm", "on")
        c.validationFraction = 0.2
        c.batchSize = 1_000_000
        let trainer = try Trainer<Double>(configuration: c)
        let before = trainer.network.layers[0]
        let (x, _, _) = trainer.trainingSplit
        let n = x.rows
        #expect(trainer.batchesPerEpoch == 1)
        trainer.stepBatch()
        let bn = try #require(trainer.network.layers[0].normalization)
        for j in 0..<before.width {
            let z = (0..<n).map { r in (0..<x.columns).reduce(before.bias[j]) { $0 + x[r, $1] * before.weights[$1, j] } }
            let mean = z.reduce(0, +) / Double(n)
            let unbiased = z.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(n - 1)
            #expect(abs(bn.runningMean[j] - 0.1 * mean) < 1e-12)
            #expect(abs(bn.runningVariance[j] - (0.9 + 0.1 * unbiased)) < 1e-12)
        }
        #expect(BatchNorm.momentum == 0.1 && BatchNorm.epsilon == 1e-5)
    }

    @Test("validation and prediction use the running statistics: a prediction does not depend on the other rows")
    func evaluationUsesRunningStatistics() throws {
        var c = TrainingConfiguration()
        try c.set("batch-norm", "on")
        let trainer = try Trainer<Float>(configuration: c)
        trainer.run(epochs: 3)
        let points: [Double] = [0.3, -0.2, 1.0, 0.5, -0.7, 0.1]
        let together = trainer.predict(points: points, count: 3)
        let alone = trainer.predict(points: Array(points[2..<4]), count: 1)
        #expect(Array(together[3..<6]) == alone)
    }

    @Test("batch size 1 with batch norm is refused, in either order, and nothing changes")
    func batchSizeOne() throws {
        var c = TrainingConfiguration()
        try c.set("batch", "1")
        #expect(throws: NetworkError.self) { try c.set("batch-norm", "on") }
        #expect(c.batchNorm == false && c.batchSize == 1)
        do { try c.set("batch-norm", "on") } catch { #expect("\(error)".contains("at least 2")) }
        try c.set("batch", "2")
        try c.set("batch-norm", "on")
        #expect(throws: NetworkError.self) { try c.set("batch", "1") }
        #expect(c.batchNorm && c.batchSize == 2)
    }

    @Test("a training split too small for a batch of two is refused")
    func tinySplit() throws {
        var c = TrainingConfiguration()
        try c.set("batch-norm", "on")
        c.validationFraction = 0.5
        #expect(throws: NetworkError.self) { _ = try Trainer<Float>(configuration: c, dataset: Fixtures.sine(count: 2)) }
    }

    @Test("a last batch of one row trains (ẑ = 0) and leaves the running statistics as they were")
    func lastBatchOfOne() throws {
        var c = TrainingConfiguration()
        try c.set("batch-norm", "on")
        try c.set("layers", "4")
        c.validationFraction = 0
        c.batchSize = 3
        let trainer = try Trainer<Double>(configuration: c, dataset: Fixtures.sine(count: 7))
        #expect(trainer.batchesPerEpoch == 3)
        trainer.stepBatch()
        trainer.stepBatch()
        let before = try #require(trainer.network.layers[0].normalization)
        let outcome = trainer.stepBatch()
        guard case .epoch = outcome else { Issue.record("expected the epoch's end, got \(outcome)"); return }
        let after = try #require(trainer.network.layers[0].normalization)
        #expect(after.runningMean == before.runningMean && after.runningVariance == before.runningVariance)
        #expect(trainer.network.allFinite)
    }

    @Test("the course's claim: with bias-init −5 and ReLU, batch norm keeps the dead fraction low; without, near 100%")
    func deadReLUsRevived() throws {
        func deadFraction(batchNorm: Bool) throws -> Double {
            var c = TrainingConfiguration()
            try c.set("dataset", "spiral")
            try c.set("activation", "relu")
            try c.set("bias-init", "-5")
            try c.set("batch-norm", batchNorm ? "on" : "off")
            let trainer = try Trainer<Float>(configuration: c)
            let last = try #require(trainer.run(epochs: 20).last)
            let hidden = last.layers.dropLast()
            return hidden.map(\.deadFraction).reduce(0, +) / Double(hidden.count)
        }
        let without = try deadFraction(batchNorm: false), with = try deadFraction(batchNorm: true)
        #expect(without >= 0.95, "without batch norm: \(without)")
        #expect(with <= 0.1, "with batch norm: \(with)")
    }

    @Test("the steady-state step reuses its buffers: no batch-norm array is copied or reallocated")
    func buffersAreReused() throws {
        var c = TrainingConfiguration()
        try c.set("batch-norm", "on")
        try c.set("optimizer", "adam")
        let trainer = try Trainer<Float>(configuration: c)
        trainer.run(epochs: 1)
        func addresses() -> Set<UnsafeRawPointer> {
            var out = Set<UnsafeRawPointer>()
            for layer in trainer.network.layers {
                guard let bn = layer.normalization else { continue }
                for array in [bn.gamma, bn.beta, bn.runningMean, bn.runningVariance] {
                    array.withUnsafeBufferPointer { _ = out.insert(UnsafeRawPointer($0.baseAddress!)) }
                }
            }
            return out
        }
        // The trainer alternates between its network and a spare: two steps bring back the first set.
        let first = addresses()
        trainer.stepBatch()
        let second = addresses()
        for _ in 0..<30 { trainer.stepBatch(); trainer.stepBatch() }  // across an epoch's end (24 batches)
        #expect(addresses() == second)
        trainer.stepBatch()
        #expect(addresses() == first)
        #expect(first.isDisjoint(with: second))
    }

    @Test("the inspector: z = W·a + b, y with the running statistics, and gradients of the one-example loss")
    func inspector() throws {
        var c = TrainingConfiguration()
        try c.set("layers", "5,4")
        try c.set("activation", "tanh")
        try c.set("batch-norm", "on")
        let trainer = try Trainer<Double>(configuration: c)
        trainer.run(epochs: 2)
        let inspection = try trainer.inspect(example: 3)
        let net = trainer.network
        for (l, layer) in inspection.layers.dropLast().enumerated() {
            let bn = try #require(net.layers[l].normalization)
            let y = try #require(layer.normalized)
            for j in 0..<layer.width {
                let expected = bn.gamma[j] * (layer.z[j] - bn.runningMean[j]) / (bn.runningVariance[j] + BatchNorm.epsilon).squareRoot() + bn.beta[j]
                #expect(abs(y[j] - expected) < 1e-12)
                #expect(abs(layer.a[j] - tanh(y[j])) < 1e-12)
            }
        }
        let x = Matrix<Double>(rows: 1, columns: inspection.input.count, elements: inspection.input)
        let label = Int32(inspection.label!)
        func loss(_ n: Network<Double>) -> Double {
            var ws = Workspace(for: n, batchCapacity: 1)
            n.forward(x, workspace: &ws, training: false)
            return [label].withUnsafeBufferPointer { n.loss.evaluate(logits: ws.output, labels: $0, targets: nil).lossSum }
        }
        let h = 1e-6
        for l in net.layers.indices {
            for i in [0, net.layers[l].weights.count - 1] {
                var plus = net, minus = net
                plus.layers[l].weights.storage[i] += h
                minus.layers[l].weights.storage[i] -= h
                #expect(abs((loss(plus) - loss(minus)) / (2 * h) - inspection.layers[l].gradWeights[i]) < 1e-7, "layer \(l + 1) weight \(i)")
            }
            var plus = net, minus = net
            plus.layers[l].bias[0] += h
            minus.layers[l].bias[0] -= h
            #expect(abs((loss(plus) - loss(minus)) / (2 * h) - inspection.layers[l].gradBias[0]) < 1e-7, "layer \(l + 1) bias")
        }
    }

    @Test("the parameter count includes γ and β (not the running statistics)")
    func parameterCount() throws {
        var c = TrainingConfiguration()
        try c.set("layers", "16,8")
        try c.set("batch-norm", "on")
        let trainer = try Trainer<Float>(configuration: c)
        #expect(trainer.network.parameterCount == (2 * 16 + 16 + 32) + (16 * 8 + 8 + 16) + (8 * 3 + 3))
    }
}
