import ArgumentParser
import NeuralNetwork

/// The network, data and optimiser options shared by `train`, `gradcheck`, `tui`, `repl` and
/// `bench`. Each option is a named setting (`TrainingConfiguration.settings`): `--KEY` is the
/// setting's key, its help and shell completion are the table row's, and its value is parsed by
/// the row as `set KEY VALUE` parses it, so `--lr` and `set lr` accept the same values with the
/// same messages. Two flags are the CLI's own: `--batch-norm` (`--batch-norm on`'s short form)
/// and `--no-standardize` (`--standardize off`'s).
struct TrainingOptions: ParsableArguments {
    @OptionGroup var data: DataOptions
    @Option(name: .customLong("layers"), help: settingHelp("layers"), completion: settingCompletion("layers"))
    var layers: String?
    @Option(name: .customLong("activation"), help: settingHelp("activation"), completion: settingCompletion("activation"))
    var activation: String?
    @Option(name: .customLong("layer-activations"), help: settingHelp("layer-activations"), completion: settingCompletion("layer-activations"))
    var layerActivations: String?
    @Option(name: .customLong("init"), help: settingHelp("init"), completion: settingCompletion("init"))
    var initializer: String?
    @Option(name: .customLong("init-scale"), parsing: .number, help: settingHelp("init-scale"), completion: settingCompletion("init-scale"))
    var initScale: String?
    @Option(name: .customLong("bias-init"), parsing: .number, help: settingHelp("bias-init"), completion: settingCompletion("bias-init"))
    var biasInit: String?
    @Option(name: .customLong("optimizer"), help: settingHelp("optimizer"), completion: settingCompletion("optimizer"))
    var optimizer: String?
    @Option(name: .customLong("lr"), parsing: .number, help: settingHelp("lr"), completion: settingCompletion("lr"))
    var lr: String?
    @Option(name: .customLong("momentum"), parsing: .number, help: settingHelp("momentum"), completion: settingCompletion("momentum"))
    var momentum: String?
    @Option(name: .customLong("beta1"), parsing: .number, help: settingHelp("beta1"), completion: settingCompletion("beta1"))
    var beta1: String?
    @Option(name: .customLong("beta2"), parsing: .number, help: settingHelp("beta2"), completion: settingCompletion("beta2"))
    var beta2: String?
    @Option(name: .customLong("epsilon"), parsing: .number, help: settingHelp("epsilon"), completion: settingCompletion("epsilon"))
    var epsilon: String?
    @Option(name: .customLong("weight-decay"), parsing: .number, help: settingHelp("weight-decay"), completion: settingCompletion("weight-decay"))
    var weightDecay: String?
    @Option(name: .customLong("clip"), parsing: .number, help: settingHelp("clip"), completion: settingCompletion("clip"))
    var clip: String?
    @Option(name: .customLong("batch"), parsing: .number, help: settingHelp("batch"), completion: settingCompletion("batch"))
    var batch: String?
    @Option(name: .customLong("patience"), parsing: .number, help: settingHelp("patience"), completion: settingCompletion("patience"))
    var patience: String?
    @Option(name: .customLong("loss"), help: settingHelp("loss"), completion: settingCompletion("loss"))
    var loss: String?
    @Option(name: .customLong("engine"), help: settingHelp("engine"), completion: settingCompletion("engine"))
    var engine: String?
    @Option(name: .customLong("standardize"), help: settingHelp("standardize"), completion: settingCompletion("standardize"))
    var standardize: String?
    @Option(name: .customLong("l1"), parsing: .number, help: settingHelp("l1"), completion: settingCompletion("l1"))
    var l1: String?
    @Flag(name: .customLong("batch-norm"), help: ArgumentHelp(flagHelp("batch-norm", value: "on")))
    var batchNorm = false

    /// The setting values given, by setting key (a flag as the value it stands for).
    var settingValues: [(key: String, value: String?)] {
        [("layers", layers)] + data.settingValues + [("activation", activation), ("layer-activations", layerActivations),
         ("init", initializer), ("init-scale", initScale), ("bias-init", biasInit), ("optimizer", optimizer), ("lr", lr),
         ("momentum", momentum), ("beta1", beta1), ("beta2", beta2), ("epsilon", epsilon), ("weight-decay", weightDecay),
         ("clip", clip), ("batch", batch), ("patience", patience), ("loss", loss),
         ("engine", engine), ("standardize", standardize), ("l1", l1), ("batch-norm", batchNorm ? "on" : nil)]
    }

    /// The configuration these options describe (defaults for every option not given). `layers`
    /// comes first, so that `--layer-activations` finds its layers.
    func configuration(base: TrainingConfiguration = TrainingConfiguration()) throws -> TrainingConfiguration {
        var c = base
        for case let (key, value?) in settingValues {
            do { try c.set(key, value) } catch { throw CLIError("\(error)") }
        }
        if data.noStandardize {
            guard standardize == nil else { throw ValidationError("give --standardize or --no-standardize, not both") }
            c.standardize = .off
        }
        return c
    }
}

/// The options that choose the data: part of `TrainingOptions`, and all of `nnscope data`'s.
struct DataOptions: ParsableArguments {
    @Option(name: .customLong("dataset"), help: settingHelp("dataset"), completion: settingCompletion("dataset"))
    var dataset: String?
    @Option(name: .customLong("noise"), parsing: .number, help: settingHelp("noise"), completion: settingCompletion("noise"))
    var noise: String?
    @Option(name: .customLong("data-seed"), parsing: .number, help: settingHelp("data-seed"), completion: settingCompletion("data-seed"))
    var dataSeed: String?
    @Option(name: .customLong("features"), help: settingHelp("features"), completion: settingCompletion("features"))
    var features: String?
    @Option(name: .customLong("val"), parsing: .number, help: settingHelp("val"), completion: settingCompletion("val"))
    var val: String?
    @Option(name: .customLong("seed"), parsing: .number, help: settingHelp("seed"), completion: settingCompletion("seed"))
    var seed: String?
    @Flag(name: .customLong("no-standardize"), help: "Do not standardise the input features (--standardize off).")
    var noStandardize = false

    /// The setting values given, by setting key.
    var settingValues: [(key: String, value: String?)] {
        [("dataset", dataset), ("noise", noise), ("data-seed", dataSeed), ("features", features), ("val", val), ("seed", seed)]
    }
}

/// The table row of the setting `key` (every training option names one; `CLIOptionTests` checks).
private func row(_ key: String) -> Setting? {
    TrainingConfiguration.settings.first { $0.key == key }
}

/// The help of `--KEY`: the settings table's summary, accepted values and default.
func settingHelp(_ key: String) -> ArgumentHelp {
    ArgumentHelp(row(key)?.help ?? "")
}

/// The help of a flag that stands for `--KEY VALUE`.
func flagHelp(_ key: String, value: String) -> String {
    (row(key).map { "\($0.summary) (the same as --\(key) \(value))" } ?? "")
}

/// The shell completion of `--KEY`: the settings table's completion words.
func settingCompletion(_ key: String) -> CompletionKind {
    .list(row(key)?.completions ?? [])
}
