import ArgumentParser
import Commands
import Foundation
import JSON
import NeuralNetwork
import Sessions

/// `nnscope train ... --compare KEY=VALUE`: run A (the options as given) and run B (A with one
/// setting changed) trained in lock-step (`Comparison`), epoch for epoch, each line naming its run.
/// Run A is the same `Experiment` a plain `train` builds, so its numbers are bit-identical to it.
extension TrainCommand {
    /// "activation=relu" → ("activation", "relu").
    static func parseCompare(_ text: String) throws -> (key: String, value: String) {
        let parts = text.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
            throw ValidationError("--compare expects KEY=VALUE (a setting and the value run B uses, e.g. --compare activation=relu), got '\(text)'")
        }
        return (String(parts[0]), String(parts[1]))
    }

    /// B's session file next to A's: `run.jsonl` → `run-B.jsonl`.
    static func partnerPath(_ path: String) -> String {
        path.hasSuffix(".jsonl") ? String(path.dropLast(6)) + "-B.jsonl" : path + "-B"
    }

    func runCompared(_ text: String) throws {
        let (key, value) = try Self.parseCompare(text)
        let configuration = try initFrom.configuration(options)
        let a: Experiment
        do { a = try Experiment(configuration: configuration, engineFactory: Experiment.autodiffEngines) } catch { throw CLIError("\(error)") }
        let comparison: Comparison
        do { comparison = try Comparison(a: a, key: key, value: value) } catch { throw ValidationError("--compare \(text): \(error)") }
        let b = comparison.b
        let runs = [ComparedRun(label: "A", experiment: a), ComparedRun(label: "B", experiment: b)]
        if let record {
            let pathB = Self.partnerPath(record)
            let id = SessionComparison.newID()
            let copied = comparison.startingPoint.isCopied
            let note: String? = if case let .own(reason) = comparison.startingPoint { reason } else { nil }
            let links = [
                SessionComparison(id: id, run: "A", partner: (pathB as NSString).lastPathComponent, differs: comparison.variant.description,
                                  copiedInitialWeights: false),
                SessionComparison(id: id, run: "B", partner: (record as NSString).lastPathComponent, differs: comparison.variant.description,
                                  copiedInitialWeights: copied, note: note),
            ]
            for (run, (path, link)) in zip(runs, zip([record, pathB], links)) {
                do {
                    run.recording = try SessionRecording(path: path, configuration: run.experiment.configuration,
                                                         programVersion: "nnscope \(programVersion)", replacing: force, comparison: link,
                                                         policy: .complete)
                } catch { throw CLIError("--record: \(error)" + existingFileHint(error, resumable: false)) }
            }
            // B's copied starting point, so that B's file verifies on its own.
            if copied { runs[1].checkpoint() }
        }
        if !jsonl {
            print("nnscope train: run A: " + Self.headerDescription(a.configuration, a.trainer))
            let differs = comparison.variant
            print("nnscope train: run B: \(differs.key) \(differs.value) (A: \(differs.valueInA)); \(comparison.startingPoint.description)")
        }
        for _ in 0..<epochCount {
            let steps = comparison.stepsNext
            guard steps.a || steps.b else { break }
            for (run, steps) in zip(runs, [steps.a, steps.b]) where steps {
                try run.trainEpoch(jsonl: jsonl, checkpointEvery: checkpointEvery)
            }
        }
        var diverged: [String] = []
        for run in runs {
            try run.close()
            switch run.experiment.trainer.status {
            case let .diverged(message): diverged.append("run \(run.label): \(message)")
            case let .stoppedEarly(message): if !jsonl { print("run \(run.label): \(message)") }
            case .ready: break
            }
        }
        if !diverged.isEmpty {
            for message in diverged { FileHandle.standardError.write(Data("nnscope: \(message)\n".utf8)) }
            throw ExitCode(ExitStatus.diverged)
        }
    }
}

/// One run of a headless comparison: its experiment, its recording and how it prints.
private final class ComparedRun {
    let label: String
    let experiment: Experiment
    /// Each run has its own recording (and file).
    var recording: SessionRecording?

    init(label: String, experiment: Experiment) {
        self.label = label
        self.experiment = experiment
    }

    var position: SessionPosition {
        SessionPosition(generation: experiment.generation, epoch: experiment.trainer.epoch, batch: experiment.trainer.batchInEpoch)
    }

    func checkpoint() {
        recording?.checkpoint(experiment.trainer.network, at: position)
    }

    /// A failed write ends the run with the reason.
    func checkRecording() throws {
        if let recording, let failure = recording.failure { throw CLIError("--record \(recording.path): \(failure)") }
    }

    /// One epoch, batch by batch (a divergence is recorded at the batch before it), printed with
    /// the run's label and recorded.
    func trainEpoch(jsonl: Bool, checkpointEvery: Int?) throws {
        let trainer = experiment.trainer
        var metrics: EpochMetrics?
        var before = position
        stepping: while true {
            before = position
            switch trainer.stepBatch() {
            case .batch: continue
            case let .epoch(m): metrics = m; break stepping
            case .halted: break stepping
            }
        }
        guard let metrics else { return }
        if jsonl {
            var fields: [(String, JSONValue)] = [("run", .string(label))] + metrics.jsonFields
            if case let .stoppedEarly(message) = trainer.status { fields.append(("stopped_early", .string(message))) }
            print(JSONValue.object(fields).serialized)
        } else {
            print("\(label) " + EpochLine.format(metrics))
        }
        recording?.record(epoch: metrics, generation: experiment.generation, network: nil)
        if let message = metrics.diverged {
            recording?.record(divergence: message, position: before)
            checkpoint()
            return try checkRecording()
        }
        if let every = checkpointEvery, trainer.epoch % every == 0 { checkpoint() }
        try checkRecording()
    }

    func close() throws {
        try recording?.close(status: experiment.trainer.status.closeStatus, network: experiment.trainer.network, position: position)
        try checkRecording()
    }
}
