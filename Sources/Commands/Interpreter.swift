import NeuralNetwork
import Sessions

/// Runs command-language lines against an `Experiment`. One interpreter serves the TUI's command
/// line, `nnscope repl` on a terminal and scripts, so whatever a user can type a script (and a
/// test) can do.
///
/// Not thread-safe: the TUI trains on a worker thread between steps and must serialise its calls
/// (commands from the UI thread, `trainEpoch`/`trainBatch` from the worker) so that at most one runs
/// at a time. The interpreter prints nothing; every call returns a `CommandResult`.
public final class Interpreter {
    /// The experiment being driven. `load` replaces it with the loaded session's experiment, so
    /// read it again after a command whose result has `changedState`.
    public internal(set) var experiment: Experiment
    /// True in the TUI: `run` and `pause` return a `runRequest` for its background loop instead of
    /// training; elsewhere `run N` trains N epochs at once.
    public var runsInBackground: Bool
    /// Everything trained and changed since the interpreter started (or since `load`).
    public internal(set) var journal: RunJournal
    /// True while `journal` describes the whole run from a fresh network (so `save` can write it
    /// out); false after `load` or when the interpreter was given an experiment already trained.
    var journalIsComplete: Bool
    /// The session file every epoch and change goes to as it happens (`--record`, `load`).
    var recorder: SessionRecorder?
    /// The session file the caller records the run into itself, when the interpreter does not (the
    /// TUI records on its own writer thread and sets this). `load` refuses to load it again and
    /// `export` without `from` reads it, so the caller must have written everything before those run.
    public var externalRecordingPath: String?
    /// Epoch records in the recording (those of a loaded session included).
    var recordedEpochs = 0
    /// Where the last checkpoint was recorded (the weights change only when the position does).
    var checkpointedAt: SessionPosition?
    /// Why recording stopped (a write failed), until a command result has reported it.
    var recordingFailure: String?
    /// Called after every epoch is journaled, however it was trained (`step N`, `batch N`, `run`),
    /// while the network is the one that epoch ended with: the TUI's recording checkpoints it here.
    public var afterEpoch: (() -> Void)?
    /// The TUI recording's size budget in bytes (`set recording-budget`, in MB).
    public var recordingBudget = RecordingPolicy.defaultBudget
    /// How fast continuous training goes in the TUI (`set speed`); the worker applies it.
    public var speed: TrainingSpeed = .unlimited
    /// Written into session headers and resume records ("nnscope 0.1.0").
    public var programVersion: String
    /// The files this run saved to (a later save may update them; others need `--force`).
    var saveTargets = SaveTargets()
    /// Seconds since the run started, for event times (injectable for tests).
    let clock: @Sendable () -> Double

    public init(experiment: Experiment, runsInBackground: Bool = false, programVersion: String = "nnscope") {
        self.experiment = experiment
        self.runsInBackground = runsInBackground
        self.programVersion = programVersion
        journal = RunJournal(startConfiguration: experiment.configuration)
        journalIsComplete = experiment.generation == 1 && experiment.trainer.epoch == 0 && experiment.trainer.batchInEpoch == 0
        let start = ContinuousClock.now
        clock = {
            let elapsed = ContinuousClock.now - start
            return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        }
    }

    /// The single entry point for typed and scripted lines: tokenizes, parses and runs `line`.
    /// Blank lines and comments give an empty result.
    public func execute(line: String) -> CommandResult {
        do {
            guard let command = try CommandParser.parse(line) else { return CommandResult() }
            return execute(command)
        } catch {
            return .failure(error)
        }
    }

    /// Runs an already parsed command.
    public func execute(_ command: Command) -> CommandResult {
        var result: CommandResult
        do {
            result = try perform(command)
        } catch {
            result = .failure(error)
        }
        if let failure = recordingFailure {
            result.lines.append("warning: \(failure)")
            recordingFailure = nil
        }
        return result
    }

    private func perform(_ command: Command) throws(CommandError) -> CommandResult {
        switch command {
        case let .help(topic): return try help(topic)
        case let .show(target): return try show(target)
        case let .set(key, value): return try set(key, value)
        case let .setParameter(parameter): return try set(parameter)
        case let .dataset(spec): return try dataset(spec)
        case let .step(epochs): return step(epochs: epochs)
        case let .batch(count): return batch(count: count)
        case let .run(epochs): return try run(epochs: epochs)
        case .pause: return pause()
        case .reset: return try reset()
        case let .save(path, force): return try save(to: path, force: force)
        case let .load(path): return try load(from: path)
        case let .replay(path): return try replay(path)
        case let .export(path, session): return try export(to: path, from: session)
        case .gradcheck: return try gradcheck()
        case let .inspect(example): return try inspect(example: example)
        case let .graph(expression, values): return try graph(expression, values)
        case .quit: return CommandResult(lines: ["bye"], quit: true)
        }
    }

    /// Where the run stands now.
    public var position: RunPosition {
        RunPosition(of: experiment)
    }

    // MARK: Recording

    /// Records a change made at `position` (the session's event holds its canonical line).
    func recordEvent(_ command: Command, at position: RunPosition) {
        journal.append(.event(command, position: position, time: clock()))
        if let recorder {
            record { try recorder.record(event: SessionEvent(position: position, command: command.text, time: recorder.elapsed)) }
        }
    }

    /// Records a trained epoch (and its divergence, if it diverged).
    func recordEpoch(_ metrics: EpochMetrics) {
        journal.append(.epoch(metrics, generation: experiment.generation))
        if let recorder {
            record { try recorder.record(epoch: metrics, generation: experiment.generation) }
            recordedEpochs += 1
        }
        if let message = metrics.diverged {
            journal.append(.divergence(message: message, position: position))
            if let recorder { record { try recorder.record(divergence: message, position: position) } }
        }
        afterEpoch?()
    }
}
