import Activations
import Datasets
import LinearAlgebra
import Randomness

/// Where training stands.
public enum TrainerStatus: Sendable, Equatable {
    case ready
    /// A non-finite loss, gradient or weight stopped training; the weights are the last finite ones.
    case diverged(String)
    /// The validation loss stopped improving for `patience` epochs.
    case stoppedEarly(String)

    public var isReady: Bool { self == .ready }
}

/// What one call of `stepBatch` did.
public enum StepOutcome: Sendable, Equatable {
    /// One mini-batch trained; `loss` is its mean loss.
    case batch(loss: Double)
    /// The batch completed an epoch.
    case epoch(EpochMetrics)
    /// Nothing was done: training has diverged or stopped early (see `Trainer.status`).
    case halted(TrainerStatus)
}

/// Computes ∂L/∂θ for a batch another way than `Network.backward` (automatic differentiation).
public protocol GradientEngine<Scalar>: AnyObject {
    associatedtype Scalar: NNScalar
    /// Writes the gradients of the batch's mean loss into `workspace.gradients`. `workspace` holds a
    /// completed forward pass of `input`.
    func computeGradients(network: Network<Scalar>, input: Matrix<Scalar>, labels: [Int32],
                          targets: Matrix<Scalar>?, workspace: inout Workspace<Scalar>) throws
}

/// Trains a network on a dataset, one mini-batch at a time, so a UI can step it between frames.
///
/// Buffers are sized once; after the first batch a training step allocates nothing. The same
/// configuration, dataset and seed give bit-identical results.
public final class Trainer<Scalar: NNScalar> {
    /// The run's settings, the one copy the trainer reads: `reconfigure` replaces the live ones
    /// (optimiser, batch size, patience, engine) between steps; the others need a new trainer.
    public private(set) var configuration: TrainingConfiguration
    public let dataset: Dataset
    /// The dataset as the network is fed it: split, features, standardisation (`TrainingData`).
    public let data: TrainingData<Scalar>
    public internal(set) var network: Network<Scalar>
    public internal(set) var status: TrainerStatus = .ready
    /// Completed epochs.
    public internal(set) var epoch = 0
    /// Mini-batches completed in the current epoch.
    public internal(set) var batchInEpoch = 0
    public internal(set) var history: [EpochMetrics] = []
    /// Keep only about this many of the latest epochs in `history` (nil: all). Headless runs that
    /// stream their epochs elsewhere set it so that memory stays flat however long they train.
    public var historyLimit: Int?
    /// The whole run at bounded size (evenly spaced epochs and the latest), for charts.
    public internal(set) var overview = EpochOverview()
    /// The lowest validation loss of any epoch so far (nil without a validation set).
    public internal(set) var lowestValidationLoss: Double?
    /// The loss of this network's first mini-batch, before any update (since it was built or
    /// restored): what `EpochWarning.explodingLoss` compares an epoch's training loss with.
    public internal(set) var firstLoss: Double?
    /// Gradients from another engine than backprop (see `GradientEngine`); nil for backprop.
    public var gradientEngine: (any GradientEngine<Scalar>)?

    public let loss: Loss
    public var trainCount: Int { data.trainCount }
    public var validationCount: Int { data.validationCount }
    /// The dataset rows held out for validation, ascending (every other row trains).
    public var validationRows: [Int] { data.validationRows }
    /// The input features computed from the dataset's 2-D points (nil: the dataset's own inputs).
    public var inputFeatures: [InputFeature]? { data.inputFeatures }
    /// Per-feature mean and scale applied to the network's inputs (after the feature transform;
    /// identity when standardisation is off).
    public var featureMean: [Double] { data.featureMean }
    public var featureScale: [Double] { data.featureScale }

    var optimizer: Optimizer<Scalar>
    var workspace: Workspace<Scalar>
    var evaluationWorkspace: Workspace<Scalar>
    /// The network the next update is written into; after a step it holds the previous weights,
    /// so a step that makes a weight non-finite is dropped by not swapping.
    var spareNetwork: Network<Scalar>
    var trainX: Matrix<Scalar> { data.trainX }
    var trainLabels: [Int32] { data.trainLabels }
    var trainTargets: Matrix<Scalar>? { data.trainTargets }
    var batchX: Matrix<Scalar>
    var batchLabels: [Int32]
    var batchTargets: Matrix<Scalar>?
    var evaluationX: Matrix<Scalar>
    var evaluationLabels: [Int32]
    var evaluationTargets: Matrix<Scalar>?
    var order: [Int]
    var shuffler: SeededGenerator
    var position = 0
    /// Set when the second core copied the next batch during the last update (see `gatheringNextBatch`).
    var prefetchedBatch: PrefetchedBatch?
    /// Whether the second core may gather the next batch during the update (tests turn it off to
    /// compare with the step's own gather).
    var gathersAhead = true
    /// Whether a step may be shared by two cores by rows (`splitStep`; tests turn it off to compare
    /// with the one-core step).
    var splitsAcrossCores = true
    /// The split step's pointers and results, made at its first use (nil: the network's layers rule it out).
    var splitPass: SplitPass?
    var checkedSplitLayout = false
    var batchSize: Int
    // Accumulated over the current epoch.
    var lossSum = 0.0
    var correct = 0
    var samples = 0
    var gradNormSums: [Double]
    /// Σg² of each layer's weight gradient in the current step.
    var weightGradientSquares: [Scalar]
    /// Where the epoch's distributions are sorted (`LayerDistributions.sampleLimit` long).
    var distributionScratch: [Scalar]
    /// Whether the network normalises its hidden layers (the running statistics follow every step).
    let hasBatchNormalization: Bool
    var bestValidationLoss = Double.infinity
    var bestEpoch = 0

    /// A trainer with a freshly initialised network on `dataset`. `standardize` overrides the
    /// configuration's choice (without it, a dataset given directly is standardised unless the
    /// setting is `off`; `init(configuration:)` decides by the spec, see `Standardization`).
    public init(configuration: TrainingConfiguration, dataset: Dataset, standardize: Bool? = nil) throws(NetworkError) {
        try configuration.validate()
        guard dataset.count >= 2 else { throw .invalid("dataset \(dataset.name) has \(dataset.count) examples; at least 2 are needed") }
        guard dataset.features >= 1 else { throw .invalid("dataset \(dataset.name) has no input features") }
        let loss = configuration.loss ?? (dataset.isClassification ? .softmaxCrossEntropy : .meanSquaredError)
        switch (loss, dataset.task) {
        case (.meanSquaredError, .classification):
            throw .invalid("loss mse needs a regression dataset; \(dataset.name) is a classification dataset")
        case (.softmaxCrossEntropy, .regression), (.binaryCrossEntropy, .regression):
            throw .invalid("loss \(loss.rawValue) needs class labels; \(dataset.name) is a regression dataset")
        case let (.binaryCrossEntropy, .classification(_, names)) where names.count != 2:
            throw .invalid("binary-cross-entropy needs exactly 2 classes; \(dataset.name) has \(names.count)")
        default: break
        }
        self.configuration = configuration
        self.dataset = dataset
        self.loss = loss

        let data = try TrainingData<Scalar>(configuration: configuration, dataset: dataset,
                                            standardize: standardize ?? (configuration.standardize != .off))
        self.data = data
        let f = data.features
        let outputs = loss == .binaryCrossEntropy ? 1 : dataset.outputs
        try NetworkSize.check(features: f, hidden: configuration.hidden, units: configuration.hiddenUnits, outputs: outputs)

        var initRNG = SeededGenerator(seed: configuration.seed ^ 0x1417_0000_0000_0002)
        var network = Network<Scalar>(inputs: f, hidden: configuration.hidden, units: configuration.hiddenUnits,
                                      outputs: outputs, loss: loss, initializer: configuration.effectiveInitializer,
                                      biasInit: configuration.biasInit, initScale: configuration.initScale,
                                      batchNorm: configuration.batchNorm, rng: &initRNG)
        if let initial = configuration.initialWeights {
            try initial.check(fits: network)
            network.assignValues(from: initial.network.converted())
        }
        self.network = network
        spareNetwork = network
        optimizer = Optimizer(settings: configuration.optimizer, network: network)
        let trainRows = data.trainCount, validationRows = data.validationCount
        let batch = min(configuration.batchSize, trainRows)
        if configuration.batchNorm && batch < BatchNorm.minimumBatchSize {
            throw .invalid("batch norm needs mini-batches of at least \(BatchNorm.minimumBatchSize) examples; the training split of \(dataset.name) has \(trainRows)")
        }
        batchSize = batch
        workspace = Workspace(for: network, batchCapacity: batch)
        let evaluationCapacity = max(1, min(max(validationRows, trainRows), 1024))
        evaluationWorkspace = Workspace(for: network, batchCapacity: evaluationCapacity)
        batchX = Matrix(rows: batch, columns: f)
        batchLabels = Array(repeating: 0, count: batch)
        batchTargets = data.trainTargets.map { Matrix(rows: batch, columns: $0.columns) }
        evaluationX = Matrix(rows: evaluationCapacity, columns: f)
        evaluationLabels = Array(repeating: 0, count: evaluationCapacity)
        evaluationTargets = data.trainTargets.map { Matrix(rows: evaluationCapacity, columns: $0.columns) }
        order = Array(0..<trainRows)
        shuffler = SeededGenerator(seed: configuration.seed ^ 0x5407_0000_0000_0003)
        hasBatchNormalization = network.hasBatchNormalization
        gradNormSums = Array(repeating: 0, count: network.layers.count)
        weightGradientSquares = Array(repeating: 0, count: network.layers.count)
        distributionScratch = Array(repeating: 0, count: LayerDistributions.sampleLimit)
        history.reserveCapacity(1024)
    }

    /// Mini-batches per epoch at the current batch size.
    public var batchesPerEpoch: Int { (trainCount + batchSize - 1) / batchSize }

    /// The learning rate in effect (the configuration's).
    public var learningRate: Double { configuration.optimizer.learningRate }

    /// Adopts `next`'s live settings: the optimiser and its parameters, the batch size, patience,
    /// the engine (the caller installs it). A change of optimiser kind forgets its state. `next`
    /// must equal the current configuration in every setting that needs a new network.
    public func reconfigure(_ next: TrainingConfiguration) {
        let settings = next.optimizer
        if settings.kind != optimizer.settings.kind {
            optimizer = Optimizer(settings: settings, network: network)
        } else {
            optimizer.settings = settings
        }
        configuration = next
        let smallest = hasBatchNormalization ? BatchNorm.minimumBatchSize : 1
        let batch = max(smallest, min(next.batchSize, trainCount))
        if batch != batchSize {
            batchSize = batch
            workspace = Workspace(for: network, batchCapacity: batch)
            batchX = Matrix(rows: batch, columns: trainX.columns)
            batchLabels = Array(repeating: 0, count: batch)
            batchTargets = trainTargets.map { Matrix(rows: batch, columns: $0.columns) }
        }
        if case .stoppedEarly = status { status = .ready }
    }
}

extension Trainer {
    /// Replaces the network's parameters (a checkpoint being restored); shapes must match.
    public func restore(network other: Network<Scalar>) throws(NetworkError) {
        if other.hasBatchNormalization != network.hasBatchNormalization {
            throw .invalid(other.hasBatchNormalization
                ? "the network to restore is batch-normalised and this run's is not: set batch-norm on first"
                : "the network to restore has no batch normalisation and this run's has: set batch-norm off first")
        }
        guard other.layers.count == network.layers.count,
              zip(other.layers, network.layers).allSatisfy({ $0.weights.rows == $1.weights.rows && $0.weights.columns == $1.weights.columns
                  && $0.bias.count == $1.bias.count && $0.unitParameters.count == $1.unitParameters.count
                  && $0.normalization?.width == $1.normalization?.width })
        else { throw .invalid("checkpoint shape \(other.shapeDescription) does not match the network \(network.shapeDescription)") }
        network.assignValues(from: other)
        optimizer.resetState(for: network)
        firstLoss = nil
    }

    /// Sets one weight or bias by hand (the optimiser's state is kept); throws, changing nothing,
    /// for an index outside the network. Returns the value it replaced.
    @discardableResult
    public func set(_ parameter: HandSetParameter) throws(NetworkError) -> Double {
        try network.set(parameter)
    }

    /// Sets the epoch counter (a resumed session continues its numbering).
    public func continueNumbering(fromEpoch completed: Int) {
        epoch = max(completed, 0)
        position = 0
        batchInEpoch = 0
    }

    /// Clears a divergence or an early stop so that training can continue with the current weights.
    public func clearHalt() {
        status = .ready
    }
}
