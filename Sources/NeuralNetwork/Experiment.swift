import LinearAlgebra

/// A user's training run as the TUI, the REPL and session replay see it: a configuration, the
/// trainer built from it, and the rules for changing settings between steps.
///
/// Settings marked `needsReset` (dataset, layers, activation, init, bias-init, val, seed, loss,
/// standardize) re-initialise the network at once, starting again from epoch 0; the others
/// (lr, optimizer and its parameters, batch, weight-decay, clip, patience, engine) apply to the
/// next mini-batch and keep the weights. Replaying a session's events through the same rules
/// reproduces the run bit for bit.
public final class Experiment {
    /// The run's settings: the trainer's, the one copy (`Trainer.reconfigure` changes the live ones).
    public var configuration: TrainingConfiguration { trainer.configuration }
    public private(set) var trainer: Trainer<Float>
    /// How many times the network has been (re-)initialised; 1 for a new experiment.
    public private(set) var generation = 1
    /// Builds the gradient engine for `--engine autodiff` / `autodiff-static` (installed by the
    /// layer that links the Autodiff module). Nil engine: backprop.
    public var engineFactory: (@Sendable (GradientEngineKind) -> (any GradientEngine<Float>)?)?

    /// What a change did.
    public enum Change: Sendable, Equatable {
        /// Applied to the running trainer; weights and epoch kept.
        case live
        /// A new network was initialised (epoch 0).
        case reinitialized
    }

    public init(configuration: TrainingConfiguration, engineFactory: (@Sendable (GradientEngineKind) -> (any GradientEngine<Float>)?)? = nil) throws(NetworkError) {
        self.engineFactory = engineFactory
        trainer = try Trainer<Float>(configuration: configuration)
        installEngine()
    }

    /// Changes one setting (see the type's note for which ones re-initialise). Nothing changes
    /// when it throws.
    @discardableResult
    public func set(_ assignment: SettingAssignment) throws(NetworkError) -> Change {
        var next = configuration
        try next.apply(assignment)
        // Imported weights (`--init-from`) belong to the network they were made for.
        let needsReset = assignment.setting.needsReset
        if needsReset { next.initialWeights = nil }
        return try adopt(next, reinitialize: needsReset)
    }

    /// `set(_:)` with the value in words, parsed as `set KEY VALUE` parses it.
    @discardableResult
    public func set(_ key: String, _ value: String) throws(NetworkError) -> Change {
        try set(TrainingConfiguration.assignment(key, value))
    }

    /// Sets one weight or bias of the current network by hand (weights and epoch otherwise kept);
    /// nothing changes when it throws. Returns the value it replaced.
    @discardableResult
    public func set(_ parameter: HandSetParameter) throws(NetworkError) -> Double {
        try trainer.set(parameter)
    }

    /// Replaces the whole configuration (re-initialising when any structural setting differs).
    @discardableResult
    public func adopt(_ next: TrainingConfiguration, reinitialize: Bool? = nil) throws(NetworkError) -> Change {
        let structural = reinitialize ?? TrainingConfiguration.settings.contains {
            $0.needsReset && $0.value(in: next) != $0.value(in: configuration)
        }
        if structural {
            trainer = try Trainer<Float>(configuration: next)
            generation += 1
            installEngine()
            return .reinitialized
        }
        trainer.reconfigure(next)
        installEngine()
        return .live
    }

    /// A new network with the current settings and seed (the same one the run started with).
    public func reset() throws(NetworkError) {
        trainer = try Trainer<Float>(configuration: configuration)
        generation += 1
        installEngine()
    }

    @discardableResult
    public func stepBatch() -> StepOutcome { trainer.stepBatch() }

    @discardableResult
    public func stepEpoch() -> EpochMetrics? { trainer.stepEpoch() }

    /// Epochs a trainer keeps in `history` (its `overview` keeps the whole run, thinned): an
    /// interactive run may go on for millions of epochs.
    public static let historyLimit = 1024

    private func installEngine() {
        trainer.historyLimit = Experiment.historyLimit
        trainer.gradientEngine = configuration.engine == .backprop ? nil : engineFactory?(configuration.engine)
    }
}
