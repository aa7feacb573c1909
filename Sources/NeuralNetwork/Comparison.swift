/// Run B of a comparison: run A's configuration with one setting changed.
///
/// Everything else is A's: dataset, split, seed. Where the two networks have the same shapes, B
/// starts from A's initial weights (`StartingPoint.copy`), so the one changed setting is the only
/// difference; otherwise B says why it starts from its own.
public struct ComparisonVariant: Sendable, Equatable {
    /// The setting's canonical key ("activation").
    public let key: String
    /// The value B uses, as the setting reads it back ("relu").
    public let value: String
    /// The value A has.
    public let valueInA: String
    public let configuration: TrainingConfiguration

    /// B's configuration: `base` with `key` set to `value`. Throws, saying why, for an unknown
    /// setting, a value the setting does not accept, a configuration that would not validate, or a
    /// value equal to A's (nothing would differ). `base` is never changed.
    public init(of base: TrainingConfiguration, key: String, value: String) throws(NetworkError) {
        let setting = try TrainingConfiguration.setting(named: key)
        var next = base
        do { try next.set(setting.key, value) } catch { throw .invalid("compare \(setting.key): \(error.description)") }
        let before = setting.value(in: base), after = setting.value(in: next)
        guard before != after else {
            throw .invalid("compare \(setting.key) \(value): run A already has \(setting.key) \(before); nothing would differ")
        }
        self.key = setting.key
        self.value = after
        self.valueInA = before
        configuration = next
    }

    /// "activation relu": what B changes, as a command-language setting.
    public var description: String { "\(key) \(value)" }
}

/// Whether run B started from run A's initial weights.
public enum StartingPoint: Sendable, Equatable {
    /// Every weight, bias and unit parameter copied from A's freshly initialised network.
    case copied
    /// B initialised its own network; the reason says why the weights could not be A's.
    case own(String)

    public var isCopied: Bool { self == .copied }

    /// "initial weights copied from run A" / "own initial weights: …": what the screen and the
    /// headless header say.
    public var description: String {
        switch self {
        case .copied: "initial weights copied from run A"
        case let .own(reason): "own initial weights (\(reason))"
        }
    }

    /// Gives `target` the weights of `source` when every layer has the same shape (weights, biases,
    /// unit parameters); otherwise leaves it and says which layer differs. Both trainers must be
    /// freshly initialised (epoch 0): copying resets `target`'s optimiser state.
    public static func copy<Scalar>(from source: Trainer<Scalar>, into target: Trainer<Scalar>) -> StartingPoint {
        let a = source.network.layers, b = target.network.layers
        guard a.count == b.count else {
            return .own("A has \(a.count) layers, B has \(b.count)")
        }
        for (l, (x, y)) in zip(a, b).enumerated() {
            if x.weights.rows != y.weights.rows || x.weights.columns != y.weights.columns {
                return .own("layer \(l + 1) is \(x.weights.rows)x\(x.weights.columns) in A, \(y.weights.rows)x\(y.weights.columns) in B")
            }
            if x.bias.count != y.bias.count || x.unitParameters.count != y.unitParameters.count {
                return .own("layer \(l + 1)'s biases or unit parameters differ in number")
            }
        }
        // Batch normalisation (on in one run only, or in both) keeps B's own fresh state: γ = 1,
        // β = 0 and the initial running statistics, the same in either run.
        var adopted = source.network
        for l in adopted.layers.indices { adopted.layers[l].normalization = target.network.layers[l].normalization }
        do { try target.restore(network: adopted) } catch { return .own(error.description) }
        return .copied
    }
}

/// Two experiments trained in lock-step: run A, and run B (A with one setting changed).
///
/// Lock-step: a step advances only the runs that have completed the fewest epochs (among those
/// still able to train), so neither run is ever a whole epoch ahead of the other, whatever their
/// batch sizes. A run that diverged or stopped early no longer holds the other back.
public final class Comparison {
    public let a: Experiment
    public private(set) var b: Experiment
    public private(set) var variant: ComparisonVariant
    public private(set) var startingPoint: StartingPoint

    /// Starts run B from `a`'s configuration with `key` set to `value` (see `ComparisonVariant`).
    /// Run A is not touched; when it throws nothing was created. Run A must stand at epoch 0 for B
    /// to take its initial weights; a run already under way is first reset (`resetting`), or B
    /// gets its own weights and says so.
    public init(a: Experiment, key: String, value: String) throws(NetworkError) {
        let variant = try ComparisonVariant(of: a.configuration, key: key, value: value)
        let b = try Experiment(configuration: variant.configuration, engineFactory: a.engineFactory)
        self.a = a
        self.b = b
        self.variant = variant
        if a.trainer.epoch == 0 && a.trainer.batchInEpoch == 0 {
            startingPoint = StartingPoint.copy(from: a.trainer, into: b.trainer)
        } else {
            startingPoint = .own("run A was already at epoch \(a.trainer.epoch); reset to start both from the same weights")
        }
    }

    public var runs: [Experiment] { [a, b] }

    /// Trains one mini-batch in each run that is not ahead (see the type's note); the outcomes,
    /// nil for a run that waited. Both nil when neither can train.
    @discardableResult
    public func stepBatch() -> (a: StepOutcome?, b: StepOutcome?) {
        let (stepA, stepB) = whoSteps()
        return (stepA ? a.stepBatch() : nil, stepB ? b.stepBatch() : nil)
    }

    /// Trains each run to the end of its next epoch; nil for a run that could not train.
    @discardableResult
    public func stepEpoch() -> (a: EpochMetrics?, b: EpochMetrics?) {
        let (stepA, stepB) = whoSteps()
        return (stepA ? a.stepEpoch() : nil, stepB ? b.stepEpoch() : nil)
    }

    /// True when neither run can train any more.
    public var isHalted: Bool { !a.trainer.status.isReady && !b.trainer.status.isReady }

    /// Which runs the next step trains (the lock-step rule).
    public var stepsNext: (a: Bool, b: Bool) { whoSteps() }

    private func whoSteps() -> (Bool, Bool) {
        let readyA = a.trainer.status.isReady, readyB = b.trainer.status.isReady
        switch (readyA, readyB) {
        case (false, false): return (false, false)
        case (true, false): return (true, false)
        case (false, true): return (false, true)
        case (true, true): return (a.trainer.epoch <= b.trainer.epoch, b.trainer.epoch <= a.trainer.epoch)
        }
    }

    /// A new network in both runs (A from its seed, B from A's weights again where shapes allow).
    public func reset() throws(NetworkError) {
        try a.reset()
        try b.reset()
        startingPoint = StartingPoint.copy(from: a.trainer, into: b.trainer)
    }

    /// Run A was reset elsewhere (the command language, which records it): B follows, from A's
    /// new weights where shapes allow.
    public func followReset() throws(NetworkError) {
        try b.reset()
        startingPoint = StartingPoint.copy(from: a.trainer, into: b.trainer)
    }

    /// The value B would get for `key` if set in both runs: checks it on B's configuration without
    /// changing anything (so a `both` change can be refused before A is changed).
    public func checkForB(_ key: String, _ value: String) throws(NetworkError) {
        var next = b.configuration
        try next.set(key, value)
    }

    /// Applies a setting already applied to run A (by the command language) to B as well. When
    /// A was re-initialised by it, B is too, from A's new weights where shapes allow.
    public func applyToB(_ key: String, _ value: String, aReinitialized: Bool) throws(NetworkError) {
        let setting = try TrainingConfiguration.setting(named: key)
        var next = b.configuration
        try next.set(setting.key, value)
        let change = try b.adopt(next, reinitialize: setting.needsReset)
        if aReinitialized || change == .reinitialized {
            startingPoint = StartingPoint.copy(from: a.trainer, into: b.trainer)
        }
        refreshVariant()
    }

    /// Brings B up to A after A was stepped on its own (a `step N` command): B trains whole epochs
    /// until it has as many as A, then, when `batches`, as many batches of the current one.
    public func catchUpB() {
        while b.trainer.status.isReady && b.trainer.epoch < a.trainer.epoch { b.stepEpoch() }
        while b.trainer.status.isReady && b.trainer.epoch == a.trainer.epoch && b.trainer.batchInEpoch < a.trainer.batchInEpoch
            && b.trainer.batchInEpoch < b.trainer.batchesPerEpoch - 1 {
            b.stepBatch()
        }
    }

    /// Changes a setting in A only (`both` false) or in both runs. When it re-initialises, B's
    /// weights are copied from A's again where shapes allow. Nothing changes when it throws
    /// (a `both` change is checked on both configurations before either is changed).
    @discardableResult
    public func set(_ key: String, _ value: String, both: Bool) throws(NetworkError) -> Experiment.Change {
        guard both else {
            let change = try a.set(key, value)
            // A changed alone: the variant is recomputed from A's new configuration and B's own.
            refreshVariant()
            return change
        }
        let setting = try TrainingConfiguration.setting(named: key)
        var nextA = a.configuration, nextB = b.configuration
        try nextA.set(setting.key, value)
        try nextB.set(setting.key, value)
        let change = try a.adopt(nextA, reinitialize: setting.needsReset)
        try b.adopt(nextB, reinitialize: setting.needsReset)
        if change == .reinitialized { startingPoint = StartingPoint.copy(from: a.trainer, into: b.trainer) }
        refreshVariant()
        return change
    }

    /// After a change to A alone, B may differ in more (or other) settings than the one compared:
    /// `differences` lists them all; the variant keeps naming the first.
    private func refreshVariant() {
        if let first = differences.first {
            variant = (try? ComparisonVariant(of: a.configuration, key: first.key, value: first.b)) ?? variant
        }
    }

    /// Every setting whose value differs between A and B, in table order.
    public var differences: [(key: String, a: String, b: String)] {
        TrainingConfiguration.settings.compactMap { s in
            let x = s.value(in: a.configuration), y = s.value(in: b.configuration)
            return x == y ? nil : (s.key, x, y)
        }
    }
}
