import Commands
import NeuralNetwork

/// The worker's half of a comparison (`:compare KEY VALUE`): run A is the interpreter's experiment
/// (so everything typed, and its recording, works as without a comparison); run B is
/// `comparison.b`, stepped in lock-step with A and following its resets. Worker thread only.
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
            comparison = nil
            lastMapB = nil
            return reply(WorkerReply(lines: ["comparison ended: training run A alone"]))
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
            comparison = started
            lastMapB = nil
            lines.append("comparing A (\(started.variant.key) \(started.variant.valueInA)) with B (\(started.variant.description)); "
                + "\(started.startingPoint.description). c: overlay/side by side, :compare off ends it")
            reply(WorkerReply(lines: lines))
        } catch {
            reply(WorkerReply(lines: lines + ["\(error)"], isError: true))
        }
    }

    private func setBoth(_ arguments: [String]) {
        guard let comparison else {
            return reply(WorkerReply(lines: ["set both: no comparison is on; start one with :compare KEY VALUE"], isError: true))
        }
        guard arguments.count >= 2 else { return reply(WorkerReply(lines: ["set both: give a setting and a value (set both lr 0.05)"], isError: true)) }
        let key = arguments[0], value = arguments.dropFirst().joined(separator: " ")
        do { try comparison.checkForB(key, value) } catch { return reply(WorkerReply(lines: ["set both: run B: \(error)"], isError: true)) }
        let generation = comparison.a.generation
        let result = interpreter.execute(line: "set \(key) \(value)")
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
    func followRunA(after line: String) {
        guard let comparison else { return }
        guard comparison.a === interpreter.experiment else {
            self.comparison = nil
            lastMapB = nil
            return reply(WorkerReply(lines: ["comparison ended: run A was replaced"]))
        }
        if case .reset? = try? CommandParser.parse(line) {
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
