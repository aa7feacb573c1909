import Activations
import LinearAlgebra
import Randomness

/// One fully connected layer: z = a·W + b, then the units' function.
///
/// `weights` is fan_in × (units · pieces): row i holds the weights leaving input i. For maxout,
/// unit u owns the `pieces` consecutive columns u·k ..< (u+1)·k.
public struct Layer<Scalar: NNScalar>: Sendable, Equatable {
    public var unit: UnitKind
    public var weights: Matrix<Scalar>
    public var bias: [Scalar]
    /// Learned parameters of the units' function: one PReLU slope per unit, or one swish β for the
    /// layer; empty when the function learns nothing.
    public var unitParameters: [Scalar]
    /// Batch normalisation of z before the units' function (hidden layers with `--batch-norm`).
    public var normalization: BatchNormalization<Scalar>?

    public var inputs: Int { weights.rows }
    /// Columns of z: units × pieces.
    public var width: Int { weights.columns }
    public var units: Int { width / unit.pieces }

    /// A layer with weights drawn from `initializer` and every bias set to `bias`.
    public init(inputs: Int, units: Int, unit: UnitKind, initializer: Initializer, bias: Double,
                scale: Double = 1, batchNorm: Bool = false, rng: inout SeededGenerator) {
        self.unit = unit
        let width = units * unit.pieces
        weights = Matrix(rows: inputs, columns: width)
        for i in 0..<(inputs * width) {
            weights.storage[i] = Scalar(scale * initializer.sample(fanIn: inputs, fanOut: units, using: &rng))
        }
        self.bias = Array(repeating: Scalar(bias), count: width)
        switch unit {
        case let .activation(a) where a.kind == .prelu:
            unitParameters = Array(repeating: Scalar(a.parameter), count: units)
        case let .activation(a) where a.hasLearnedParameter:
            unitParameters = [Scalar(a.parameter)]
        default:
            unitParameters = []
        }
        normalization = batchNorm ? BatchNormalization(width: width) : nil
    }

    /// A layer from given values (tests, checkpoints).
    public init(unit: UnitKind, weights: Matrix<Scalar>, bias: [Scalar], unitParameters: [Scalar] = [],
                normalization: BatchNormalization<Scalar>? = nil) {
        self.unit = unit
        self.weights = weights
        self.bias = bias
        self.unitParameters = unitParameters
        self.normalization = normalization
    }

    /// The activation to evaluate with, its scalar parameter set to the learned swish β where there is one.
    @inlinable
    public var effectiveActivation: Activation? {
        guard case var .activation(a) = unit else { return nil }
        if a.kind == .swish && a.learnable, let beta = unitParameters.first { a.parameter = Double(beta) }
        return a
    }

    /// Number of learned values in the layer (γ and β count; the running statistics do not).
    public var parameterCount: Int { weights.count + bias.count + unitParameters.count + 2 * (normalization?.width ?? 0) }

    /// The same layer in another precision.
    public func converted<Other: NNScalar>(to: Other.Type = Other.self) -> Layer<Other> {
        Layer<Other>(unit: unit, weights: weights.converted(), bias: bias.map { Other($0) },
                     unitParameters: unitParameters.map { Other($0) }, normalization: normalization?.converted())
    }
}

/// ∂L/∂(everything) of one layer, shaped like the layer.
public struct LayerGradients<Scalar: NNScalar>: Sendable, Equatable {
    public var weights: Matrix<Scalar>
    public var bias: [Scalar]
    public var unitParameters: [Scalar]
    /// ∂L/∂γ and ∂L/∂β of a batch-normalised layer (empty otherwise).
    public var gamma: [Scalar]
    public var beta: [Scalar]

    public init(shapeOf layer: Layer<Scalar>) {
        weights = Matrix(rows: layer.weights.rows, columns: layer.weights.columns)
        bias = Array(repeating: 0, count: layer.bias.count)
        unitParameters = Array(repeating: 0, count: layer.unitParameters.count)
        gamma = Array(repeating: 0, count: layer.normalization?.width ?? 0)
        beta = Array(repeating: 0, count: layer.normalization?.width ?? 0)
    }

    public init(weights: Matrix<Scalar>, bias: [Scalar], unitParameters: [Scalar], gamma: [Scalar] = [], beta: [Scalar] = []) {
        self.weights = weights
        self.bias = bias
        self.unitParameters = unitParameters
        self.gamma = gamma
        self.beta = beta
    }

    /// Σ of squares over every gradient value.
    @inlinable
    public var sumOfSquares: Scalar {
        var s = weights.sumOfSquares
        for g in bias { s += g * g }
        for g in unitParameters { s += g * g }
        for g in gamma { s += g * g }
        for g in beta { s += g * g }
        return s
    }
}
