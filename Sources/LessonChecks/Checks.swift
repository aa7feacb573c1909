import Activations
import Autodiff
import Foundation
import LinearAlgebra
import Landscape
import LessonFigures
import Lessons
import NeuralNetwork

/// `activations`: tanh(x) = 2σ(2x) − 1; swish's β from near-linear to ReLU-like; logistic outputs
/// are all positive, so every per-example gradient of one neuron's incoming weights shares a sign
/// (the zig-zag), which a zero-centred tanh layer does not force.
enum ActivationsCheck {
    @Sendable static func run(_ p: CheckParameters) throws(LessonCheckError) -> LessonCheckOutcome {
        let grid = stride(from: -6.0, through: 6.0, by: 0.001)
        let tanh = Activation(.tanh), logistic = Activation(.logistic), relu = Activation(.relu)
        let identity = grid.map { abs(tanh.value($0) - (2 * logistic.value(2 * $0) - 1)) }.max() ?? .infinity
        func swish(_ beta: Double) throws(LessonCheckError) -> Activation {
            do { return try Activation(parsing: "swish:\(beta)") } catch { throw LessonCheckError("swish:\(beta): \(error)") }
        }
        let small = try p.double("beta-small", default: 0.01), large = try p.double("beta-large", default: 20)
        let nearLinear = try swish(small), nearReLU = try swish(large)
        let linearGap = grid.map { abs(nearLinear.value($0) - $0 / 2) }.max() ?? .infinity
        let reluGap = grid.map { abs(nearReLU.value($0) - relu.value($0)) }.max() ?? .infinity

        let epochs = try p.int("epochs", default: 3)
        func sharedSign(_ activation: String) throws(LessonCheckError) -> Double {
            let run = try ScriptedRun(["dataset circle", "set layers 4,4", "set activation \(activation)", "step \(epochs)"])
            let trainer = try run.doubleTrainer()
            let network = trainer.network
            let batch = trainer.sampleBatch(count: 200)
            var same = 0
            for r in 0..<batch.input.rows {
                var x = Matrix<Double>(rows: 1, columns: batch.input.columns)
                for j in 0..<batch.input.columns { x[0, j] = batch.input[r, j] }
                let gradients = GradientCheck.backpropGradients(network: network, input: x, labels: [batch.labels[r]], targets: nil)
                // The second hidden layer's first neuron: its incoming weights are column 0.
                let w = gradients[1].weights
                let signs = (0..<w.rows).map { w[$0, 0] }.filter { $0 != 0 }.map { $0 > 0 }
                if let first = signs.first, signs.allSatisfy({ $0 == first }) { same += 1 }
            }
            return Double(same) / Double(max(1, batch.input.rows))
        }
        let logisticShare = try sharedSign("logistic"), tanhShare = try sharedSign("tanh")
        // The zig-zag drawing's two paths: one neuron's two weights, inputs all positive or centred.
        let zigzag = ZigZagFigure()
        let zigzagShown = zigzag.positive.sameSignShare == 1 && zigzag.centred.sameSignShare < 1 && zigzag.centred.length < zigzag.positive.length
        let straight = (ZigZagFigure.optimum.w1 * ZigZagFigure.optimum.w1 + ZigZagFigure.optimum.w2 * ZigZagFigure.optimum.w2).squareRoot()
        let passed = identity < 1e-12 && linearGap < 0.1 && reluGap < 0.05 && logisticShare == 1 && tanhShare < 0.9 && zigzagShown
        return LessonCheckOutcome(passed: passed, lines: [
            "activations: max |tanh(x) - (2σ(2x) - 1)| on [-6, 6] = \(format(identity))",
            "activations: swish β=\(format(small)) is within \(format(linearGap)) of x/2, β=\(format(large)) within \(format(reluGap)) of ReLU",
            "activations: one neuron's 4 incoming weight gradients share a sign on \(format(100 * logisticShare))% of examples after a logistic layer, \(format(100 * tanhShare))% after tanh",
            "activations: the zig-zag drawing: w1 and w2 move the same way in \(format(100 * zigzag.positive.sameSignShare))% of \(ZigZagFigure.steps) steps with positive inputs, \(format(100 * zigzag.centred.sameSignShare))% centred; path length \(format(zigzag.positive.length)) against \(format(zigzag.centred.length)) (straight line \(format(straight)))",
        ])
    }
}

/// `neuron`: σ(w·x + b) is a linear model squashed; it crosses 0.5 where w·x + b = 0, so the bias
/// sets the threshold x = −b/w. Evaluated through the expression graph `graph` uses.
enum NeuronCheck {
    @Sendable static func run(_ p: CheckParameters) throws(LessonCheckError) -> LessonCheckOutcome {
        let w = try p.double("w", default: 2), biases = [-3.0, 0, 3]
        var lines: [String] = [], passed = true
        for b in biases {
            let threshold = -b / w
            let text = "logistic(\(w)*x + \(b))"
            do {
                let expression = try Expression(parsing: text)
                let at = try ExpressionGraph(expression, at: ["x": threshold])
                let below = try expression.evaluate(at: ["x": threshold - 1]), above = try expression.evaluate(at: ["x": threshold + 1])
                let slope = at.reverseGradient.first ?? .nan
                passed = passed && abs(at.value - 0.5) < 1e-12 && below < 0.5 && above > 0.5 && abs(slope - w / 4) < 1e-12
                lines.append("neuron: b = \(format(b)): σ(\(format(w))x + b) = \(format(at.value)) at x = -b/w = \(format(threshold)), \(format(below)) one unit left, \(format(above)) one unit right; slope there w/4 = \(format(slope))")
            } catch {
                throw LessonCheckError("\(text): \(error)")
            }
        }
        return LessonCheckOutcome(passed: passed, lines: lines)
    }
}

/// `universal-approximation`: one hidden tanh layer of 1, 2, 4, 16 units fitting `sine`; the fit is
/// the output bias plus each hidden unit's contribution v_j·tanh(w_j·x + b_j).
enum UniversalApproximationCheck {
    @Sendable static func run(_ p: CheckParameters) throws(LessonCheckError) -> LessonCheckOutcome {
        let epochs = try p.int("epochs", default: 300)
        var losses: [(Int, Double)] = [], largestGap = 0.0, largestDrawingGap = 0.0
        for units in [1, 2, 4, 16] {
            let run = try ScriptedRun(["dataset sine", "set layers \(units)", "set activation tanh", "set optimizer adam",
                                       "set lr 0.01", "step \(epochs)"])
            guard let loss = run.trainer.history.last?.trainLoss else { throw LessonCheckError("no epoch was trained") }
            losses.append((units, loss))
            // Rebuild the fit from the contributions at 50 inputs and compare with the network.
            let trainer = try run.doubleTrainer()
            let hidden = trainer.network.layers[0], output = trainer.network.layers[1]
            let points = (0..<50).map { -3.0 + 6.0 * Double($0) / 49 }
            let predicted = trainer.predict(points: points, count: points.count)
            for (i, x) in points.enumerated() {
                let standardized = (x - trainer.featureMean[0]) / trainer.featureScale[0]
                var sum = output.bias[0]
                for j in 0..<units {
                    sum += output.weights[j, 0] * Foundation.tanh(hidden.weights[0, j] * standardized + hidden.bias[j])
                }
                largestGap = max(largestGap, abs(sum - predicted[i]))
            }
            // The drawing's decomposition (UnitContributions) against the same closed form.
            guard let drawn = UnitContributions.of(trainer, range: -3...3, samples: points.count) else {
                throw LessonCheckError("\(units) units: the contributions drawing does not apply to this network")
            }
            largestDrawingGap = max(largestDrawingGap, drawn.largestGap)
            for (i, x) in drawn.xs.enumerated() {
                let standardized = (x - trainer.featureMean[0]) / trainer.featureScale[0]
                for j in 0..<units {
                    let byHand = output.weights[j, 0] * Foundation.tanh(hidden.weights[0, j] * standardized + hidden.bias[j])
                    largestDrawingGap = max(largestDrawingGap, abs(drawn.contributions[j][i] - byHand))
                }
            }
        }
        let first = losses[0].1, last = losses[losses.count - 1].1
        let passed = last < first * (try p.double("improvement", default: 0.5)) && largestGap < 1e-9 && largestDrawingGap < 1e-9
        return LessonCheckOutcome(passed: passed, lines: [
            "universal-approximation: sine after \(epochs) epochs: training loss " + losses.map { "\($0.0) units \(format($0.1))" }.joined(separator: ", "),
            "universal-approximation: output bias + the hidden units' contributions = the network's output to \(format(largestGap))",
            "universal-approximation: the contributions drawing's curves match v_j·tanh(w_j·x + b_j) and their sum the output to \(format(largestDrawingGap))",
        ])
    }
}

/// `softmax`: on one point of a 3-class problem, the scores z, p = softmax(z) (sums to 1), and the
/// cross-entropy −log p_y equal to the trainer's own loss on that point.
enum SoftmaxCheck {
    @Sendable static func run(_ p: CheckParameters) throws(LessonCheckError) -> LessonCheckOutcome {
        let epochs = try p.int("epochs", default: 20)
        let run = try ScriptedRun(["dataset spiral classes=3", "step \(epochs)"])
        let trainer = try run.doubleTrainer()
        let batch = trainer.sampleBatch(count: 1)
        var ws = Workspace(for: trainer.network, batchCapacity: 1)
        trainer.network.forward(batch.input, workspace: &ws, training: false)
        let scores = (0..<ws.output.columns).map { ws.output[0, $0] }
        let top = scores.max() ?? 0
        let exponentials = scores.map { Foundation.exp($0 - top) }
        let total = exponentials.reduce(0, +)
        let probabilities = exponentials.map { $0 / total }
        let label = Int(batch.labels[0])
        let crossEntropy = -Foundation.log(probabilities[label])
        let trainerLoss = batch.labels.withUnsafeBufferPointer {
            trainer.network.loss.evaluate(logits: ws.output, labels: $0, targets: nil).lossSum
        }
        let sum = probabilities.reduce(0, +)
        let passed = abs(sum - 1) < 1e-12 && abs(crossEntropy - trainerLoss) < 1e-9 && scores.count == 3
        return LessonCheckOutcome(passed: passed, lines: [
            "softmax: one point of class \(label): scores z = (\(scores.map(format).joined(separator: ", "))) -> p = (\(probabilities.map(format).joined(separator: ", "))), sum \(format(sum))",
            "softmax: cross-entropy -log p_\(label) = \(format(crossEntropy)); the trainer's loss on this point = \(format(trainerLoss))",
        ])
    }
}

/// `graph`: one scalar loss, many parameters: reverse mode needs one backward sweep, forward mode one
/// sweep per parameter; both agree with backprop. A static graph (recorded once, re-run) against a
/// dynamic one (recorded every batch), timed on real epochs.
enum GraphCheck {
    @Sendable static func run(_ p: CheckParameters) throws(LessonCheckError) -> LessonCheckOutcome {
        let run = try ScriptedRun(["dataset spiral", "set layers 8"])
        let report: GradientModesReport
        do { report = try GradientModesReport.measure(trainer: try run.doubleTrainer(), samples: 8) } catch {
            throw LessonCheckError("gradient modes: \(error)")
        }
        let disagreement = report.modes.filter { $0.name != "finite differences" }.map(\.largestDisagreement).max() ?? .infinity
        let epochs = try p.int("epochs", default: 5)
        func secondsPerEpoch(_ engine: String) throws(LessonCheckError) -> Double {
            let timed = try ScriptedRun(["dataset spiral", "set layers 8", "set engine \(engine)"])
            let start = DispatchTime.now().uptimeNanoseconds
            try timed.execute("step \(epochs)")
            return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 / Double(epochs)
        }
        let dynamicTime = try secondsPerEpoch("autodiff"), staticTime = try secondsPerEpoch("autodiff-static")
        let passed = disagreement < 1e-9 && report.parameters > 1
        // Reverse mode keeps every node of the recorded graph for its backward sweep.
        let stored = report.modes.first { $0.name == "reverse (dynamic graph)" }?.passes ?? ""
        return LessonCheckOutcome(passed: passed, lines: [
            "graph: network \(report.shape), \(report.parameters) parameters, one loss: reverse mode 1 backward sweep, forward mode \(report.parameters) sweeps; they agree with backprop to \(format(disagreement))",
            "graph: reverse mode's cost: \(stored) (every intermediate stored for the sweep back)",
            "graph: training time per epoch: dynamic graph (autodiff) \(format(dynamicTime * 1e3)) ms, static graph (autodiff-static) \(format(staticTime * 1e3)) ms",
        ])
    }
}

/// `vanishing`: a deep logistic network's first layer gets a tiny fraction of its last hidden
/// layer's gradient; with ReLU the fraction stays near 1. The two side by side, as the lesson shows
/// them: run B of a comparison (`compare activation relu`), from run A's initial weights, one
/// epoch each in lock-step.
enum VanishingCheck {
    @Sendable static func run(_ p: CheckParameters) throws(LessonCheckError) -> LessonCheckOutcome {
        let depth = try p.int("depth", default: 10), width = try p.int("width", default: 8)
        let below = try p.double("logistic-below", default: 0.01), above = try p.double("relu-above", default: 0.1)
        let layers = Array(repeating: String(width), count: depth).joined(separator: ",")
        let run = try ScriptedRun(["dataset spiral", "set layers \(layers)", "set activation logistic"])
        let comparison: Comparison
        do { comparison = try Comparison(a: run.interpreter.experiment, key: "activation", value: "relu") } catch {
            throw LessonCheckError("compare activation relu: \(error)")
        }
        guard comparison.startingPoint.isCopied else { throw LessonCheckError("run B did not start from run A's weights: \(comparison.startingPoint.description)") }
        let (a, b) = comparison.stepEpoch()
        func ratio(_ metrics: EpochMetrics?) throws(LessonCheckError) -> Double {
            guard let diagnostics = metrics?.layers, diagnostics.count > depth else { throw LessonCheckError("no layer diagnostics") }
            return diagnostics[0].gradNorm / diagnostics[depth - 1].gradNorm
        }
        let logistic = try ratio(a), relu = try ratio(b)
        return LessonCheckOutcome(passed: logistic < below && relu > above, lines: [
            "vanishing: layer 1 gets \(format(logistic)) of layer \(depth)'s gradient (logistic), \(format(relu)) (relu)",
            "vanishing: side by side from the same initial weights (compare activation relu), one epoch each",
        ])
    }
}

/// `landscape`: the two-weight toy model y = w2·tanh(w1·x) (the landscape view's `--toy`): two
/// minima with a saddle point between them (so the loss is not convex), and SGD, momentum and Adam
/// leaving the saddle's neighbourhood from one start.
enum LandscapeCheck {
    @Sendable static func run(_ p: CheckParameters) throws(LessonCheckError) -> LessonCheckOutcome {
        let points = ToyLandscape.criticalPoints
        guard let saddle = points.first(where: { $0.name == "saddle" }) else { throw LessonCheckError("the toy model has no saddle point") }
        let minima = points.filter { $0.name == "minimum" }
        var evaluator = ToyLandscape.problem().evaluator()
        func loss(_ w1: Double, _ w2: Double) -> Double { evaluator.loss(at: [w1, 0, w2, 0]) }
        let ends = minima.map { loss($0.w1, $0.w2) }
        let middle = loss((minima[0].w1 + minima[1].w1) / 2, (minima[0].w2 + minima[1].w2) / 2)
        let nonConvex = middle > (ends.reduce(0, +) / Double(ends.count)) + 1e-9
        let isSaddle = saddle.curvature.verdict == .saddle && minima.allSatisfy { $0.curvature.verdict == .minimum }
        let steps = try p.int("steps", default: ToyLandscape.steps)
        let start = loss(ToyLandscape.start.w1, ToyLandscape.start.w2)
        var escaped = true
        var parts: [String] = []
        for kind in OptimizerKind.allCases {
            let path = ToyLandscape.path(kind, steps: steps)
            let reached = path.points.firstIndex { $0.loss < start * 0.01 }
            escaped = escaped && reached != nil
            parts.append("\(kind.rawValue) \(reached.map { "\($0) steps" } ?? "not in \(steps) steps")")
        }
        let eigen = "\(format(saddle.curvature.smallest.first ?? .nan)), \(format(saddle.curvature.largest.first ?? .nan))"
        return LessonCheckOutcome(passed: nonConvex && isSaddle && escaped, lines: [
            "landscape: minima at (w1, w2) = (\(format(minima[0].w1)), \(format(minima[0].w2))) and (\(format(minima[1].w1)), \(format(minima[1].w2))), loss \(format(ends[0])); halfway between them the loss is \(format(middle)): not convex",
            "landscape: saddle point at (0, 0): Hessian eigenvalues \(eigen) (one negative, one positive)",
            "landscape: from (\(format(ToyLandscape.start.w1)), \(format(ToyLandscape.start.w2))) near the saddle (loss \(format(start))), steps to 1% of that loss: " + parts.joined(separator: ", "),
        ])
    }
}

/// `backprop`: XOR with a 2-2-1 network; the inspector's δ and ∂L/∂W for one example against
/// finite differences of that example's loss, then the training loop with early stopping: it stops
/// `patience` epochs after the best validation loss.
enum BackpropCheck {
    @Sendable static func run(_ p: CheckParameters) throws(LessonCheckError) -> LessonCheckOutcome {
        let patience = try p.int("patience", default: 10), limit = try p.int("epochs", default: 3000)
        let setup = ["dataset xor", "set layers 2", "set activation tanh", "set loss binary-cross-entropy"]
        let run = try ScriptedRun(setup)
        let trainer = try run.doubleTrainer()
        let inspection: Inspection
        do { inspection = try trainer.inspect(example: 0) } catch { throw LessonCheckError("inspect 0: \(error)") }
        let x = Matrix<Double>(rows: 1, columns: inspection.input.count, elements: inspection.input)
        let numeric = GradientCheck.numericGradients(network: trainer.network, input: x, labels: [Int32(inspection.label ?? 0)], targets: nil)
        var largest = 0.0
        for (layer, reference) in zip(inspection.layers, numeric) {
            let finite = reference.weights.elements.map { Double($0) }
            for (a, b) in zip(layer.gradWeights, finite) { largest = max(largest, abs(a - b) / max(1, abs(a), abs(b))) }
            for (a, b) in zip(layer.gradBias, reference.bias) { largest = max(largest, abs(a - b) / max(1, abs(a), abs(b))) }
        }
        let shape = trainer.network.shapeDescription

        let loop = try ScriptedRun(setup + ["set patience \(patience)", "step \(limit)"])
        let history = loop.trainer.history
        let stopped: Bool
        if case .stoppedEarly = loop.trainer.status { stopped = true } else { stopped = false }
        // The best epoch as the trainer's rule defines it: an improvement counts when it beats the
        // best so far by more than 1e-4.
        var best = 0, bestLoss = Double.infinity
        for metrics in history {
            if let v = metrics.valLoss, v < bestLoss - 1e-4 { (best, bestLoss) = (metrics.epoch, v) }
        }
        let last = history.last?.epoch ?? 0
        let passed = largest < 1e-6 && stopped && last - best == patience
        return LessonCheckOutcome(passed: passed, lines: [
            "backprop: network \(shape), example 0: δ and ∂L/∂W of every layer match finite differences to \(format(largest)); loss \(format(inspection.output.lossValue)), δ at the output p - y = \(format(inspection.output.gradient[0]))",
            "backprop: with patience \(patience) training stopped early at epoch \(last): the validation loss last improved (by more than 1e-4) at epoch \(best)" + (stopped ? "" : " (it did not stop within \(limit) epochs)"),
        ])
    }
}
