import NeuralNetwork

extension Interpreter {
    /// `set KEY VALUE`: the value was parsed and checked with the command; the experiment checks
    /// what depends on the rest of the run (layer numbers, batch norm's batch, the network's size).
    func set(_ assignment: SettingAssignment) throws(CommandError) -> CommandResult {
        let setting = assignment.setting
        let before = setting.value(in: experiment.configuration)
        let at = position
        let change: Experiment.Change
        do { change = try experiment.set(assignment) } catch {
            throw CommandParser.settingError(setting.key, assignment.valueText, error)
        }
        let now = setting.current(in: experiment.configuration)
        recordEvent(setting.key == "dataset" ? .dataset(spec: now.valueText) : .set(now), at: at)
        switch change {
        case .reinitialized:
            return CommandResult(lines: ["\(setting.key) \(now.valueText): " + reinitialisedSummary()], changedState: true)
        case .live:
            return CommandResult(lines: ["\(setting.key) \(now.valueText) (was \(before)), from the next mini-batch"], changedState: true)
        }
    }

    /// `set KEY` alone: the setting's value and what it means.
    func showSetting(_ key: String) throws(CommandError) -> CommandResult {
        if let interface = InterfaceSetting.named(key, exactOnly: true) { return showInterface(interface) }
        let setting: Setting
        do { setting = try TrainingConfiguration.setting(named: key) } catch { throw CommandError("set: \(error)") }
        return CommandResult(lines: ["\(setting.key) \(setting.value(in: experiment.configuration))  (\(setting.summary))"])
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
        do { try experiment.set("dataset", spec) } catch { throw CommandParser.settingError("dataset", spec, error) }
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
}
