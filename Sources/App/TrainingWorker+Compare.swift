import Commands
import Foundation
import NeuralNetwork
import Sessions

/// Run B of the TUI's comparison as the worker drives it: its own interpreter (over
/// `comparison.b`, so that B's epochs, changes and divergences are journaled like A's) and its own
/// recording into the file next to A's (`SessionComparison.partnerPath`), written the way A's is.
final class ComparedRunB {
    let interpreter: Interpreter
    let recording: SessionRecording?
    /// Why B is not recorded (A is not, or B's file could not be made), for the start message.
    let recordingProblem: String?

    init(interpreter: Interpreter, recording: SessionRecording?, recordingProblem: String?) {
        self.interpreter = interpreter
        self.recording = recording
        self.recordingProblem = recordingProblem
    }
}

/// The worker's half of a comparison (`:compare KEY VALUE`): run A is the interpreter's experiment
/// (so everything typed, and its recording, works as without a comparison); run B is
/// `comparison.b`, stepped in lock-step with A through its own interpreter (`runB`) and following
/// A's resets, and recorded into its own session file. Worker thread only.
extension TrainingWorker {
    /// The lines the comparison owns: `compare KEY VALUE`, `compare off`, `set both KEY VALUE`.
    /// True when `line` was one of them (and has been answered).
    func handleComparisonLine(_ line: String) -> Bool {
        let words = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        guard let first = words.first else { return false }
        if first == "compare" {
            startComparison(words.dropFirst().map { $0 })
            return true
        }
        if first == "set", words.count >= 2, words[1] == "both" {
            setBoth(Array(words.dropFirst(2)))
            return true
        }
        return false
    }

    private func startComparison(_ arguments: [String]) {
        if arguments == ["off"] {
            guard comparison != nil else { return reply(WorkerReply(lines: ["compare off: no comparison is on"], isError: true)) }
            let pathB = runB?.recording?.path
            endComparison()
            return reply(WorkerReply(lines: ["comparison ended: training run A alone" + (pathB.map { "; run B's session is complete in \($0)" } ?? "")]))
        }
        guard arguments.count >= 2 else {
            return reply(WorkerReply(lines: ["compare: give a setting and the value run B uses (compare activation relu), or compare off"], isError: true))
        }
        let key = arguments[0], value = arguments.dropFirst().joined(separator: " ")
        let a = interpreter.experiment
        // Checked before anything changes: a bad setting or value leaves run A as it was.
        do { _ = try ComparisonVariant(of: a.configuration, key: key, value: value) } catch {
            let message = "\(error)"
            return reply(WorkerReply(lines: [message.hasPrefix("compare ") ? message : "compare \(key) \(value): \(message)"], isError: true))
        }
        var lines: [String] = []
        if a.trainer.epoch > 0 || a.trainer.batchInEpoch > 0 {
            // Both runs start from the same point: A goes back to epoch 0 (recorded as a reset).
            finish(interpreter.execute(line: "reset"))
            lines.append("run A reset to epoch 0, so that both runs start from the same weights")
        }
        do {
            let started = try Comparison(a: interpreter.experiment, key: key, value: value)
            endComparison()
            let runB = makeRunB(started)
            comparison = started
            self.runB = runB
            lastMapB = nil
            lines.append("comparing A (\(started.variant.key) \(started.variant.valueInA)) with B (\(started.variant.description)); "
                + "\(started.startingPoint.description). c: overlay/side by side, B: inspector and network view of A/B, :compare off ends it")
            if let path = runB.recording?.path {
                lines.append("run B is recorded in \(path)")
            } else if let problem = runB.recordingProblem {
                lines.append("run B is not recorded: \(problem)")
            }
            reply(WorkerReply(lines: lines))
        } catch {
            reply(WorkerReply(lines: lines + ["\(error)"], isError: true))
        }
    }

    /// B's interpreter and recording (next to A's file, under a name not yet taken; its header
    /// linked to A's by a fresh id), with B's copied starting weights recorded first.
    private func makeRunB(_ comparison: Comparison) -> ComparedRunB {
        let interpreterB = Interpreter(experiment: comparison.b, runsInBackground: true, programVersion: interpreter.programVersion)
        interpreterB.recordingBudget = interpreter.recordingBudget
        comparison.stepBatchOfB = { interpreterB.trainBatch() }
        guard let recordingA = recording else {
            return ComparedRunB(interpreter: interpreterB, recording: nil, recordingProblem: "run A is not recorded either")
        }
        let note: String? = if case let .own(reason) = comparison.startingPoint { reason } else { nil }
        let fileA = recordingA.path.split(separator: "/").last.map(String.init) ?? recordingA.path
        let link = SessionComparison(id: SessionComparison.newID(), run: "B", partner: fileA, differs: comparison.variant.description,
                                     copiedInitialWeights: comparison.startingPoint.isCopied, note: note)
        var problem = "no free file name next to \(recordingA.path)"
        for number in 1...99 {
            let path = SessionComparison.partnerPath(of: recordingA.path, number: number)
            // A file of an earlier comparison (or anything else) is never replaced: the next name.
            if FileManager.default.fileExists(atPath: path) { continue }
            do {
                let recordingB = try SessionRecording(path: path, interpreter: interpreterB, programVersion: recordingA.programVersion, comparison: link)
                interpreterB.externalRecordingPath = path
                interpreterB.afterEpoch = { [unowned self] in self.syncRecordingOfB() }
                noteComparedFile(path)
                if comparison.startingPoint.isCopied { recordingB.recordStartingWeights(interpreterB) }
                return ComparedRunB(interpreter: interpreterB, recording: recordingB, recordingProblem: nil)
            } catch {
                problem = "\(error)"
                break
            }
        }
        return ComparedRunB(interpreter: interpreterB, recording: nil, recordingProblem: problem)
    }

    /// Ends the comparison, if one is on: B's recording is completed and closed.
    func endComparison() {
        if let runB, let comparison {
            syncRecordingOfB()
            runB.recording?.close(status: comparison.b.trainer.status)
        }
        comparison?.stepBatchOfB = nil
        comparison = nil
        runB = nil
        lastMapB = nil
    }

    /// Queues what run B did since the last call into its file; a write failure is reported once.
    func syncRecordingOfB() {
        guard let runB, let recordingB = runB.recording else { return }
        if let problem = recordingB.sync(runB.interpreter) {
            reply(WorkerReply(lines: ["run B: " + problem], isError: true))
        }
    }

    private func setBoth(_ arguments: [String]) {
        guard let comparison, let runB else {
            return reply(WorkerReply(lines: ["set both: no comparison is on; start one with :compare KEY VALUE"], isError: true))
        }
        guard arguments.count >= 2 else { return reply(WorkerReply(lines: ["set both: give a setting and a value (set both lr 0.05)"], isError: true)) }
        let key = arguments[0], value = arguments.dropFirst().joined(separator: " ")
        do { try comparison.checkForB(key, value) } catch { return reply(WorkerReply(lines: ["set both: run B: \(error)"], isError: true)) }
        let generationA = comparison.a.generation
        let result = interpreter.execute(line: "set \(key) \(value)")
        finish(result)
        guard !result.isError else { return }
        // B's interpreter makes the same change, so that B's file records it.
        let generationB = comparison.b.generation
        let resultB = runB.interpreter.execute(line: "set \(key) \(value)")
        guard !resultB.isError else {
            return reply(WorkerReply(lines: ["run B: " + resultB.lines.joined(separator: "; ")], isError: true))
        }
        comparison.noteChangeOfB(reinitialized: comparison.a.generation != generationA || comparison.b.generation != generationB)
        if comparison.b.trainer.epoch == 0, comparison.b.generation != generationB, comparison.startingPoint.isCopied {
            runB.recording?.recordStartingWeights(runB.interpreter)
        }
        syncRecordingOfB()
        reply(WorkerReply(lines: ["run B: set \(key) \(value)" + (comparison.b.trainer.epoch == 0 ? "; \(comparison.startingPoint.description)" : "")]))
    }

    /// After a command ran on run A: a reset is followed by B; `load` (a new run A) ends the
    /// comparison; steps A took alone are caught up by B.
    func followRunA(after line: String) {
        guard let comparison, let runB else { return }
        guard comparison.a === interpreter.experiment else {
            endComparison()
            return reply(WorkerReply(lines: ["comparison ended: run A was replaced"]))
        }
        if case .reset? = try? CommandParser.parse(line) {
            let result = runB.interpreter.execute(line: "reset")
            if result.isError { return reply(WorkerReply(lines: ["run B: " + result.lines.joined(separator: "; ")], isError: true)) }
            comparison.startFromA()
            if comparison.startingPoint.isCopied { runB.recording?.recordStartingWeights(runB.interpreter) }
            syncRecordingOfB()
            return
        }
        comparison.catchUpB()
        syncRecordingOfB()
    }

    /// One lock-step batch while running: A (through the interpreter, which records it) and B
    /// (through its own), each only when it is not an epoch ahead. Nil: A trained nothing this
    /// time (it waits for B).
    func trainComparedBatch(_ comparison: Comparison) -> StepOutcome? {
        let steps = comparison.stepsNext
        if steps.b, let runB { _ = runB.interpreter.trainBatch() }
        return steps.a ? interpreter.trainBatch() : nil
    }
}
