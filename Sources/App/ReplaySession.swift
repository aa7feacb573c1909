import LinearAlgebra
import NeuralNetwork
import Sessions

/// A recorded session prepared for replay: one frame per recorded epoch, each with the
/// configuration in force then and the latest checkpoint at or before it (same network), so
/// every panel can show the state of the selected epoch.
public final class ReplaySession {
    /// One recorded epoch.
    public struct Frame: Sendable {
        public var metrics: EpochMetrics
        public var generation: Int
        /// The settings in force when this epoch was trained (the header's, changed by the
        /// events recorded before it).
        public var configuration: TrainingConfiguration
        /// Index into `checkpoints` of the newest checkpoint at or before this epoch of the same network.
        public var checkpoint: Int?
    }

    /// Something that happened between epochs, marked on the time axis and named when passed.
    public struct Mark: Sendable, Equatable {
        /// The first frame trained after it (for a divergence: the epoch that diverged).
        public var frame: Int
        /// `set lr 0.05`, `reset`, `diverged at epoch 31, batch 8: loss is nan`, `resumed`.
        public var text: String
    }

    /// The session file (for messages and the status bar).
    public let source: String
    public private(set) var frames: [Frame] = []
    public private(set) var checkpoints: [SessionCheckpoint] = []
    /// Events, divergences and resumes in file order.
    public private(set) var marks: [Mark] = []
    /// Problems the reader reported (torn tail, corrupt records), as text.
    public private(set) var problems: [String] = []
    /// The file's header (nil: the records given had none).
    public private(set) var header: SessionHeader?
    private var cachedTrainer: (configuration: TrainingConfiguration, trainer: Trainer<Float>)?

    /// Reads the session at `path`. Throws when nothing usable is there.
    public convenience init(path: String) throws {
        var records: [SessionRecord] = []
        var problems: [String] = []
        try SessionReader.stream(path: path) { item in
            switch item {
            case let .record(record, _, _): records.append(record)
            case let .problem(problem): problems.append("\(problem)")
            }
        }
        self.init(records: records, source: path)
        self.problems = problems
    }

    /// A replay of `records` in file order (the first must be the header).
    public init(records: [SessionRecord], source: String) {
        self.source = source
        var configuration = TrainingConfiguration()
        var latestCheckpoint: Int?
        for record in records {
            switch record {
            case let .header(header):
                configuration = header.configuration
                self.header = header
            case let .event(event):
                do { try event.apply(to: &configuration) } catch { problems.append("event '\(event.command)': \(error)") }
                marks.append(Mark(frame: frames.count, text: event.command))
            case let .epoch(epoch):
                let checkpoint = latestCheckpoint.flatMap { checkpoints[$0].position.generation == epoch.generation ? $0 : nil }
                frames.append(Frame(metrics: epoch.metrics, generation: epoch.generation, configuration: configuration, checkpoint: checkpoint))
            case let .checkpoint(checkpoint):
                checkpoints.append(checkpoint)
                latestCheckpoint = checkpoints.count - 1
                if let last = frames.indices.last, frames[last].generation == checkpoint.position.generation,
                   frames[last].metrics.epoch == checkpoint.position.epoch {
                    frames[last].checkpoint = latestCheckpoint
                }
            case let .divergence(divergence):
                marks.append(Mark(frame: max(0, frames.count - 1), text: divergence.message))
            case let .resume(resume):
                marks.append(Mark(frame: frames.count, text: "resumed from the checkpoint at \(resume.from)"))
            case .close:
                break
            }
        }
    }

    /// The snapshot for frame `index` (clamped), with the decision map sampled at `grid` and the
    /// inside views `inside` asks for (from the checkpoint at or before the frame's epoch).
    public func snapshot(frame index: Int, grid: GridSize, inside: InsideRequest = InsideRequest()) -> Snapshot? {
        guard !frames.isEmpty else { return nil }
        let index = max(0, min(index, frames.count - 1))
        let frame = frames[index]
        let history = frames[...index].filter { $0.generation == frame.generation }.map(\.metrics)
        let status: TrainerStatus = frame.metrics.diverged.map { .diverged($0) } ?? .ready
        let trainer = self.trainer(for: frame.configuration)
        var dataView = DataView.unavailable("no weights recorded for this epoch")
        var inspector: InspectorData?, network: NetworkPicture?
        if let trainer, let checkpointIndex = frame.checkpoint {
            do {
                try trainer.restore(network: checkpoints[checkpointIndex].network)
                dataView = DataView.make(trainer: trainer, grid: grid)
                let epoch = checkpoints[checkpointIndex].position.epoch
                inspector = inside.inspectedExample.flatMap { InspectorData.make(trainer: trainer, example: $0, epoch: epoch) }
                network = inside.network.map { NetworkPicture.make(trainer: trainer, selection: $0, grid: grid, example: 0) }
            } catch {
                dataView = .unavailable("checkpoint does not fit this network: \(error)")
            }
        } else if trainer == nil {
            dataView = .unavailable("cannot rebuild the dataset \(frame.configuration.dataset)")
        }
        let shape = frame.checkpoint.map { checkpoints[$0].network.shapeDescription } ?? trainer?.network.shapeDescription ?? "?"
        // Marks within this frame's network (generation), up to it, at their epochs.
        let firstOfGeneration = frames[...index].lastIndex { $0.generation != frame.generation }.map { $0 + 1 } ?? 0
        let axisMarks = marks.filter { (firstOfGeneration...index).contains($0.frame) }.map { Double(frames[$0.frame].metrics.epoch) }
        var snapshot = Snapshot(version: index, configuration: frame.configuration, history: history, status: status,
                        epoch: frame.metrics.epoch, batchInEpoch: 0, batchesPerEpoch: trainer?.batchesPerEpoch ?? 0,
                        generation: frame.generation, networkShape: shape,
                        parameterCount: frame.checkpoint.map { checkpoints[$0].network.parameterCount } ?? trainer?.network.parameterCount ?? 0,
                        learningRate: frame.metrics.learningRate, dataView: dataView)
        snapshot.axisMarks = axisMarks
        snapshot.inspector = inspector
        snapshot.network = network
        snapshot.trainingPoints = trainer.flatMap(TrainingPoints.make)
        if frame.checkpoint == nil { snapshot.noWeightsReason = noWeightsReason(frame: frame) }
        return snapshot
    }

    /// Why the inside views have no weights at `frame`, naming the epochs that have them.
    func noWeightsReason(frame: Frame) -> String {
        let epochs = checkpoints.filter { $0.position.generation == frame.generation }.map(\.position.epoch)
        guard let first = epochs.min(), let last = epochs.max() else {
            return "no weights recorded for this epoch: this network has no checkpoints in the file"
        }
        return "no weights recorded at or before epoch \(frame.metrics.epoch): this network's checkpoints are at epochs \(first) to \(last)"
    }

    /// The frame showing epoch `epoch`: in the generation of frame `near` if it has one, else the
    /// first in the file; nil when no frame has that epoch.
    public func frame(ofEpoch epoch: Int, near: Int) -> Int? {
        let generation = frames.indices.contains(near) ? frames[near].generation : 1
        return frames.firstIndex { $0.generation == generation && $0.metrics.epoch == epoch }
            ?? frames.firstIndex { $0.metrics.epoch == epoch }
    }

    /// A trainer for `configuration` (its dataset and network shape), cached for the last configuration.
    private func trainer(for configuration: TrainingConfiguration) -> Trainer<Float>? {
        if let cachedTrainer, cachedTrainer.configuration == configuration { return cachedTrainer.trainer }
        guard let trainer = try? Trainer<Float>(configuration: configuration) else { return nil }
        cachedTrainer = (configuration, trainer)
        return trainer
    }
}
