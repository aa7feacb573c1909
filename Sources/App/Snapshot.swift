import LinearAlgebra
import NeuralNetwork
import Render
import Commands

/// An immutable picture of the run that the training worker publishes for the UI: everything the
/// screen shows, so drawing never touches the experiment (which lives on the worker thread).
public struct Snapshot: Sendable {
    /// Increases with every publication; the UI redraws when it changes.
    public var version: Int
    public var configuration: TrainingConfiguration
    /// The current network's epochs so far, thinned evenly over long runs (`EpochOverview`) and
    /// always ending with the latest; a re-initialisation starts a new history.
    public var history: [EpochMetrics]
    public var status: TrainerStatus
    /// Completed epochs and mini-batches of the next.
    public var epoch: Int
    public var batchInEpoch: Int
    public var batchesPerEpoch: Int
    /// How many networks the run has had (1 at the start; every re-initialisation adds one).
    public var generation: Int
    public var networkShape: String
    public var parameterCount: Int
    public var learningRate: Double
    public var dataView: DataView
    public var isRunning: Bool
    /// Training speed over the last second of running; nil when paused.
    public var epochsPerSecond: Double?
    /// Something was trained or changed since the session was last saved.
    public var hasUnsavedChanges = false
    /// Run B while a comparison is on (`:compare KEY VALUE`); this snapshot is then run A's.
    public var compared: ComparedSnapshot?
    /// The backprop inspector's numbers, while the inspector is open (see `InsideRequest`).
    public var inspector: InspectorData?
    /// The network view's picture, while it is open.
    public var network: NetworkPicture?
    /// The size of the session file being recorded, and whether it reached its budget.
    public var recordingSize: Int?
    /// The session file the run is recorded into (the worker's recording is its one owner; the
    /// status bar, the quit question and the re-initialise question read it here).
    public var recordingPath: String?
    public var recordingIsFull = false
    /// Epochs marked on the charts' time axis (a replay's events and divergences).
    public var axisMarks: [Double] = []
    /// The speed limit of continuous training (`set speed`, `[`/`]`).
    public var speed: TrainingSpeed = .unlimited
    /// The selected hidden layer's z over the training examples, for the activation panel.
    public var zDistribution: ZDistribution?

    public init(version: Int, configuration: TrainingConfiguration, history: [EpochMetrics], status: TrainerStatus,
                epoch: Int, batchInEpoch: Int, batchesPerEpoch: Int, generation: Int, networkShape: String,
                parameterCount: Int, learningRate: Double, dataView: DataView, isRunning: Bool = false,
                epochsPerSecond: Double? = nil) {
        self.version = version
        self.configuration = configuration
        self.history = history
        self.status = status
        self.epoch = epoch
        self.batchInEpoch = batchInEpoch
        self.batchesPerEpoch = batchesPerEpoch
        self.generation = generation
        self.networkShape = networkShape
        self.parameterCount = parameterCount
        self.learningRate = learningRate
        self.dataView = dataView
        self.isRunning = isRunning
        self.epochsPerSecond = epochsPerSecond
    }

    /// The experiment as it stands, with the data panel's grid sampled at `grid` (or `dataView`
    /// reused from an earlier snapshot).
    public static func capture(_ experiment: Experiment, version: Int, grid: GridSize, isRunning: Bool = false,
                               epochsPerSecond: Double? = nil, dataView: DataView? = nil) -> Snapshot {
        let trainer = experiment.trainer
        return Snapshot(version: version, configuration: experiment.configuration, history: trainer.overview.epochs,
                        status: trainer.status, epoch: trainer.epoch, batchInEpoch: trainer.batchInEpoch,
                        batchesPerEpoch: trainer.batchesPerEpoch, generation: experiment.generation,
                        networkShape: trainer.network.shapeDescription, parameterCount: trainer.network.parameterCount,
                        learningRate: trainer.learningRate, dataView: dataView ?? DataView.make(trainer: trainer, grid: grid),
                        isRunning: isRunning, epochsPerSecond: epochsPerSecond)
    }
}
