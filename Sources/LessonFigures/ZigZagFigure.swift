import Activations
import LinearAlgebra
import NeuralNetwork
import Randomness

/// The path of the two incoming weights (w1, w2) of one neuron trained by gradient descent, one
/// example per step. Its inputs are the outputs of logistic units, so both are positive: the
/// gradient of each weight is δ·x_i, and every step moves w1 and w2 the same way (both up or both
/// down). To reach an optimum with w1 > 0 > w2 the path must zig-zag. With the inputs centred
/// (their mean subtracted) the signs mix and the path heads for the optimum.
///
/// The neuron is the trainer's own: a `Network<Double>` of one linear unit with the MSE loss, its
/// gradients from `GradientCheck.backpropGradients`, the update w ← w − lr·∂L/∂w.
public struct ZigZagFigure: Sendable, Equatable {
    /// The weights the targets were made with: y = w1·x1 + w2·x2 + b.
    public static let optimum = (w1: 2.0, w2: -2.0)
    public static let bias = 0.5
    public static let examples = 16
    public static let steps = 64
    public static let learningRate = 0.5

    /// (w1, w2) before each step and after the last (`steps` + 1 points).
    public struct Path: Sendable, Equatable {
        public var w1: [Double]
        public var w2: [Double]

        /// Each step's (Δw1, Δw2).
        public var steps: [(Double, Double)] {
            var result: [(Double, Double)] = []
            for i in 1..<max(1, w1.count) {
                let d1: Double = w1[i] - w1[i - 1]
                let d2: Double = w2[i] - w2[i - 1]
                result.append((d1, d2))
            }
            return result
        }

        /// The share of steps whose Δw1 and Δw2 have the same sign (a zero change counts as either).
        public var sameSignShare: Double {
            let all = steps
            guard !all.isEmpty else { return 0 }
            return Double(all.filter { $0.0 * $0.1 >= 0 }.count) / Double(all.count)
        }

        /// The length of the path: the sum of its steps' lengths.
        public var length: Double {
            steps.reduce(0) { $0 + ($1.0 * $1.0 + $1.1 * $1.1).squareRoot() }
        }

        /// Distance from the optimum after the last step.
        public var finalDistance: Double {
            let d1 = (w1.last ?? 0) - ZigZagFigure.optimum.w1, d2 = (w2.last ?? 0) - ZigZagFigure.optimum.w2
            return (d1 * d1 + d2 * d2).squareRoot()
        }
    }

    /// Inputs σ(u) (all positive).
    public var positive: Path
    /// The same inputs minus their mean.
    public var centred: Path

    public init() {
        let inputs = Self.inputs()
        let means = (0..<2).map { j in inputs.map { $0[j] }.reduce(0, +) / Double(inputs.count) }
        positive = Self.descend(inputs: inputs)
        centred = Self.descend(inputs: inputs.map { [$0[0] - means[0], $0[1] - means[1]] })
    }

    /// The logistic units' outputs the neuron reads: σ(u) for u drawn from N(0, 2²), a fixed seed.
    public static func inputs() -> [[Double]] {
        var rng = SeededGenerator(seed: 21)
        let sigma = Activation(.logistic)
        return (0..<examples).map { _ in
            [sigma.value(rng.normal(standardDeviation: 2)), sigma.value(rng.normal(standardDeviation: 2))]
        }
    }

    /// The targets: the optimum's weights applied to the positive inputs (centring shifts only the
    /// bias the neuron needs, not its weights).
    static func targets() -> [Double] {
        inputs().map { optimum.w1 * $0[0] + optimum.w2 * $0[1] + bias }
    }

    /// Gradient descent from (0, 0), one example per step in order, bias learned alongside.
    static func descend(inputs: [[Double]]) -> Path {
        let targets = targets()
        var network = Network<Double>(layers: [Layer(unit: .activation(Activation(.identity)),
                                                     weights: Matrix(rows: 2, columns: 1, elements: [0, 0]), bias: [0])],
                                      loss: .meanSquaredError)
        var path = Path(w1: [0], w2: [0])
        for step in 0..<steps {
            let i = step % inputs.count
            let x = Matrix<Double>(rows: 1, columns: 2, elements: inputs[i])
            let y = Matrix<Double>(rows: 1, columns: 1, elements: [targets[i]])
            let gradients = GradientCheck.backpropGradients(network: network, input: x, labels: [0], targets: y)
            for j in 0..<2 { network.layers[0].weights[j, 0] -= learningRate * gradients[0].weights[j, 0] }
            network.layers[0].bias[0] -= learningRate * gradients[0].bias[0]
            path.w1.append(network.layers[0].weights[0, 0])
            path.w2.append(network.layers[0].weights[1, 0])
        }
        return path
    }
}
