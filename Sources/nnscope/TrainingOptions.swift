import ArgumentParser
import NeuralNetwork

/// The network, data and optimiser options shared by `train`, `gradcheck`, `tui` and `bench`.
/// Each option is one of the named settings (`TrainingConfiguration.settings`), so the CLI, the
/// command language and session files accept the same values with the same messages.
struct TrainingOptions: ParsableArguments {
    @Option(help: "Dataset: spiral, xor, circle, gaussian, moons, sine, csv:PATH, idx:IMAGES,LABELS.")
    var dataset: String?
    @Option(help: "Hidden layer widths, comma-separated (default 16,16).")
    var layers: String?
    @Option(help: "Hidden units: an activation name (relu, tanh, logistic, elu:0.5, ...) or maxout[:k].")
    var activation: String?
    @Option(name: .customLong("layer-activations"), help: "Per-layer overrides, e.g. 1=tanh,2=relu.")
    var layerActivations: String?
    @Option(parsing: .number, help: "Mini-batch size (default 10).")
    var batch: String?
    @Option(parsing: .number, help: "Learning rate (default 0.1).")
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
    @Option(name: .customLong("weight-decay"), parsing: .number, help: "L2 weight decay (default 0).")
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
    @Flag(name: .customLong("no-standardize"), help: "Do not standardise the input features.")
    var noStandardize = false

    /// The configuration these options describe (defaults for every option not given).
    func configuration(base: TrainingConfiguration = TrainingConfiguration()) throws -> TrainingConfiguration {
        var c = base
        let pairs: [(String, String?)] = [
            ("layers", layers), ("dataset", dataset), ("activation", activation), ("layer-activations", layerActivations),
            ("batch", batch), ("lr", lr), ("optimizer", optimizer), ("momentum", momentum), ("init", `init`),
            ("init-scale", initScale), ("bias-init", biasInit), ("weight-decay", weightDecay), ("clip", clip), ("val", val),
            ("patience", patience), ("seed", seed), ("loss", loss), ("engine", engine),
        ]
        for case let (key, value?) in pairs {
            do { try c.set(key, value) } catch { throw CLIError("\(error)") }
        }
        if noStandardize { c.standardize = false }
        return c
    }
}
