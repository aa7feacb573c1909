import ArgumentParser
import NeuralNetwork

/// The network, data and optimiser options shared by `train`, `gradcheck`, `tui` and `bench`.
/// Each option is one of the named settings (`TrainingConfiguration.settings`), so the CLI, the
/// command language and session files accept the same values with the same messages.
struct TrainingOptions: ParsableArguments {
    @Option(help: settingHelp("dataset"), completion: ShellCompletions.dataset)
    var dataset: String?
    @Option(help: "Hidden layer widths, comma-separated (default 16,16), or none for a linear model.")
    var layers: String?
    @Option(help: "Hidden units: an activation name (relu, tanh, logistic, elu:0.5, ...) or maxout[:k].", completion: ShellCompletions.activation)
    var activation: String?
    @Option(name: .customLong("layer-activations"), help: "Per-layer overrides, e.g. 1=tanh,2=relu.")
    var layerActivations: String?
    @Option(parsing: .number, help: "Mini-batch size (default 10).")
    var batch: String?
    @Option(parsing: .number, help: "Learning rate (default 0.1).", completion: .list(PlaygroundPresets.learningRates))
    var lr: String?
    @Option(help: "Optimiser: sgd, momentum, adam.")
    var optimizer: String?
    @Option(parsing: .number, help: "Momentum coefficient for --optimizer momentum (default 0.9).")
    var momentum: String?
    @Option(help: "Weight initialiser: uniform, normal, xavier, xavier-normal, he, he-uniform (default: by activation).")
    var `init`: String?
    @Option(name: .customLong("init-scale"), parsing: .number, help: "Multiply every initial weight by this (default 1).")
    var initScale: String?
    @Option(name: .customLong("bias-init"), parsing: .number, help: "Initial value of every bias (default 0).")
    var biasInit: String?
    @Option(name: .customLong("weight-decay"), parsing: .number, help: "L2 weight decay (default 0).", completion: .list(PlaygroundPresets.regularizationRates))
    var weightDecay: String?
    @Option(parsing: .number, help: "Clip the global gradient norm to this value (default 0: off).")
    var clip: String?
    @Option(parsing: .number, help: "Validation fraction (default 0.2).")
    var val: String?
    @Option(parsing: .number, help: "Early stopping patience in epochs (default 0: off).")
    var patience: String?
    @Option(parsing: .number, help: "Random seed (default 1).")
    var seed: String?
    @Option(help: "Loss: auto, softmax-cross-entropy, binary-cross-entropy, mse.")
    var loss: String?
    @Option(help: "Gradients from: backprop, autodiff, autodiff-static.")
    var engine: String?
    @Flag(name: .customLong("no-standardize"), help: "Do not standardise the input features (--standardize off).")
    var noStandardize = false
    @Option(help: settingHelp("standardize"))
    var standardize: String?
    @Option(parsing: .number, help: settingHelp("beta1"))
    var beta1: String?
    @Option(parsing: .number, help: settingHelp("beta2"))
    var beta2: String?
    @Option(parsing: .number, help: settingHelp("epsilon"))
    var epsilon: String?
    // The options below take their help from the settings table, so `--X` and `set X` agree.
    @Option(name: .customLong("data-seed"), help: settingHelp("data-seed"))
    var dataSeed: String?
    @Option(parsing: .number, help: settingHelp("noise"), completion: .list(PlaygroundPresets.noiseShares))
    var noise: String?
    @Option(help: settingHelp("features"))
    var features: String?
    @Option(parsing: .number, help: settingHelp("l1"), completion: .list(PlaygroundPresets.regularizationRates))
    var l1: String?
    @Flag(name: .customLong("batch-norm"), help: "Batch normalisation of every hidden layer (set batch-norm on); needs --batch 2 or more.")
    var batchNorm = false

    /// The configuration these options describe (defaults for every option not given).
    func configuration(base: TrainingConfiguration = TrainingConfiguration()) throws -> TrainingConfiguration {
        var c = base
        let pairs: [(String, String?)] = [
            ("layers", layers), ("dataset", dataset), ("activation", activation), ("layer-activations", layerActivations),
            ("batch", batch), ("lr", lr), ("optimizer", optimizer), ("momentum", momentum), ("init", `init`),
            ("init-scale", initScale), ("bias-init", biasInit), ("weight-decay", weightDecay), ("clip", clip), ("val", val),
            ("patience", patience), ("seed", seed), ("loss", loss), ("engine", engine),
            ("beta1", beta1), ("beta2", beta2), ("epsilon", epsilon), ("standardize", standardize),
            ("data-seed", dataSeed), ("noise", noise), ("features", features), ("l1", l1),
            ("batch-norm", batchNorm ? "on" : nil),
        ]
        for case let (key, value?) in pairs {
            do { try c.set(key, value) } catch { throw CLIError("\(error)") }
        }
        if noStandardize {
            guard standardize == nil else { throw ValidationError("give --standardize or --no-standardize, not both") }
            c.standardize = .off
        }
        return c
    }
}

/// The help text of a `--X` option that is the named setting `X`: the settings table's summary.
func settingHelp(_ key: String) -> ArgumentHelp {
    ArgumentHelp(TrainingConfiguration.settings.first { $0.key == key }?.summary ?? "")
}
