import LinearAlgebra

/// Batch normalisation's fixed constants (PyTorch's defaults), declared once.
public enum BatchNorm {
    /// Weight of the newest batch in the running mean and variance:
    /// running ← (1 − momentum)·running + momentum·batch.
    public static let momentum = 0.1
    /// Added to the variance before its square root.
    public static let epsilon = 1e-5
    /// The smallest mini-batch batch normalisation can train on (a variance needs two values).
    public static let minimumBatchSize = 2
}

/// Where a forward pass takes a normalised layer's mean and variance from.
public enum NormalizationStatistics: Sendable, Equatable {
    /// The mini-batch's own (training).
    case batch
    /// The running averages (validation, prediction, the inspector, the views, the landscape).
    case running
}

/// Batch normalisation of one hidden layer (Ioffe & Szegedy, 2015): each column j of the layer's
/// pre-activations z = a·W + b becomes y_j = γ_j·(z_j − μ_j)/√(σ²_j + ε) + β_j, where μ and σ² are the
/// mini-batch's mean and (biased) variance in training and the running averages otherwise. The
/// unit's function is then applied to y.
public struct BatchNormalization<Scalar: NNScalar>: Sendable, Equatable {
    /// Learned scale, one per column of z (initially 1).
    public var gamma: [Scalar]
    /// Learned shift, one per column of z (initially 0).
    public var beta: [Scalar]
    /// Running mean of each column (initially 0), updated by every training batch of two or more rows.
    public var runningMean: [Scalar]
    /// Running unbiased variance of each column (initially 1).
    public var runningVariance: [Scalar]

    /// The initial state for `width` columns: γ = 1, β = 0, running mean 0, running variance 1.
    public init(width: Int) {
        gamma = Array(repeating: 1, count: width)
        beta = Array(repeating: 0, count: width)
        runningMean = Array(repeating: 0, count: width)
        runningVariance = Array(repeating: 1, count: width)
    }

    public init(gamma: [Scalar], beta: [Scalar], runningMean: [Scalar], runningVariance: [Scalar]) {
        self.gamma = gamma
        self.beta = beta
        self.runningMean = runningMean
        self.runningVariance = runningVariance
    }

    public var width: Int { gamma.count }

    /// Whether every array has `width` entries and the running variance is finite and not negative.
    public func isConsistent(width: Int) -> Bool {
        gamma.count == width && beta.count == width && runningMean.count == width && runningVariance.count == width
            && runningVariance.allSatisfy { $0 >= 0 && $0.isFinite }
    }

    /// True when γ, β and the running statistics are all finite.
    public var allFinite: Bool {
        var finite = true
        for x in gamma where !x.isFinite { finite = false }
        for x in beta where !x.isFinite { finite = false }
        for x in runningMean where !x.isFinite { finite = false }
        for x in runningVariance where !x.isFinite { finite = false }
        return finite
    }

    public func converted<Other: NNScalar>(to: Other.Type = Other.self) -> BatchNormalization<Other> {
        BatchNormalization<Other>(gamma: gamma.map { Other($0) }, beta: beta.map { Other($0) },
                                  runningMean: runningMean.map { Other($0) }, runningVariance: runningVariance.map { Other($0) })
    }

    /// Copies every value from `other` (same width) into this one's existing storage.
    @inlinable
    public mutating func assignValues(from other: BatchNormalization) {
        copy(other.gamma, into: &gamma)
        copy(other.beta, into: &beta)
        copy(other.runningMean, into: &runningMean)
        copy(other.runningVariance, into: &runningVariance)
    }
}
