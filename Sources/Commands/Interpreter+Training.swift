import NeuralNetwork

extension Interpreter {
    /// Trains one epoch and records it; nil when training is halted. For the TUI's background loop
    /// (call it only while no command runs).
    @discardableResult
    public func trainEpoch() -> EpochMetrics? {
        guard let metrics = experiment.stepEpoch() else { return nil }
        recordEpoch(metrics)
        return metrics
    }

    /// Trains one mini-batch and records the epoch it completes, if any. For the TUI's background loop.
    @discardableResult
    public func trainBatch() -> StepOutcome {
        let outcome = experiment.stepBatch()
        if case let .epoch(metrics) = outcome { recordEpoch(metrics) }
        return outcome
    }

    /// Why training cannot continue, or nil when it can. An early stop is lifted: asking for more
    /// epochs is the user overriding it.
    func haltMessage() -> String? {
        switch experiment.trainer.status {
        case .ready: return nil
        case .stoppedEarly:
            experiment.trainer.clearHalt()
            return nil
        case let .diverged(message):
            return "training has diverged (\(message)); `reset` or change a setting that re-initialises the network to start again"
        }
    }

    func step(epochs: Int) -> CommandResult {
        if let halted = haltMessage() { return CommandResult(lines: [halted]) }
        var lines: [String] = []
        for _ in 0..<epochs {
            guard let metrics = trainEpoch() else { break }
            lines.append(EpochLine.format(metrics))
            if metrics.diverged != nil || !experiment.trainer.status.isReady { break }
        }
        lines += statusLines()
        return CommandResult(lines: lines, changedState: true)
    }

    func batch(count: Int) -> CommandResult {
        if let halted = haltMessage() { return CommandResult(lines: [halted]) }
        var lines: [String] = []
        var trained = 0
        var lastLoss: Double?
        loop: for _ in 0..<count {
            switch trainBatch() {
            case let .batch(loss):
                trained += 1
                lastLoss = loss
            case let .epoch(metrics):
                trained += 1
                lines.append(EpochLine.format(metrics))
                if metrics.diverged != nil || !experiment.trainer.status.isReady { break loop }
            case .halted:
                break loop
            }
        }
        let trainer = experiment.trainer
        var summary = "\(trained) batch\(trained == 1 ? "" : "es"): epoch \(trainer.epoch), batch \(trainer.batchInEpoch) of \(trainer.batchesPerEpoch)"
        if let lastLoss { summary += ", last batch loss \(EpochLine.short(lastLoss))" }
        lines.append(summary)
        lines += statusLines()
        return CommandResult(lines: lines, changedState: trained > 0)
    }

    func run(epochs: Int?) throws(CommandError) -> CommandResult {
        if runsInBackground {
            if let halted = haltMessage() { return CommandResult(lines: [halted]) }
            let what = epochs.map { "running \($0) epoch\($0 == 1 ? "" : "s")" } ?? "running (pause to stop)"
            return CommandResult(lines: [what], runRequest: .start(epochs: epochs))
        }
        guard let epochs else {
            throw CommandError("run: outside the TUI give a number of epochs (run N, the same as step N)")
        }
        return step(epochs: epochs)
    }

    func pause() -> CommandResult {
        if runsInBackground { return CommandResult(lines: ["paused"], runRequest: .pause) }
        return CommandResult(lines: ["nothing is running (pause matters only in the TUI)"])
    }

    /// The diverged / stopped-early message, when training halted.
    func statusLines() -> [String] {
        switch experiment.trainer.status {
        case .ready: return []
        case let .diverged(message): return [message + "; `reset` to start again"]
        case let .stoppedEarly(message): return [message + "; `step` continues anyway"]
        }
    }

    /// Largest network `gradcheck` checks (two forward passes per parameter).
    public static let maximumGradcheckParameters = 100_000

    func gradcheck() throws(CommandError) -> CommandResult {
        let network = experiment.trainer.network
        guard network.parameterCount <= Interpreter.maximumGradcheckParameters else {
            throw CommandError("gradcheck: the network has \(network.parameterCount) parameters; at most \(Interpreter.maximumGradcheckParameters) can be checked")
        }
        let checker: Trainer<Double>
        do {
            checker = try Trainer<Double>(configuration: experiment.configuration, dataset: experiment.trainer.dataset)
            try checker.restore(network: network.converted(to: Double.self))
        } catch {
            throw CommandError("gradcheck: \(error)")
        }
        let results = checker.gradientCheck(count: 16)
        var lines = ["gradcheck at epoch \(experiment.trainer.epoch): network \(network.shapeDescription), \(min(16, checker.trainCount)) examples, step \(GradientCheck.step)"]
        var worst = 0.0
        for r in results {
            lines.append("layer \(r.layer): \(r.parameters) parameters, max error \(EpochLine.short(r.maxError))")
            worst = max(worst, r.maxError)
        }
        lines.append(worst <= GradientCheck.tolerance
            ? "ok: every gradient agrees to \(GradientCheck.tolerance)"
            : "FAILED: largest error \(EpochLine.short(worst)) exceeds \(GradientCheck.tolerance)")
        return CommandResult(lines: lines)
    }

    func inspect(example: Int) throws(CommandError) -> CommandResult {
        let trainer = experiment.trainer
        do {
            let inspection = try trainer.inspect(example: example)
            return CommandResult(lines: InspectionText.lines(inspection, epoch: trainer.epoch, classNames: trainer.dataset.classNames))
        } catch {
            throw CommandError("inspect \(example): \(error)")
        }
    }
}
