import NeuralNetwork

/// `dead-relu`: a ReLU unit whose pre-activation is negative on every example has f′ = 0 there,
/// gets no gradient and never recovers. Two ways in (every bias at −5; a large learning rate) and
/// the remedies the lesson shows (leaky ReLU; He initialisation with zero biases; batch
/// normalisation, which cancels the biases), each measured as
/// the share of dead units per hidden layer after the same number of epochs, as the gradient panel
/// shows it ("dead 100%": f′ = 0 for every example of the epoch).
enum DeadReLUCheck {
    /// One scenario's last epoch: dead share per hidden layer, layer 1's gradient norm, the loss.
    struct Measured {
        var dead: [Double]
        var firstGradient: Double
        var loss: Double

        var deadText: String { dead.map { "\(format(100 * $0))%" }.joined(separator: " and ") }
    }

    static func measure(_ settings: [String], epochs: Int, width: Int) throws(LessonCheckError) -> Measured {
        let run = try ScriptedRun(["dataset spiral", "set layers \(width),\(width)"] + settings + ["step \(epochs)"])
        guard let last = run.trainer.history.last, last.layers.count == 3 else { throw LessonCheckError("\(settings): no epoch was trained") }
        return Measured(dead: last.layers.dropLast().map(\.deadFraction), firstGradient: last.layers[0].gradNorm, loss: last.trainLoss)
    }

    @Sendable static func run(_ p: CheckParameters) throws(LessonCheckError) -> LessonCheckOutcome {
        let epochs = try p.int("epochs", default: 20), width = try p.int("width", default: 16)
        let bias = try p.double("bias", default: -5), largeRate = try p.double("large-lr", default: 3)
        let adamEpochs = try p.int("adam-epochs", default: 30)
        func run(_ settings: [String], epochs count: Int = epochs) throws(LessonCheckError) -> Measured {
            try measure(settings, epochs: count, width: width)
        }
        let negativeBias = try run(["set activation relu", "set bias-init \(bias)"])
        let largeStep = try run(["set activation relu", "set bias-init 0", "set lr \(largeRate)"])
        let leaky = try run(["set activation leaky-relu", "set bias-init \(bias)"])
        let he = try run(["set activation relu", "set init he", "set bias-init 0"])
        let normalised = try run(["set activation relu", "set bias-init \(bias)", "set batch-norm on"])
        let adam = ["set optimizer adam", "set lr 0.01"]
        let deadWithAdam = try run(["set activation relu", "set bias-init \(bias)"] + adam, epochs: adamEpochs)
        let leakyWithAdam = try run(["set activation leaky-relu", "set bias-init \(bias)"] + adam, epochs: adamEpochs)

        let passed = negativeBias.dead.allSatisfy { $0 == 1 } && negativeBias.firstGradient == 0
            && (largeStep.dead.max() ?? 0) >= 0.5
            && leaky.dead.allSatisfy { $0 == 0 } && leaky.firstGradient > 0
            && he.dead.allSatisfy { $0 < 0.25 } && he.loss < negativeBias.loss
            && normalised.dead.allSatisfy { $0 < 0.25 } && normalised.loss < negativeBias.loss
            && deadWithAdam.firstGradient == 0 && leakyWithAdam.loss < deadWithAdam.loss - 0.1
        return LessonCheckOutcome(passed: passed, lines: [
            "dead-relu: every bias \(format(bias)): \(negativeBias.deadText) of the two hidden layers' units dead after \(epochs) epochs, layer 1's gradient \(format(negativeBias.firstGradient)), loss \(format(negativeBias.loss))",
            "dead-relu: biases 0, lr \(format(largeRate)): \(largeStep.deadText) dead after \(epochs) epochs (large steps pushed them negative), loss \(format(largeStep.loss))",
            "dead-relu: remedy leaky ReLU, biases \(format(bias)): \(leaky.deadText) dead, layer 1's gradient \(format(leaky.firstGradient)) (small, not 0); with adam lr 0.01 after \(adamEpochs) epochs loss \(format(leakyWithAdam.loss)) (relu: \(format(deadWithAdam.loss)), gradient \(format(deadWithAdam.firstGradient)))",
            "dead-relu: remedy He initialisation, biases 0: \(he.deadText) dead, loss \(format(he.loss))",
            "dead-relu: remedy batch normalisation, biases \(format(bias)): \(normalised.deadText) dead, loss \(format(normalised.loss))",
        ])
    }
}
