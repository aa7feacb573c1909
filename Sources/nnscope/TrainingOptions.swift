import ArgumentParser
import NeuralNetwork

/// The network, data and optimiser options shared by `train`, `gradcheck`, `tui` and `bench`.
/// Each option is one of the named settings (`TrainingConfiguration.settings`), so the CLI, the
/// command language and session files accept the same values with the same messages.
struct TrainingOptions: ParsableArguments {
    @Option(help: "Dataset: spiral, xor, circle, gaussian, moons, sine, csv:PATH, idx:IMAGES,LABELS.", completion: ShellCompletions.dataset)
    var dataset: String?
    @Option(help: "Hidden layer widths, comma-separated (default 16,16).")
    var layers: String?
    @Option(help: "Hidden units: an activation name (relu, tanh, logistic, elu:0.5, ...) or maxout[:k].", completion: ShellCompletions.activation)
    var activation: String?
    @Option(name: .customLong("layer-activations"), help: "Per-layer overrides, e.g. 1=tanh,2=relu.")
    var layerActivations: String?
    @Option(help: "Mini-batch size (default 10).")
    var batch: String?
    @Option(help: "Learning rate (default 0.1).")
    var lr: String?
    @Option(help: "Optimiser: sgd, momentum, adam.")
    var optimizer: String?
    @Option(help: "Momentum coefficient for --optimizer momentum (default 0.9).")
    var momentum: String?
    @Option(help: "Weight initialiser: uniform, normal, xavier, xavier-normal, he, he-uniform (default: by activation).")
    var `init`: String?
    @Option(name: .customLong("init-scale"), help: "Multiply every initial weight by this (default 1).")
    var initScale: String?
    @Option(name: .customLong("bias-init"), help: "Initial value of every bias (default 0).")
    var biasInit: String?
    @Option(name: .customLong("weight-decay"), help: "L2 weight decay (default 0).")
    var weightDecay: String?
    @Option(help: "Clip the global gradient norm to this value (default 0: off).")
    var clip: String?
    @Option(help: "Validation fraction (default 0.2).")
    var val: String?
    @Option(help: "Early stopping patience in epochs (default 0: off).")
    var patience: String?
    @Option(help: "Random seed (default 1).")
    var seed: String?
    @Option(help: "Loss: auto, softmax-cross-entropy, binary-cross-entropy, mse.")
    var loss: String?
    @Option(help: "Gradients from: backprop, autodiff, autodiff-static.")
    var engine: String?
    @Flag(name: .customLong("no-standardize"), help: "Do not standardise the input features (--standardize off).")
    var noStandardize = false
    @Option(help: "Standardise inputs with the training split's mean and std: auto (files yes, generated data no), on, off (default auto).")
    var standardize: String?
    @Option(help: "Adam's β₁, the decay of its gradient average (default 0.9).")
    var beta1: String?
    @Option(help: "Adam's β₂, the decay of its squared-gradient average (default 0.999).")
    var beta2: String?
    @Option(help: "Adam's ε, added to the root of the squared-gradient average (default 1e-8).")
    var epsilon: String?

    /// The configuration these options describe (defaults for every option not given).
    func configuration(base: TrainingConfiguration = TrainingConfiguration()) throws -> TrainingConfiguration {
        var c = base
        let pairs: [(String, String?)] = [
            ("layers", layers), ("dataset", dataset), ("activation", activation), ("layer-activations", layerActivations),
            ("batch", batch), ("lr", lr), ("optimizer", optimizer), ("momentum", momentum), ("init", `init`),
            ("init-scale", initScale), ("bias-init", biasInit), ("weight-decay", weightDecay), ("clip", clip), ("val", val),
            ("patience", patience), ("seed", seed), ("loss", loss), ("engine", engine),
            ("beta1", beta1), ("beta2", beta2), ("epsilon", epsilon), ("standardize", standardize),
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
