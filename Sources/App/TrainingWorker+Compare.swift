import Commands
import NeuralNetwork

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
        comparison = nil
        lastMapB = nil
        reply(WorkerReply(lines: ["comparison ended: training run A alone"]))
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
            comparison = started
            lastMapB = nil
            lines.append("comparing A (\(started.variant.key) \(started.variant.valueInA)) with B (\(started.variant.description)); "
                + "\(started.startingPoint.description). c: overlay/side by side, :compare off ends it")
            reply(WorkerReply(lines: lines))
        } catch {
            reply(WorkerReply(lines: lines + ["\(error)"], isError: true))
        }
    }

    private func setBoth(_ key: String, _ value: String) {
        guard let comparison else {
            return reply(WorkerReply(lines: ["set both: no comparison is on; start one with :compare KEY VALUE"], isError: true))
        }
        do { try comparison.checkForB(key, value) } catch { return reply(WorkerReply(lines: ["set both: run B: \(error)"], isError: true)) }
        let generation = comparison.a.generation
        let result = interpreter.execute(.set(key: key, value: value))
        finish(result)
        guard !result.isError else { return }
        do {
            try comparison.applyToB(key, value, aReinitialized: comparison.a.generation != generation)
            reply(WorkerReply(lines: ["run B: set \(key) \(value)" + (comparison.b.trainer.epoch == 0 ? "; \(comparison.startingPoint.description)" : "")]))
        } catch {
            reply(WorkerReply(lines: ["run B: \(error)"], isError: true))
        }
    }

    /// After a command ran on run A: a reset is followed by B; `load` (a new run A) ends the
    /// comparison; steps A took alone are caught up by B.
    func followRunA(after command: Command) {
        guard let comparison else { return }
        guard comparison.a === interpreter.experiment else {
            self.comparison = nil
            lastMapB = nil
            return reply(WorkerReply(lines: ["comparison ended: run A was replaced"]))
        }
        if command == .reset {
            do { try comparison.followReset() } catch { reply(WorkerReply(lines: ["run B: \(error)"], isError: true)) }
            return
        }
        comparison.catchUpB()
    }

    /// One lock-step batch while running: A (through the interpreter, which records it) and B,
    /// each only when it is not an epoch ahead. Nil: A trained nothing this time (it waits for B).
    func trainComparedBatch(_ comparison: Comparison) -> StepOutcome? {
        let steps = comparison.stepsNext
        if steps.b { comparison.b.stepBatch() }
        return steps.a ? interpreter.trainBatch() : nil
    }
}
