import ArgumentParser
import Autodiff
import Commands
import Foundation
import JSON
import NeuralNetwork
import Sessions

struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a network headless, printing one line (or one JSON object) per epoch."
    )

    @OptionGroup var options: TrainingOptions
    @OptionGroup var initFrom: InitFromOption

    @Option(parsing: .number, help: "Number of epochs (default 100).")
    var epochs: Int = 100

    @Flag(help: "Write one JSON object per epoch to stdout and nothing else there.")
    var jsonl = false

    @Option(help: ArgumentHelp("Record the run to a session file (JSON Lines; see docs/session-format.md).", valueName: "file"), completion: ShellCompletions.sessionFile)
    var record: String?

    @Flag(help: forceHelp)
    var force = false

    @Option(name: .customLong("checkpoint-every"), parsing: .number,
            help: "With --record or --resume: also checkpoint the weights every N epochs (default: only after the last epoch, and the last finite weights on divergence).")
    var checkpointEvery: Int?

    @Option(help: ArgumentHelp("Continue a recorded session from its last checkpoint for --epochs more epochs, appending to it. Uses the session's own configuration.", valueName: "file"), completion: ShellCompletions.sessionFile)
    var resume: String?

    @Option(help: ArgumentHelp("Also train run B, a copy of this run with one setting changed (same data, split, seed and, where the shapes allow, initial weights), in lock-step. With --record FILE, B is recorded to FILE-B.jsonl.", valueName: "key=value"))
    var compare: String?

    func validate() throws {
        if compare != nil && resume != nil { throw ValidationError("--compare cannot be combined with --resume") }
        if let compare { _ = try Self.parseCompare(compare) }
        guard epochs >= 0 && epochs <= 100_000_000 else { throw ValidationError("--epochs must be between 0 and 100000000, got \(epochs)") }
        if let n = checkpointEvery, n < 1 || n > 100_000_000 { throw ValidationError("--checkpoint-every must be between 1 and 100000000, got \(n)") }
        if checkpointEvery != nil && record == nil && resume == nil { throw ValidationError("--checkpoint-every needs --record or --resume") }
        if force && record == nil { throw ValidationError("--force only applies to --record FILE") }
        if record != nil && resume != nil { throw ValidationError("--record and --resume cannot be combined: --resume appends to its own file") }
        if resume != nil && initFrom.initFrom != nil { throw ValidationError("--init-from starts a new run; --resume continues one from its own checkpoint") }
    }

    func run() throws {
        if let resume { return try runResumed(resume) }
        if let compare { return try runCompared(compare) }
        let configuration = try initFrom.configuration(options)
        let trainer: Trainer<Float>
        do { trainer = try Trainer<Float>(configuration: configuration) } catch { throw CLIError("\(error)") }
        try installGradientEngine(configuration.engine, on: trainer)
        let recording: SessionRecording?
        do {
            recording = try record.map {
                try SessionRecording(path: $0, configuration: configuration, programVersion: "nnscope \(programVersion)", replacing: force, policy: .complete)
            }
        } catch { throw CLIError("--record: \(error)" + existingFileHint(error, resumable: true)) }
        if !jsonl {
            print("nnscope train: " + Self.headerDescription(configuration, trainer))
        }
        try train(trainer, generation: 1, recording: recording)
    }

    /// The header line after "nnscope train: ": data, network, units, optimiser, batch, engine, split.
    static func headerDescription(_ configuration: TrainingConfiguration, _ trainer: Trainer<Float>) -> String {
        "\(configuration.dataset), network \(trainer.network.shapeDescription), \(configuration.hiddenUnitsDescription), "
            + (configuration.batchNorm ? "batch norm, " : "")
            + "\(configuration.optimizer.kind.rawValue) lr \(configuration.optimizer.learningRate), batch \(configuration.batchSize), "
            + "gradients by \(configuration.engine.rawValue), "
            + "\(trainer.trainCount) train / \(trainer.validationCount) validation examples"
    }

    /// `--resume FILE`: the session continued from its last checkpoint (`SessionContinuation`, shared
    /// with the REPL's `load`), numbering epochs on; recorded as a new generation after a resume record.
    private func runResumed(_ path: String) throws {
        guard try options.configuration() == TrainingConfiguration() else {
            throw ValidationError("--resume continues with the session's own configuration; leave out the training options")
        }
        let continuation: SessionContinuation
        do {
            continuation = try SessionContinuation.open(path: path, programVersion: "nnscope \(programVersion)",
                                                        engineFactory: Experiment.autodiffEngines)
        } catch { throw CLIError("--resume: \(error)") }
        for problem in continuation.contents.problems { FileHandle.standardError.write(Data("nnscope: warning: \(problem)\n".utf8)) }
        let (experiment, position) = (continuation.experiment, continuation.position)
        let recording = SessionRecording(continuing: continuation.recorder, epochs: continuation.contents.epochs.count, policy: .complete)
        if !jsonl { print("nnscope train: resuming \(path) at epoch \(position.epoch) (generation \(position.generation))") }
        try train(experiment.trainer, generation: position.generation, recording: recording)
    }

    /// `--epochs`, capped by `NNSCOPE_MAX_EPOCHS` when set (the README's examples run in the test
    /// suite with a cap, so they stay quick).
    var epochCount: Int {
        guard let text = ProcessInfo.processInfo.environment["NNSCOPE_MAX_EPOCHS"], let cap = Int(text), cap >= 0 else { return epochs }
        return min(epochs, cap)
    }

    /// Trains `epochs` epochs batch by batch, printing (and recording) each epoch.
    private func train(_ trainer: Trainer<Float>, generation: Int, recording: SessionRecording?) throws {
        let epochs = epochCount
        // Every epoch is printed (and recorded) as it ends: the trainer need not keep them all.
        trainer.historyLimit = 64
        let interactive = isatty(STDOUT_FILENO) == 1 && !jsonl
        let start = DispatchTime.now().uptimeNanoseconds
        var position: SessionPosition { SessionPosition(generation: generation, epoch: trainer.epoch, batch: trainer.batchInEpoch) }
        func checkpoint() { recording?.checkpoint(trainer.network, at: position) }
        /// A failed write ends the run with the reason (the file keeps every complete record).
        func checkRecording() throws {
            if let recording, let failure = recording.failure { throw CLIError("--record \(recording.path): \(failure)") }
        }
        for e in 0..<epochs {
            var metrics: EpochMetrics?
            var before = SessionPosition(generation: generation, epoch: trainer.epoch, batch: trainer.batchInEpoch)
            stepping: while true {
                before = SessionPosition(generation: generation, epoch: trainer.epoch, batch: trainer.batchInEpoch)
                switch trainer.stepBatch() {
                case .batch: continue
                case let .epoch(m): metrics = m; break stepping
                case .halted: break stepping
                }
            }
            guard let metrics else { break }
            if jsonl {
                var fields = metrics.jsonFields
                // The epoch that ends the run early says why, so a reader of the stream knows it is the last.
                if case let .stoppedEarly(message) = trainer.status { fields.append(("stopped_early", .string(message))) }
                print(JSONValue.object(fields).serialized)
            } else {
                if interactive { clearProgress() }
                print(EpochLine.format(metrics))
                if interactive { drawProgress(done: e + 1, total: epochs, startNanos: start) }
            }
            recording?.record(epoch: metrics, generation: generation, network: nil)
            if let message = metrics.diverged {
                recording?.record(divergence: message, position: before)
                checkpoint()
                try checkRecording()
                break
            }
            if let every = checkpointEvery, trainer.epoch % every == 0 { checkpoint() }
            try checkRecording()
        }
        if interactive { clearProgress() }
        // Closing adds the checkpoint of the last weights (unless the last epoch has one).
        try recording?.close(status: trainer.status.closeStatus, network: trainer.network, position: position)
        try checkRecording()
        switch trainer.status {
        case let .diverged(message):
            FileHandle.standardError.write(Data("nnscope: \(message)\n".utf8))
            throw ExitCode(ExitStatus.diverged)
        case let .stoppedEarly(message):
            if !jsonl { print(message) }
        case .ready: break
        }
    }

    private func drawProgress(done: Int, total: Int, startNanos: UInt64) {
        let width = 30
        let filled = total > 0 ? done * width / total : width
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - startNanos) / 1e9
        let rate = seconds > 0 ? Double(done) / seconds : 0
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        FileHandle.standardOutput.write(Data("[\(bar)] \(done)/\(total) epochs, \(String(format: "%.1f", rate)) epochs/s\r".utf8))
    }

    private func clearProgress() {
        FileHandle.standardOutput.write(Data("\r\u{1B}[K".utf8))
    }
}

/// Replaces backprop with automatic differentiation when the configuration asks for it.
func installGradientEngine<Scalar>(_ kind: GradientEngineKind, on trainer: Trainer<Scalar>) throws {
    trainer.gradientEngine = AutodiffGradientEngine<Scalar>.make(kind)
}
