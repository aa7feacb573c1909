import Datasets
import Activations
import Datasets
import Spelling

/// The named settings: one table serves the CLI options, the command language's `set KEY VALUE`
/// and the configuration record of session files.
public struct Setting: Sendable {
    public let key: String
    public let summary: String
    /// True when a new value only takes effect after the network is re-initialised.
    public let needsReset: Bool
    let read: @Sendable (TrainingConfiguration) -> String
    let write: @Sendable (inout TrainingConfiguration, String) throws(NetworkError) -> Void
    /// Values offered by completion (TensorFlow Playground's menus for the rates and the noise).
    public var presets: [String] = []

    /// The setting's current value, in the form `apply` reads back.
    public func value(in configuration: TrainingConfiguration) -> String { read(configuration) }

    /// Parses `text` and stores it; throws a message naming the setting and the bad value.
    public func apply(_ text: String, to configuration: inout TrainingConfiguration) throws(NetworkError) {
        try write(&configuration, text)
    }
}

extension TrainingConfiguration {
    /// Every setting, in the order `show config` lists them.
    public static let settings: [Setting] = [
        Setting(key: "dataset", summary: "data: " + DatasetSpec.builtInNames.joined(separator: ", ") + ", csv:PATH, idx:IMAGES,LABELS",
                needsReset: true, read: { $0.dataset }, write: { c, v throws(NetworkError) in
                    guard !v.isEmpty else { throw .invalid("dataset: empty name") }
                    // The spec's standardize/no-standardize option is the `standardize` setting.
                    if var spec = try? DatasetSpec(parsing: v), let explicit = spec.standardizeOption {
                        spec.standardizeOption = nil
                        c.dataset = spec.description
                        c.standardize = explicit ? .on : .off
                    } else {
                        c.dataset = v
                    }
                }),
        Setting(key: "layers", summary: "hidden layer widths, comma-separated (e.g. 16,16; 'none' for no hidden layer)",
                needsReset: true, read: { $0.hidden.isEmpty ? "none" : $0.hidden.map(String.init).joined(separator: ",") },
                write: { c, v throws(NetworkError) in
                    // One rule: every width is 1 to 65536, and "none" (only) means no hidden layer,
                    // so "0" is refused like the 0 in "16,0,16".
                    if v.trimmingSpaces.lowercased() == "none" { c.hidden = []; c.layerActivations = [:]; return }
                    var widths: [Int] = []
                    for part in v.split(separator: ",", omittingEmptySubsequences: false) {
                        guard let w = Int(part.trimmingSpaces), w >= 1, w <= 65_536 else {
                            throw .invalid("layers \(v): '\(part)' is not a width from 1 to 65536 (write 'none' for a network without hidden layers)")
                        }
                        widths.append(w)
                    }
                    guard widths.count <= 64 else { throw .invalid("layers \(v): at most 64 hidden layers") }
                    c.hidden = widths
                    c.layerActivations = c.layerActivations.filter { $0.key <= widths.count }
                }),
        Setting(key: "activation", summary: "hidden units: " + UnitKind.allNames.joined(separator: ", ") + " (name:parameter, e.g. elu:0.5)",
                needsReset: true, read: { $0.activation.spec }, write: { c, v throws(NetworkError) in
                    c.activation = try UnitKind(parsing: v)
                }),
        Setting(key: "layer-activations", summary: "per-layer overrides, e.g. 1=tanh,3=relu ('none' clears)",
                needsReset: true,
                read: { c in c.layerActivations.isEmpty ? "none" : c.layerActivations.keys.sorted().map { "\($0)=\(c.layerActivations[$0]!.spec)" }.joined(separator: ",") },
                write: { c, v throws(NetworkError) in
                    if v == "none" { c.layerActivations = [:]; return }
                    var map: [Int: UnitKind] = [:]
                    for part in v.split(separator: ",") {
                        let kv = part.split(separator: "=", maxSplits: 1)
                        guard kv.count == 2, let layer = Int(kv[0]), layer >= 1, layer <= c.hidden.count else {
                            throw .invalid("layer-activations: '\(part)' should be LAYER=ACTIVATION with LAYER from 1 to \(c.hidden.count)")
                        }
                        map[layer] = try UnitKind(parsing: String(kv[1]))
                    }
                    c.layerActivations = map
                }),
        Setting(key: "init", summary: "weight initialiser: auto, " + Initializer.allCases.map(\.rawValue).joined(separator: ", "),
                needsReset: true, read: { $0.initializer?.rawValue ?? "auto" }, write: { c, v throws(NetworkError) in
                    if v == "auto" { c.initializer = nil; return }
                    guard let i = Initializer(name: v) else {
                        throw .invalid("init: unknown initialiser '\(v)'" + suggestion(v, Initializer.allCases.map(\.rawValue) + Array(Initializer.aliases.keys)))
                    }
                    c.initializer = i
                }),
        Setting(key: "init-scale", summary: "multiplies every initial weight (default 1)",
                needsReset: true, read: { "\($0.initScale)" }, write: { c, v throws(NetworkError) in
                    c.initScale = try number(v, "init-scale", in: 0...1e30)
                }),
        Setting(key: "bias-init", summary: "initial value of every bias (negative values kill ReLUs)",
                needsReset: true, read: { "\($0.biasInit)" }, write: { c, v throws(NetworkError) in
                    c.biasInit = try number(v, "bias-init")
                }),
        Setting(key: "optimizer", summary: "update rule: sgd, momentum, adam",
                needsReset: false, read: { $0.optimizer.kind.rawValue }, write: { c, v throws(NetworkError) in
                    guard let k = OptimizerKind(name: v) else {
                        throw .invalid("optimizer: unknown optimizer '\(v)'" + suggestion(v, OptimizerKind.allCases.map(\.rawValue)))
                    }
                    c.optimizer.kind = k
                }),
        Setting(key: "lr", summary: "learning rate", needsReset: false, read: { "\($0.optimizer.learningRate)" },
                write: { c, v throws(NetworkError) in
                    let x = try number(v, "lr")
                    guard x > 0 else { throw .invalid("lr \(v): the learning rate must be positive") }
                    c.optimizer.learningRate = x
                }, presets: PlaygroundPresets.learningRates),
        Setting(key: "momentum", summary: "momentum coefficient (optimizer momentum)", needsReset: false,
                read: { "\($0.optimizer.momentum)" }, write: { c, v throws(NetworkError) in
                    c.optimizer.momentum = try number(v, "momentum", in: 0...1)
                }),
        Setting(key: "beta1", summary: "Adam's first-moment decay", needsReset: false,
                read: { "\($0.optimizer.beta1)" }, write: { c, v throws(NetworkError) in
                    c.optimizer.beta1 = try number(v, "beta1", in: 0...0.999999)
                }),
        Setting(key: "beta2", summary: "Adam's second-moment decay", needsReset: false,
                read: { "\($0.optimizer.beta2)" }, write: { c, v throws(NetworkError) in
                    c.optimizer.beta2 = try number(v, "beta2", in: 0...0.999999999)
                }),
        Setting(key: "epsilon", summary: "Adam's epsilon", needsReset: false,
                read: { "\($0.optimizer.epsilon)" }, write: { c, v throws(NetworkError) in
                    c.optimizer.epsilon = try number(v, "epsilon", in: 1e-300...1)
                }),
        Setting(key: "weight-decay", summary: "L2 penalty added to weight gradients (0 = off)", needsReset: false,
                read: { "\($0.optimizer.weightDecay)" }, write: { c, v throws(NetworkError) in
                    c.optimizer.weightDecay = try number(v, "weight-decay", in: 0...1e6)
                }, presets: PlaygroundPresets.regularizationRates),
        Setting(key: "clip", summary: "largest global gradient norm (0 = no clipping)", needsReset: false,
                read: { "\($0.optimizer.clipNorm)" }, write: { c, v throws(NetworkError) in
                    c.optimizer.clipNorm = try number(v, "clip", in: 0...1e300)
                }),
        Setting(key: "batch", summary: "mini-batch size", needsReset: false, read: { "\($0.batchSize)" },
                write: { c, v throws(NetworkError) in
                    c.batchSize = try integer(v, "batch", in: 1...1_000_000)
                }),
        Setting(key: "val", summary: "validation fraction, 0 to 0.9", needsReset: true,
                read: { "\($0.validationFraction)" }, write: { c, v throws(NetworkError) in
                    c.validationFraction = try number(v, "val", in: 0...0.9)
                }),
        Setting(key: "patience", summary: "early stopping: epochs without validation improvement (0 = off)",
                needsReset: false, read: { "\($0.patience)" }, write: { c, v throws(NetworkError) in
                    c.patience = try integer(v, "patience", in: 0...1_000_000)
                }),
        Setting(key: "seed", summary: "random seed for data, initialisation and shuffling", needsReset: true,
                read: { "\($0.seed)" }, write: { c, v throws(NetworkError) in
                    guard let s = UInt64(v) else { throw .invalid("seed \(v): '\(v)' is not a whole number from 0 to \(UInt64.max)") }
                    c.seed = s
                }),
        Setting(key: "loss", summary: "auto, softmax-cross-entropy, binary-cross-entropy, mse", needsReset: true,
                read: { $0.loss?.rawValue ?? "auto" }, write: { c, v throws(NetworkError) in
                    if v == "auto" { c.loss = nil; return }
                    guard let l = Loss(name: v) else {
                        throw .invalid("loss: unknown loss '\(v)'" + suggestion(v, Loss.allCases.map(\.rawValue)))
                    }
                    c.loss = l
                }),
        Setting(key: "engine", summary: "gradients from: backprop, autodiff, autodiff-static", needsReset: false,
                read: { $0.engine.rawValue }, write: { c, v throws(NetworkError) in
                    guard let e = GradientEngineKind(rawValue: v.lowercased()) else {
                        throw .invalid("engine: unknown engine '\(v)'" + suggestion(v, GradientEngineKind.allCases.map(\.rawValue)))
                    }
                    c.engine = e
                }),
        Setting(key: "standardize", summary: "standardise inputs with the training split's mean and std: auto (files yes, generated data no), on, off",
                needsReset: true, read: { $0.standardize.rawValue }, write: { c, v throws(NetworkError) in
                    switch v.lowercased() {
                    case "auto": c.standardize = .auto
                    case "on", "true", "yes", "1": c.standardize = .on
                    case "off", "false", "no", "0": c.standardize = .off
                    default: throw .invalid("standardize: '\(v)' should be auto, on or off")
                    }
                }),
        Setting(key: "data-seed", summary: "seed of the generated data ('auto': the same as seed)", needsReset: true,
                read: { $0.dataSeed.map { "\($0)" } ?? "auto" }, write: { c, v throws(NetworkError) in
                    if v.lowercased() == "auto" { c.dataSeed = nil; return }
                    guard let s = UInt64(v) else { throw .invalid("data-seed \(v): '\(v)' is not a whole number from 0 to \(UInt64.max), or auto") }
                    c.dataSeed = s
                }),
        Setting(key: "noise", summary: "noise as a share of the data's spread, 0 to 0.5 (Playground's 0-50; 'default': the generator's own)",
                needsReset: true, read: { $0.noise.map { "\($0)" } ?? "default" }, write: { c, v throws(NetworkError) in
                    if v.lowercased() == "default" { c.noise = nil; return }
                    c.noise = try number(v, "noise", in: DatasetSpec.noiseShareRange)
                }, presets: PlaygroundPresets.noiseShares),
        Setting(key: "features", summary: "inputs computed from 2-D points: any of " + InputFeature.allNames.joined(separator: ", ") + " ('raw': the points as they are)",
                needsReset: true, read: { $0.features.map(InputFeature.listDescription) ?? "raw" }, write: { c, v throws(NetworkError) in
                    if v.lowercased() == "raw" { c.features = nil; return }
                    do { c.features = try InputFeature.parseList(v) } catch { throw .invalid("\(error)") }
                }),
        Setting(key: "l1", summary: "L1 penalty; a weight it pushes across zero is set to zero (0 = off)", needsReset: false,
                read: { "\($0.optimizer.l1)" }, write: { c, v throws(NetworkError) in
                    c.optimizer.l1 = try number(v, "l1", in: 0...1e6)
                }, presets: PlaygroundPresets.regularizationRates),
        Setting(key: "batch-norm", summary: "batch normalisation of every hidden layer: on or off (needs a batch of 2 or more)",
                needsReset: true, read: { $0.batchNorm ? "on" : "off" }, write: { c, v throws(NetworkError) in
                    switch v.lowercased() {
                    case "on", "true", "yes", "1": c.batchNorm = true
                    case "off", "false", "no", "0": c.batchNorm = false
                    default: throw .invalid("batch-norm: '\(v)' should be on or off")
                    }
                }, presets: ["on", "off"]),
    ]

    /// The setting named `key` (exact name, a unique prefix, or an alias such as "act" or "learning-rate").
    public static func setting(named key: String) throws(NetworkError) -> Setting {
        let k = key.lowercased()
        let aliases = ["learning-rate": "lr", "learning_rate": "lr", "act": "activation", "batch-size": "batch",
                       "validation": "val", "initializer": "init", "opt": "optimizer", "weight_decay": "weight-decay",
                       "bias": "bias-init", "data": "dataset"]
        if let s = settings.first(where: { $0.key == k }) { return s }
        if let target = aliases[k], let s = settings.first(where: { $0.key == target }) { return s }
        let matches = settings.filter { $0.key.hasPrefix(k) }
        if matches.count == 1, !k.isEmpty { return matches[0] }
        if matches.count > 1 {
            throw .invalid("'\(key)' is ambiguous: \(matches.map(\.key).joined(separator: ", "))")
        }
        throw .invalid("unknown setting '\(key)'" + suggestion(key, settings.map(\.key)))
    }

    /// Sets `key` to `value`; the configuration is unchanged when it throws.
    public mutating func set(_ key: String, _ value: String) throws(NetworkError) {
        var copy = self
        try TrainingConfiguration.setting(named: key).apply(value, to: &copy)
        try copy.validate()
        self = copy
    }

    /// Every setting as (key, value) pairs, in table order.
    public var keyValuePairs: [(key: String, value: String)] {
        TrainingConfiguration.settings.map { ($0.key, $0.value(in: self)) }
    }

    /// A configuration rebuilt from (key, value) pairs (a session's config record).
    public init(keyValuePairs: [(key: String, value: String)]) throws(NetworkError) {
        self.init()
        // Layers first, so that per-layer overrides find their layers.
        let ordered = keyValuePairs.sorted { ($0.key == "layers" ? 0 : 1) < ($1.key == "layers" ? 0 : 1) }
        for (key, value) in ordered {
            try TrainingConfiguration.setting(named: key).apply(value, to: &self)
        }
        try validate()
    }
}

private func suggestion(_ word: String, _ candidates: [String]) -> String {
    didYouMean(word, candidates)
}

private func number(_ text: String, _ key: String, in range: ClosedRange<Double>? = nil) throws(NetworkError) -> Double {
    guard let x = Double(text.trimmingSpaces), x.isFinite else { throw .invalid("\(key) \(text): '\(text)' is not a number") }
    if let range, !range.contains(x) {
        throw .invalid("\(key) \(text): must be between \(range.lowerBound) and \(range.upperBound)")
    }
    return x
}

private func integer(_ text: String, _ key: String, in range: ClosedRange<Int>) throws(NetworkError) -> Int {
    guard let x = Int(text.trimmingSpaces) else { throw .invalid("\(key) \(text): '\(text)' is not a whole number") }
    guard range.contains(x) else { throw .invalid("\(key) \(text): must be between \(range.lowerBound) and \(range.upperBound)") }
    return x
}

extension StringProtocol {
    var trimmingSpaces: String {
        String(self.drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
    }
}
