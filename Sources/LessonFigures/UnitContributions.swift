import LinearAlgebra
import NeuralNetwork

/// A one-hidden-layer regression network of one input, taken apart: its output is the output bias
/// plus one contribution per hidden unit, v_j·f(w_j·x̃ + b_j) (x̃: x standardised as the trainer
/// feeds it). The universal-approximation lesson draws each contribution and their sum, the fit.
///
/// Computed in Double from the trainer's network: each unit's a_j(x) is the network's own forward
/// pass (its hidden layer's activations), v_j the output layer's weight.
public struct UnitContributions: Sendable, Equatable {
    /// The raw inputs sampled (the dataset's x).
    public var xs: [Double]
    /// contributions[j][i] = v_j·a_j(xs[i]).
    public var contributions: [[Double]]
    public var outputBias: Double
    /// The network's output at each x (its own forward pass).
    public var fit: [Double]
    /// The hidden units' function ("tanh").
    public var unitName: String

    /// Most hidden units taken apart (beyond that the drawing is a blur and the capture not free).
    public static let maximumUnits = 64

    public var units: Int { contributions.count }

    /// output bias + Σ_j contributions[j][i], added up here (not by the network).
    public var sum: [Double] {
        xs.indices.map { i in contributions.reduce(outputBias) { $0 + $1[i] } }
    }

    /// max |sum − fit|: the decomposition is exact up to rounding.
    public var largestGap: Double {
        zip(sum, fit).map { abs($0 - $1) }.max() ?? 0
    }

    /// The decomposition of `trainer`'s network at `samples` inputs over `range`; nil unless the
    /// network is 1 input → one hidden layer of plain units (not maxout, not batch-normalised, so
    /// each unit is f(w_j·x̃ + b_j)) → 1 output with MSE, fed the dataset's own input (no computed
    /// features).
    public static func of<Scalar>(_ trainer: Trainer<Scalar>, range: ClosedRange<Double>, samples: Int) -> UnitContributions? {
        let network = trainer.network.converted(to: Double.self)
        guard network.layers.count == 2, network.inputs == 1, network.outputs == 1, network.loss == .meanSquaredError,
              trainer.dataset.features == 1, trainer.inputFeatures == nil,
              network.layers[0].unit.pieces == 1, network.layers[0].normalization == nil, network.layers[0].units <= maximumUnits,
              trainer.featureMean.count == 1, trainer.featureScale.count == 1 else { return nil }
        let xs = (0..<max(2, samples)).map { range.lowerBound + (range.upperBound - range.lowerBound) * Double($0) / Double(max(2, samples) - 1) }
        var input = Matrix<Double>(rows: xs.count, columns: 1)
        for (i, x) in xs.enumerated() { input[i, 0] = (x - trainer.featureMean[0]) / trainer.featureScale[0] }
        var workspace = Workspace(for: network, batchCapacity: xs.count)
        network.forward(input, workspace: &workspace, training: false)
        let hidden = workspace.a[0], output = network.layers[1]
        let contributions = (0..<network.layers[0].units).map { j in
            (0..<xs.count).map { i in output.weights[j, 0] * hidden[i, j] }
        }
        return UnitContributions(xs: xs, contributions: contributions, outputBias: output.bias[0],
                                 fit: (0..<xs.count).map { workspace.output[$0, 0] }, unitName: network.layers[0].unit.description)
    }
}
