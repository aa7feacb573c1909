import Activations
import Commands
import Foundation
import LessonFigures
import LinearAlgebra
import NeuralNetwork
import Testing

/// The numbers behind the lessons' drawings, each against a closed form computed here.
@Suite struct LessonFiguresTests {
    @Test func tanhIsAStretchedLogisticToDoublePrecision() {
        let figure = TanhIdentityFigure()
        #expect(figure.tanh.xs.first == -4 && figure.tanh.xs.last == 4)
        for (x, y) in zip(figure.tanh.xs, figure.tanh.ys) { #expect(abs(y - Foundation.tanh(x)) <= 1e-15) }
        for (x, y) in zip(figure.logistic.xs, figure.logistic.ys) { #expect(abs(y - 1 / (1 + Foundation.exp(-x))) <= 1e-15) }
        for (x, y) in zip(figure.stretchedLogistic.xs, figure.stretchedLogistic.ys) {
            #expect(abs(y - (2 / (1 + Foundation.exp(-2 * x)) - 1)) <= 1e-15)
        }
        print("tanh gap", figure.largestGap)
        #expect(figure.largestGap < 1e-15)
    }

    @Test func swishGoesFromHalfLineToReLU() {
        let figure = SwishSweepFigure()
        for (beta, curve) in zip(SwishSweepFigure.betas, figure.curves) {
            for (x, y) in zip(curve.xs, curve.ys) { #expect(abs(y - x / (1 + Foundation.exp(-beta * x))) <= 1e-14) }
        }
        print("swish gaps", figure.gapToHalfLine, figure.gapToReLU)
        // x·σ(βx) − x/2 ≈ βx²/4 for small β; |x|·σ(−β|x|) ≤ 0.279/β for the ReLU side.
        #expect(figure.gapToHalfLine <= 0.01 * 16 / 4 + 1e-9)
        #expect(figure.gapToReLU <= 0.279 / 10)
    }

    /// Every step of the positive-input path moves w1 and w2 the same way, and each step is the
    /// closed form Δw = −lr·(ŷ − y)·x of the MSE loss e²/2 (the network's gradient, recomputed here).
    @Test func zigzagStepsShareASignUnlessTheInputsAreCentred() {
        let figure = ZigZagFigure()
        #expect(figure.positive.w1.count == ZigZagFigure.steps + 1)
        #expect(figure.positive.sameSignShare == 1)
        #expect(figure.positive.steps.allSatisfy { $0.0 * $0.1 > 0 })
        #expect(figure.centred.sameSignShare < 0.75)
        #expect(figure.centred.length < figure.positive.length * 0.6)
        #expect(figure.positive.finalDistance < 0.5 && figure.centred.finalDistance < 0.5)

        let inputs = ZigZagFigure.inputs()
        #expect(inputs.allSatisfy { $0.allSatisfy { $0 > 0 && $0 < 1 } })
        let means = (0..<2).map { j in inputs.map { $0[j] }.reduce(0, +) / Double(inputs.count) }
        for (centred, path) in [(false, figure.positive), (true, figure.centred)] {
            var w = [0.0, 0.0], b = 0.0
            for step in 0..<ZigZagFigure.steps {
                let raw = inputs[step % inputs.count]
                let x = centred ? [raw[0] - means[0], raw[1] - means[1]] : raw
                let y = ZigZagFigure.optimum.w1 * raw[0] + ZigZagFigure.optimum.w2 * raw[1] + ZigZagFigure.bias
                let error = w[0] * x[0] + w[1] * x[1] + b - y
                w = [w[0] - ZigZagFigure.learningRate * error * x[0], w[1] - ZigZagFigure.learningRate * error * x[1]]
                b -= ZigZagFigure.learningRate * error
                #expect(abs(path.w1[step + 1] - w[0]) < 1e-12 && abs(path.w2[step + 1] - w[1]) < 1e-12)
            }
        }
    }

    /// A trained 1-4-1 tanh network on `sine`: each contribution is v_j·tanh(w_j·x̃ + b_j) by hand,
    /// and the bias plus their sum is the trainer's own prediction.
    @Test func contributionsAddUpToTheFit() throws {
        let interpreter = Interpreter(experiment: try Experiment(configuration: TrainingConfiguration()))
        for line in ["dataset sine", "set layers 4", "set activation tanh", "step 5"] { #expect(!interpreter.execute(line: line).isError) }
        let trainer = interpreter.experiment.trainer
        let decomposition = try #require(UnitContributions.of(trainer, range: -3...3, samples: 31))
        #expect(decomposition.units == 4 && decomposition.xs.count == 31 && decomposition.unitName == "tanh")
        let hidden = trainer.network.layers[0], output = trainer.network.layers[1]
        for (i, x) in decomposition.xs.enumerated() {
            let standardized = (x - trainer.featureMean[0]) / trainer.featureScale[0]
            for j in 0..<4 {
                let byHand = Double(output.weights[j, 0]) * Foundation.tanh(Double(hidden.weights[0, j]) * standardized + Double(hidden.bias[j]))
                #expect(abs(decomposition.contributions[j][i] - byHand) < 1e-12)
            }
        }
        #expect(decomposition.largestGap < 1e-12)
        let predicted = trainer.predict(points: decomposition.xs, count: decomposition.xs.count)
        for (sum, prediction) in zip(decomposition.sum, predicted) { #expect(abs(sum - prediction) < 1e-5) }

        // Only a 1-input, one-hidden-layer regression network without batch norm is taken apart.
        #expect(!interpreter.execute(line: "set batch-norm on").isError)
        #expect(UnitContributions.of(interpreter.experiment.trainer, range: -3...3, samples: 31) == nil)
        #expect(!interpreter.execute(line: "set batch-norm off").isError)
        #expect(!interpreter.execute(line: "set layers 4,4").isError)
        #expect(UnitContributions.of(interpreter.experiment.trainer, range: -3...3, samples: 31) == nil)
        #expect(!interpreter.execute(line: "dataset xor").isError)
        #expect(!interpreter.execute(line: "set layers 4").isError)
        #expect(UnitContributions.of(interpreter.experiment.trainer, range: -3...3, samples: 31) == nil)
    }
}
