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
    /// The session file every epoch and change goes to as it happens (`--record`, the TUI's
    /// recording, `load`): the one owner of the recording path. `load` replaces it.
    public internal(set) var recording: SessionRecording?
    /// How recordings this interpreter opens (`record`, `load`) record: `.complete` (the REPL),
    /// `.interface` (the TUI: thinned, in the background, within `recordingBudget`).
    public var recordingPolicy = SessionRecording.Policy.complete
    /// Every file the run has been recorded into, in order (the first recording, then each `load`).
    public internal(set) var recordedPaths: [String] = []
    /// A recording's problem (a failed write, its budget) is added to the next command's result as
    /// a warning; false: the caller takes it from `recording` itself (the TUI shows it as an error).
    public var reportsRecordingProblems = true
    /// The journal forgets what the recording holds, so a long TUI run's memory stays flat (`save`
    /// then copies the recording).
    public var journalForgetsRecordedEntries = false
    /// The size budget of a recording with one, in bytes (`set recording-budget`, in MB).
    public var recordingBudget = RecordingPolicy.defaultBudget {
        didSet { if recording?.budget != nil { recording?.budget = recordingBudget } }
    }
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
        if reportsRecordingProblems, let problem = recording?.takeMessage() {
            result.lines.append("warning: \(problem)")
        }
        return result
    }

    private func perform(_ command: Command) throws(CommandError) -> CommandResult {
        switch command {
        case let .help(topic): return try help(topic)
        case let .show(target): return try show(target)
        case let .set(assignment): return try set(assignment)
        case let .setInterface(assignment): return setInterface(assignment)
        case let .showSetting(key): return try showSetting(key)
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
        let time = clock()
        journal.append(.event(command, position: position, time: time))
        recording?.record(event: SessionEvent(position: position, command: command.text, time: time))
        forgetRecorded()
    }

    /// Records a trained epoch (and its divergence, if it diverged), while the network is the one
    /// the epoch ended with (the recording may checkpoint it).
    func recordEpoch(_ metrics: EpochMetrics) {
        journal.append(.epoch(metrics, generation: experiment.generation))
        recording?.record(epoch: metrics, generation: experiment.generation, network: experiment.trainer.network)
        if let message = metrics.diverged {
            journal.append(.divergence(message: message, position: position))
            recording?.record(divergence: message, position: position)
        }
        forgetRecorded()
    }

    private func forgetRecorded() {
        if journalForgetsRecordedEntries, recording != nil { journal.dropRecorded(upTo: journal.endIndex) }
    }
}
