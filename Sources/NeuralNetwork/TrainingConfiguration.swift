import Datasets
import Activations
import Datasets

/// Which code computes the gradients.
public enum GradientEngineKind: String, CaseIterable, Sendable, Codable {
    /// The hand-derived δ rule (`Network.backward`).
    case backprop
    /// Reverse-mode automatic differentiation on a graph recorded for every batch.
    case autodiff
    /// Reverse mode on a graph recorded once and re-run on each batch.
    case autodiffStatic = "autodiff-static"
}

/// Everything that defines a training run. The same configuration and seed give bit-identical runs.
///
/// Every field is also a named setting (`set lr 0.01`, `--lr 0.01`, a session file's config record):
/// see `TrainingConfiguration.settings`.
public struct TrainingConfiguration: Sendable, Equatable {
    public var dataset = "spiral"
    /// Widths of the hidden layers.
    public var hidden = [16, 16]
    /// The hidden layers' units.
    public var activation: UnitKind = .activation(Activation(.relu))
    /// Per-layer overrides: hidden layer number (from 1) → units.
    public var layerActivations: [Int: UnitKind] = [:]
    /// nil: He for the ReLU family, Xavier otherwise.
    public var initializer: Initializer?
    public var biasInit = 0.0
    /// Multiplies every initial weight (1 = the initialiser's own scale; 1e5 provokes divergence).
    public var initScale = 1.0
    public var optimizer = OptimizerSettings()
    public var batchSize = 10
    /// Share of the data held out for validation (0 turns validation off).
    public var validationFraction = 0.2
    /// Stop when the validation loss has not improved for this many epochs (0: never stop early).
    public var patience = 0
    public var seed: UInt64 = 1
    /// nil: softmax cross-entropy for classification, MSE for regression.
    public var loss: Loss?
    public var engine: GradientEngineKind = .backprop
    /// Whether features are standardised with the training split's mean and standard deviation.
    public var standardize = Standardization.auto
    /// Weights to start from (`--init-from FILE`) instead of the initialiser's; not a named setting.
    /// A `set` of a setting that needs a new network drops them (see `Experiment.set`).
    public var initialWeights: InitialWeights?
    /// Seed of the generated data; nil: the run's `seed` (the weights, split and shuffling always
    /// use `seed`).
    public var dataSeed: UInt64?
    /// Playground-style noise, the share of the data's spread (0 to 0.5); nil: the generator's own
    /// noise (see `DatasetSpec.make(seed:noiseShare:)`).
    public var noise: Double?
    /// Input features computed from 2-D points (Playground's x1, x2, x1², ...); nil: the raw inputs.
    public var features: [InputFeature]?
    /// Batch normalisation of every hidden layer's pre-activations (see `BatchNormalization`).
    public var batchNorm = false

    public init() {}

    /// The seed the data is generated with.
    public var effectiveDataSeed: UInt64 { dataSeed ?? seed }

    /// The units of each hidden layer, overrides applied.
    public var hiddenUnits: [UnitKind] {
        hidden.indices.map { layerActivations[$0 + 1] ?? activation }
    }

    /// The hidden units in words: "no hidden layer" for a linear model, else the activation (or
    /// the per-layer mix, comma-separated).
    public var hiddenUnitsDescription: String {
        guard !hidden.isEmpty else { return "no hidden layer" }
        var distinct: [String] = []
        for unit in hiddenUnits where !distinct.contains(unit.description) { distinct.append(unit.description) }
        return distinct.joined(separator: ", ")
    }

    /// The initialiser in effect.
    public var effectiveInitializer: Initializer { initializer ?? Initializer.defaultFor(activation) }

    /// Checks ranges that the type system does not: widths, fractions, sizes.
    public func validate() throws(NetworkError) {
        guard !hidden.contains(where: { $0 < 1 || $0 > TrainingConfiguration.maximumWidth }) else {
            throw .invalid("layer widths must be from 1 to \(TrainingConfiguration.maximumWidth), got \(hidden.map(String.init).joined(separator: ","))")
        }
        guard hidden.count <= TrainingConfiguration.maximumHiddenLayers else { throw .invalid("at most \(TrainingConfiguration.maximumHiddenLayers) hidden layers, got \(hidden.count)") }
        let batches = TrainingConfiguration.batchSizes
        guard batches.contains(batchSize) else { throw .invalid("batch size must be from \(batches.lowerBound) to \(batches.upperBound), got \(batchSize)") }
        guard TrainingConfiguration.validationFractions.contains(validationFraction) else {
            throw .invalid("validation fraction must be from \(TrainingConfiguration.validationFractions.lowerBound) to \(TrainingConfiguration.validationFractions.upperBound), got \(validationFraction)")
        }
        guard optimizer.learningRate.isFinite && optimizer.learningRate > 0 else {
            throw .invalid("learning rate must be a positive number, got \(optimizer.learningRate)")
        }
        guard patience >= 0 else { throw .invalid("patience must not be negative") }
        if batchNorm && batchSize < BatchNorm.minimumBatchSize {
            throw .invalid("batch norm needs a batch size of at least \(BatchNorm.minimumBatchSize) (a batch's variance needs two examples), got \(batchSize): set batch 2 or more, or batch-norm off")
        }
        for key in layerActivations.keys where key < 1 || key > hidden.count {
            throw .invalid("layer \(key) has an activation override but the network has \(hidden.count) hidden layers")
        }
    }
}

/// The `standardize` setting: `on` and `off` say it; `auto` standardises data read from files and
/// leaves generated data (already centred and scaled) as generated. A dataset spec's `standardize`
/// or `no-standardize` option sets this same setting (`dataset spiral:standardize` is `dataset
/// spiral` plus `set standardize on`), so there is one switch and it always says what happens.
public enum Standardization: String, Sendable, CaseIterable {
    case auto, on, off

    /// Whether the dataset `spec` names is standardised under this setting (`computedFeatures`:
    /// the inputs are computed features such as x1², which `auto` standardises too).
    public func applies(to spec: DatasetSpec, computedFeatures: Bool = false) -> Bool {
        switch self {
        case .on: true
        case .off: false
        case .auto: spec.isFile || computedFeatures
        }
    }
}
