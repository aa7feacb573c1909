import NeuralNetwork

extension Interpreter {
    /// Largest network (weights and biases) a `set` may ask for; more would exhaust memory.
    public static let maximumParameters = 20_000_000

    func set(_ key: String, _ value: String?) throws(CommandError) -> CommandResult {
        if let interface = InterfaceSetting.named(key, exactOnly: true) { return try setInterface(interface, value) }
        let setting: Setting
        do { setting = try TrainingConfiguration.setting(named: key) } catch { throw CommandError("set: \(error)") }
        guard let value else {
            let current = setting.value(in: experiment.configuration)
            return CommandResult(lines: ["\(setting.key) \(current)  (\(setting.summary))"])
        }
        var next = experiment.configuration
        do { try next.set(setting.key, value) } catch { throw settingError(setting.key, value, error) }
        try checkSize(next, key: setting.key, value: value)
        let before = setting.value(in: experiment.configuration)
        let at = position
        let change: Experiment.Change
        do { change = try experiment.set(setting.key, value) } catch { throw settingError(setting.key, value, error) }
        let now = setting.value(in: experiment.configuration)
        recordEvent(setting.key == "dataset" ? .dataset(spec: now) : .set(key: setting.key, value: now), at: at)
        switch change {
        case .reinitialized:
            return CommandResult(lines: ["\(setting.key) \(now): " + reinitialisedSummary()], changedState: true)
        case .live:
            return CommandResult(lines: ["\(setting.key) \(now) (was \(before)), from the next mini-batch"], changedState: true)
        }
    }

    func set(_ parameter: HandSetParameter) throws(CommandError) -> CommandResult {
        let at = position
        let old: Double
        do { old = try experiment.set(parameter) } catch { throw CommandError("\(error)") }
        recordEvent(.setParameter(parameter), at: at)
        let what: String
        switch parameter.target {
        case let .weight(input, unit): what = "layer \(parameter.layer) weight from unit \(input) to unit \(unit)"
        case let .bias(unit): what = "layer \(parameter.layer) bias of unit \(unit)"
        }
        return CommandResult(lines: ["\(what): \(parameter.value) (was \(old)), weights otherwise kept"], changedState: true)
    }

    func dataset(_ spec: String) throws(CommandError) -> CommandResult {
        let at = position
        do { try experiment.set("dataset", spec) } catch { throw settingError("dataset", spec, error) }
        recordEvent(.dataset(spec: experiment.configuration.dataset), at: at)
        return CommandResult(lines: ["dataset \(experiment.configuration.dataset): " + reinitialisedSummary()], changedState: true)
    }

    func reset() throws(CommandError) -> CommandResult {
        let at = position
        do { try experiment.reset() } catch { throw CommandError("reset: \(error)") }
        recordEvent(.reset, at: at)
        return CommandResult(lines: ["reset: " + reinitialisedSummary()], changedState: true)
    }

    /// "network re-initialised (epoch 0), 2-16-16-3, 240 train / 60 validation examples".
    func reinitialisedSummary() -> String {
        let trainer = experiment.trainer
        return "network re-initialised (epoch 0), \(trainer.network.shapeDescription), "
            + "\(trainer.trainCount) train / \(trainer.validationCount) validation examples"
    }

    /// The error for a rejected value, phrased "set KEY VALUE: what is wrong".
    func settingError(_ key: String, _ value: String, _ error: NetworkError) -> CommandError {
        var message = error.description
        for prefix in ["\(key) \(value): ", "\(key): "] where message.hasPrefix(prefix) {
            message.removeFirst(prefix.count)
            break
        }
        let command = key == "dataset" ? "dataset \(value)" : "set \(key) \(value)"
        return CommandError("\(command): \(message)")
    }

    /// Refuses configurations whose network would not fit in memory.
    func checkSize(_ configuration: TrainingConfiguration, key: String, value: String) throws(CommandError) {
        let dataset = experiment.trainer.dataset
        var fanIn = dataset.features
        var total = 0.0
        for (width, unit) in zip(configuration.hidden, configuration.hiddenUnits) {
            total += Double(fanIn + 1) * Double(width * unit.pieces)
            fanIn = width
        }
        total += Double(fanIn + 1) * Double(dataset.outputs)
        guard total <= Double(Interpreter.maximumParameters) else {
            throw CommandError("set \(key) \(value): the network would have about \(Int(total)) parameters; at most \(Interpreter.maximumParameters) are allowed")
        }
    }
}
