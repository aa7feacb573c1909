import Commands
import Foundation
import NeuralNetwork
import Sessions

/// The worker's half of a comparison (`:compare KEY VALUE`): run A is the interpreter's experiment
/// (so everything typed, and its recording, works as without a comparison); run B is
/// `comparison.b`, stepped in lock-step with A and following its resets. Worker thread only.
extension TrainingWorker {
    /// The lines the comparison owns: `compare KEY VALUE`, `compare off`, `set both KEY VALUE`.
    func handle(_ command: ComparisonCommand) {
        switch command {
        case let .start(key, value): startComparison(key, value)
        case .off: endComparison()
        case let .setBoth(key, value): setBoth(key, value)
        }
    }

    private func endComparison() {
        guard comparison != nil else { return reply(WorkerReply(lines: ["compare off: no comparison is on"], isError: true)) }
        let pathB = runB?.recording?.path
        closeRunB()
        reply(WorkerReply(lines: ["comparison ended: training run A alone" + (pathB.map { "; run B's session is complete in \($0)" } ?? "")]))
    }

    /// Ends the comparison, if one is on: B's recording is completed and closed.
    func closeRunB() {
        if let runB, let problem = runB.finishRecording().error { reply(WorkerReply(lines: ["run B: " + problem.message], isError: true)) }
        comparison?.stepBatchOfB = nil
        comparison = nil
        runB = nil
        lastMapB = nil
    }

    /// B's interpreter, recording into the file next to A's under a name not yet taken (its header
    /// linked to A's by a fresh id), with B's copied starting weights recorded first.
    private func makeRunB(_ comparison: Comparison) -> (Interpreter, String) {
        let interpreterB = Interpreter(experiment: comparison.b, runsInBackground: true, programVersion: interpreter.programVersion)
        interpreterB.recordingPolicy = .interface
        interpreterB.recordingBudget = interpreter.recordingBudget
        comparison.stepBatchOfB = { interpreterB.trainBatch() }
        guard let pathA = interpreter.recording?.path else { return (interpreterB, "run B is not recorded: run A is not recorded either") }
        let note: String? = if case let .own(reason) = comparison.startingPoint { reason } else { nil }
        let link = SessionComparison(id: SessionComparison.newID(), run: "B", partner: (pathA as NSString).lastPathComponent,
                                     differs: comparison.variant.description, copiedInitialWeights: comparison.startingPoint.isCopied, note: note)
        for number in 1...99 {
            let path = SessionComparison.partnerPath(of: pathA, number: number)
            // A file of an earlier comparison (or anything else) is never replaced: the next name.
            if FileManager.default.fileExists(atPath: path) { continue }
            do {
                interpreterB.adopt(try SessionRecording(path: path, configuration: comparison.b.configuration, programVersion: interpreter.programVersion,
                                                        comparison: link, policy: .interface))
            } catch { return (interpreterB, "run B is not recorded: \(error)") }
            noteComparedFile(path)
            recordStartingWeights(interpreterB, comparison)
            return (interpreterB, "run B is recorded in \(path)")
        }
        return (interpreterB, "run B is not recorded: no free file name next to \(pathA)")
    }

    /// B's weights copied from A, as the checkpoint at batch 0 of epoch 0 of its generation.
    private func recordStartingWeights(_ interpreterB: Interpreter, _ comparison: Comparison) {
        let b = comparison.b
        guard comparison.startingPoint.isCopied, b.trainer.epoch == 0, b.trainer.batchInEpoch == 0 else { return }
        interpreterB.recording?.checkpoint(b.trainer.network, at: SessionPosition(generation: b.generation, epoch: 0, batch: 0))
    }

    private func startComparison(_ key: String, _ value: String) {
        let a = interpreter.experiment
        // Checked before anything changes: a bad setting or value leaves run A as it was.
        do { _ = try ComparisonVariant(of: a.configuration, key: key, value: value) } catch {
            let message = "\(error)"
            return reply(WorkerReply(lines: [message.hasPrefix("compare ") ? message : "compare \(key) \(value): \(message)"], isError: true))
        }
        var lines: [String] = []
        if a.trainer.epoch > 0 || a.trainer.batchInEpoch > 0 {
            // Both runs start from the same point: A goes back to epoch 0 (recorded as a reset).
            finish(interpreter.execute(.reset))
            lines.append("run A reset to epoch 0, so that both runs start from the same weights")
        }
        do {
            let started = try Comparison(a: interpreter.experiment, key: key, value: value)
            if comparison != nil { closeRunB() }
            let (interpreterB, recordingLine) = makeRunB(started)
            comparison = started
            runB = interpreterB
            lastMapB = nil
            lines.append("comparing A (\(started.variant.key) \(started.variant.valueInA)) with B (\(started.variant.description)); "
                + "\(started.startingPoint.description). c: overlay/side by side, B: inspector and network view of A/B, :compare off ends it")
            lines.append(recordingLine)
            reply(WorkerReply(lines: lines))
        } catch {
            reply(WorkerReply(lines: lines + ["\(error)"], isError: true))
        }
    }

    private func setBoth(_ key: String, _ value: String) {
        guard let comparison, let runB else {
            return reply(WorkerReply(lines: ["set both: no comparison is on; start one with :compare KEY VALUE"], isError: true))
        }
        do { try comparison.checkForB(key, value) } catch { return reply(WorkerReply(lines: ["set both: run B: \(error)"], isError: true)) }
        let command: Command
        do { command = try .set(key: key, value: value) } catch { return reply(WorkerReply(lines: ["set both: \(error)"], isError: true)) }
        let generation = comparison.a.generation
        let result = interpreter.execute(command)
        finish(result)
        guard !result.isError else { return }
        // B's interpreter makes the same change, so that B's file records it.
        let generationB = comparison.b.generation
        let resultB = runB.execute(command)
        guard !resultB.isError else { return reply(WorkerReply(lines: ["run B: " + resultB.lines.joined(separator: "; ")], isError: true)) }
        comparison.noteChangeOfB(reinitialized: comparison.a.generation != generation || comparison.b.generation != generationB)
        if comparison.b.generation != generationB { recordStartingWeights(runB, comparison) }
        reply(WorkerReply(lines: ["run B: set \(key) \(value)" + (comparison.b.trainer.epoch == 0 ? "; \(comparison.startingPoint.description)" : "")]))
    }

    /// After a command ran on run A: a reset is followed by B; `load` (a new run A) ends the
    /// comparison; steps A took alone are caught up by B.
    func followRunA(after command: Command) {
        guard let comparison else { return }
        guard comparison.a === interpreter.experiment else {
            closeRunB()
            return reply(WorkerReply(lines: ["comparison ended: run A was replaced"]))
        }
        if command == .reset, let runB {
            let result = runB.execute(.reset)
            if result.isError { return reply(WorkerReply(lines: ["run B: " + result.lines.joined(separator: "; ")], isError: true)) }
            comparison.startFromA()
            recordStartingWeights(runB, comparison)
            return
        }
        comparison.catchUpB()
    }

    /// One lock-step batch while running: A (through the interpreter, which records it) and B,
    /// each only when it is not an epoch ahead. Nil: A trained nothing this time (it waits for B).
    func trainComparedBatch(_ comparison: Comparison) -> StepOutcome? {
        let steps = comparison.stepsNext
        if steps.b { if let runB { _ = runB.trainBatch() } else { comparison.b.stepBatch() } }
        return steps.a ? interpreter.trainBatch() : nil
    }
}
