import Commands
import NeuralNetwork
import Sessions

/// Records the TUI's run into a session file: the one adapter between the interpreter's journal
/// (every epoch, change and divergence, in order) and the Sessions module's `SessionRecorder`.
/// After each step the worker calls `sync`, which writes the journal entries added since the last
/// call, plus a checkpoint of the network after each new epoch while the network has fewer than
/// `checkpointLimit` parameters (so replays can draw decision maps). Used on the worker thread only.
public final class SessionRecording {
    /// Networks with at least this many parameters are not checkpointed every epoch.
    public static let checkpointLimit = 20_000

    public let path: String
    private let recorder: SessionRecorder
    private var recordedEntries = 0
    /// The first recording error; recording stops after it.
    public private(set) var failure: String?

    /// Creates (or truncates) `path` and writes the header for `interpreter`'s configuration.
    public init(path: String, interpreter: Interpreter, programVersion: String) throws {
        self.path = path
        recorder = try SessionRecorder(path: path, configuration: interpreter.journal.startConfiguration, programVersion: programVersion)
        recordedEntries = 0
    }

    /// Writes what the interpreter did since the last call. Returns an error message the first time
    /// writing fails (the disk filled up, the file was removed...), nil otherwise.
    @discardableResult
    public func sync(_ interpreter: Interpreter) -> String? {
        guard failure == nil else { return nil }
        let entries = interpreter.journal.entries
        guard recordedEntries < entries.count else { return nil }
        let experiment = interpreter.experiment
        do {
            var newestEpoch: (metrics: EpochMetrics, generation: Int)?
            for entry in entries[recordedEntries...] {
                switch entry {
                case let .epoch(metrics, generation):
                    try recorder.record(epoch: metrics, generation: generation)
                    newestEpoch = (metrics, generation)
                case let .event(command, position, time):
                    try recorder.record(event: SessionEvent(position: Self.position(position), command: command, time: time))
                case let .divergence(message, position):
                    try recorder.record(divergence: message, position: Self.position(position))
                }
            }
            recordedEntries = entries.count
            if let newestEpoch, newestEpoch.generation == experiment.generation,
               newestEpoch.metrics.epoch == experiment.trainer.epoch,
               experiment.trainer.network.parameterCount < Self.checkpointLimit {
                try recorder.record(checkpoint: experiment.trainer.network,
                                    position: SessionPosition(generation: newestEpoch.generation, epoch: newestEpoch.metrics.epoch, batch: 0))
            }
        } catch {
            failure = "recording stopped: \(error)"
            return failure
        }
        return nil
    }

    /// Copies the session recorded so far to `destination` atomically.
    public func save(to destination: String) throws {
        try recorder.save(to: destination)
    }

    /// Writes the closing record with the run's state and closes the file.
    public func close(status: TrainerStatus) {
        let word = switch status {
        case .ready: "ready"
        case .diverged: "diverged"
        case .stoppedEarly: "stopped-early"
        }
        try? recorder.close(status: word)
    }

    static func position(_ position: RunPosition) -> SessionPosition {
        SessionPosition(generation: position.generation, epoch: position.epoch, batch: position.batch)
    }
}
