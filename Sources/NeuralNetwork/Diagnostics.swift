/// What the visualiser shows about one layer after an epoch. Layers are numbered from 1 (the first
/// hidden layer) to the output layer.
public struct LayerDiagnostics: Sendable, Equatable, Codable {
    /// Mean over the epoch's batches of the Frobenius norm of ∂L/∂W.
    public var gradNorm: Double
    /// Frobenius norm of W at the end of the epoch.
    public var weightNorm: Double
    /// Share of units whose activation derivative was 0 for every training sample of the epoch.
    public var deadFraction: Double
    /// Share of (unit, sample) pairs whose activation derivative was below 5% of its maximum.
    public var saturatedFraction: Double
    /// Smallest and largest pre-activation z seen during the epoch.
    public var preactivationMin: Double
    public var preactivationMax: Double
    /// Share of the layer's weights that are exactly 0 at the end of the epoch; measured only while
    /// L1 regularisation is on (nil otherwise).
    public var zeroWeightFraction: Double?
    /// Percentiles of z, a and ∂L/∂W from the epoch's last mini-batch (nil in files recorded
    /// before they were, and for an epoch that diverged).
    public var distributions: LayerDistributions?

    public init(gradNorm: Double, weightNorm: Double, deadFraction: Double, saturatedFraction: Double,
                preactivationMin: Double = .nan, preactivationMax: Double = .nan, zeroWeightFraction: Double? = nil,
                distributions: LayerDistributions? = nil) {
        self.zeroWeightFraction = zeroWeightFraction
        self.distributions = distributions
        self.gradNorm = gradNorm
        self.weightNorm = weightNorm
        self.deadFraction = deadFraction
        self.saturatedFraction = saturatedFraction
        self.preactivationMin = preactivationMin
        self.preactivationMax = preactivationMax
    }
}

/// One epoch's metrics: exactly what `nnscope train --jsonl` prints and session files record.
public struct EpochMetrics: Sendable, Equatable, Codable {
    public var epoch: Int
    /// Mean loss over the epoch's training batches.
    public var trainLoss: Double
    /// Mean loss over the validation set at the end of the epoch (nil without a validation set).
    public var valLoss: Double?
    /// Share of training samples classified correctly during the epoch (nil for regression).
    public var trainAccuracy: Double?
    public var valAccuracy: Double?
    public var learningRate: Double
    public var layers: [LayerDiagnostics]
    /// "diverged at epoch E, batch B: …" when training stopped on a non-finite loss or gradient.
    public var diverged: String?
    /// Problems seen while the numbers stayed finite (exploding loss, every hidden unit dead).
    public var warnings: [EpochWarning]

    public init(epoch: Int, trainLoss: Double, valLoss: Double?, trainAccuracy: Double?, valAccuracy: Double?,
                learningRate: Double, layers: [LayerDiagnostics], diverged: String? = nil, warnings: [EpochWarning] = []) {
        self.epoch = epoch
        self.trainLoss = trainLoss
        self.valLoss = valLoss
        self.trainAccuracy = trainAccuracy
        self.valAccuracy = valAccuracy
        self.learningRate = learningRate
        self.layers = layers
        self.diverged = diverged
        self.warnings = warnings
    }
}
