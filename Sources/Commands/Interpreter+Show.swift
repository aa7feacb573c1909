import Activations
import NeuralNetwork
import Render
import Spelling

extension Interpreter {
    func help(_ topic: String?) throws(CommandError) -> CommandResult {
        guard let topic else {
            return CommandResult(lines: CommandHelp.overview()
                + Paragraph.wrap("Abbreviations are accepted when unambiguous (st 3, set act tanh). `help set` lists the settings.", width: 80))
        }
        if let entry = try? CommandHelp.resolve(topic) {
            var lines = Paragraph.wrap("\(entry.usage): \(entry.summary)", width: 80)
            if entry.name == "set" {
                let width = TrainingConfiguration.settings.map(\.key.count).max() ?? 0
                for setting in TrainingConfiguration.settings {
                    lines += Paragraph.wrapHanging(prefix: "  \(setting.key.padding(toWidth: width))  ",
                                                   text: setting.help + (setting.needsReset ? " [re-initialises]" : ""), width: 80)
                }
                for setting in InterfaceSetting.all {
                    lines += Paragraph.wrapHanging(prefix: "  \(setting.key.padding(toWidth: width))  ",
                                                   text: setting.summary + " [interface: not recorded]", width: 80)
                }
            }
            return CommandResult(lines: lines)
        }
        if let interface = InterfaceSetting.named(topic, exactOnly: true) {
            return CommandResult(lines: ["set \(interface.key) VALUE: \(interface.summary); changes nothing in the results and is not recorded"])
        }
        if let setting = try? TrainingConfiguration.setting(named: topic) {
            let effect = setting.needsReset ? "changing it re-initialises the network" : "a change applies from the next mini-batch"
            return CommandResult(lines: ["set \(setting.key) VALUE: \(setting.help); now \(setting.value(in: experiment.configuration)); \(effect)"])
        }
        throw CommandError("help: no command or setting '\(topic)'"
            + didYouMean(topic, CommandHelp.table.map(\.name) + TrainingConfiguration.settings.map(\.key) + InterfaceSetting.all.map(\.key)))
    }

    func show(_ target: ShowTarget) throws(CommandError) -> CommandResult {
        switch target {
        case .config: return CommandResult(lines: configurationLines())
        case .metrics: return CommandResult(lines: metricsLines())
        case .layers: return CommandResult(lines: layerLines())
        case let .activation(name): return try activationLines(name)
        }
    }

    func configurationLines() -> [String] {
        let pairs = experiment.configuration.keyValuePairs
        let width = pairs.map(\.key.count).max() ?? 0
        let trainer = experiment.trainer
        let standardized = trainer.featureMean.contains { $0 != 0 } || trainer.featureScale.contains { $0 != 1 }
        return pairs.map { pair in
            let shown = "\(pair.key.padding(toWidth: width))  \(pair.value)"
            // `auto` is resolved against the dataset, so say what it does here.
            guard pair.key == "standardize", experiment.configuration.standardize == .auto else { return shown }
            return shown + (standardized ? " (on: the data is read from a file)" : " (off: generated data is used as generated)")
        }
            + ["network \(trainer.network.shapeDescription), \(trainer.network.parameterCount) parameters, epoch \(trainer.epoch), generation \(experiment.generation)"]
    }

    func metricsLines() -> [String] {
        let trainer = experiment.trainer
        guard let last = trainer.history.last else {
            return ["no epochs trained yet (epoch 0, batch \(trainer.batchInEpoch) of \(trainer.batchesPerEpoch))"]
        }
        var lines = [EpochLine.format(last), "learning rate \(last.learningRate)"]
        if let best = trainer.lowestValidationLoss { lines.append("best validation loss \(EpochLine.short(best))") }
        return lines + statusLines()
    }

    func layerLines() -> [String] {
        let network = experiment.trainer.network
        let last = experiment.trainer.history.last
        var lines: [String] = []
        for (l, layer) in network.layers.enumerated() {
            let isOutput = l == network.layers.count - 1
            let unit = isOutput ? "output (\(network.loss.rawValue))" : layer.unit.description
            var line = "layer \(l + 1): \(layer.inputs) → \(layer.units) \(unit), \(layer.parameterCount) parameters, |W| \(EpochLine.short(Double(layer.weights.frobeniusNorm)))"
            if let d = last?.layers[safe: l] {
                line += ", grad \(EpochLine.short(d.gradNorm))"
                if !isOutput { line += ", dead \(EpochLine.percent(d.deadFraction)), saturated \(EpochLine.percent(d.saturatedFraction))" }
            }
            lines.append(line)
        }
        return lines
    }

    func activationLines(_ name: String?) throws(CommandError) -> CommandResult {
        let unit: UnitKind
        if let name {
            do { unit = try UnitKind(parsing: name) } catch { throw CommandError("show activation \(name): \(error)") }
        } else {
            unit = experiment.configuration.activation
        }
        guard case let .activation(function) = unit else {
            return CommandResult(lines: ["\(unit): each unit outputs the largest of k affine functions of its input (Goodfellow et al., 2013)",
                                         "  gradient flows only through the winning piece; never saturates, never dies"])
        }
        let p = function.kind.properties
        func yesNo(_ b: Bool) -> String { b ? "yes" : "no" }
        return CommandResult(lines: [
            "\(function)",
            "  f(x)  = \(function.formula)",
            "  f'(x) = \(p.derivativeFormula)",
            "  range: \(p.range)   zero-centred: \(yesNo(p.zeroCentred))   saturating: \(yesNo(p.saturating))   can die: \(yesNo(p.canDie))",
        ])
    }
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
