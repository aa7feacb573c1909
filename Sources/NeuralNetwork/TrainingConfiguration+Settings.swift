import Activations
import Datasets
import Spelling

/// One named setting, declared once: its key and aliases, what it means, the values it accepts
/// (parsed here into a typed `SettingValue`, with the range or vocabulary checked), its default
/// (`TrainingConfiguration()`'s value), whether a change needs a new network, and the values
/// completion offers. The command language's `set`, `help set` and completion, the CLI's options
/// and session config records all read this one table.
public struct Setting: Sendable, Equatable {
    public let key: String
    /// Other spellings (`act`, `learning-rate`).
    public let aliases: [String]
    public let summary: String
    /// The values in words (`from 0 to 0.9`, `relu, tanh, ...`): what `help set` and `--help` print.
    public let accepts: String
    /// True when a new value only takes effect after the network is re-initialised.
    public let needsReset: Bool
    /// Values completion offers (the vocabulary, then TensorFlow Playground's menus).
    public let completions: [String]
    /// The word for `SettingValue.automatic` (`auto`, `default`, `raw`), if the setting has one.
    let automaticWord: String?
    let parseValue: @Sendable (String) throws(NetworkError) -> SettingValue
    let read: @Sendable (TrainingConfiguration) -> SettingValue
    /// Stores a value `parseValue` made; throws only for checks that need the rest of the
    /// configuration (a layer number against the layer count).
    let write: @Sendable (inout TrainingConfiguration, SettingValue) throws(NetworkError) -> Void

    public static func == (a: Setting, b: Setting) -> Bool { a.key == b.key }

    /// Reads `text` as this setting's value; throws a message naming the setting and the bad value.
    public func parse(_ text: String) throws(NetworkError) -> SettingAssignment {
        SettingAssignment(setting: self, value: try parseValue(text))
    }

    /// The setting's value in `configuration`.
    public func current(in configuration: TrainingConfiguration) -> SettingAssignment {
        SettingAssignment(setting: self, value: read(configuration))
    }

    /// The setting's current value in words, as `parse` reads it back.
    public func value(in configuration: TrainingConfiguration) -> String { text(of: read(configuration)) }

    /// The default (a new `TrainingConfiguration`'s value) in words.
    public var defaultValue: String { value(in: TrainingConfiguration()) }

    /// `value` in the words `parse` reads back.
    func text(of value: SettingValue) -> String { value.text(automaticWord: automaticWord) }

    /// "learning rate; above 0; default: 0.1": the summary with the accepted values and the
    /// default, for `help set` and the CLI's option help.
    public var help: String {
        let initial = read(TrainingConfiguration())
        let shown = if case let .number(x) = initial { plain(x) } else { text(of: initial) }
        return "\(summary); \(accepts); default: \(shown)"
    }
}

/// A setting and a value it accepts, typed: what `set KEY VALUE` means once parsed.
public struct SettingAssignment: Sendable, Equatable, CustomStringConvertible {
    public let setting: Setting
    public let value: SettingValue

    /// The value in canonical words (`0.1`, `16,16`, `"csv:my data.csv"` unquoted).
    public var valueText: String { setting.text(of: value) }
    /// "lr 0.1".
    public var description: String { "\(setting.key) \(valueText)" }
}

extension TrainingConfiguration {
    /// Every setting, in the order `show config` lists them.
    public static let settings: [Setting] = [
        Setting(key: "dataset", aliases: ["data"], summary: "the data",
                accepts: DatasetSpec.builtInNames.joined(separator: ", ") + ", csv:PATH, idx:IMAGES,LABELS, with options as name:option=value,...",
                needsReset: true, completions: DatasetSpec.builtInNames + ["csv:", "idx:"], automaticWord: nil,
                parseValue: { v throws(NetworkError) in
                    guard !v.isEmpty else { throw .invalid("dataset: empty name") }
                    return .dataset(v)
                },
                read: { .dataset($0.dataset) },
                write: { c, v in
                    guard case let .dataset(text) = v else { return }
                    // The spec's standardize/no-standardize option is the `standardize` setting.
                    if var spec = try? DatasetSpec(parsing: text), let explicit = spec.standardizeOption {
                        spec.standardizeOption = nil
                        c.dataset = spec.description
                        c.standardize = explicit ? .on : .off
                    } else {
                        c.dataset = text
                    }
                }),
        Setting(key: "layers", aliases: [], summary: "hidden layer widths, comma-separated (e.g. 16,16)",
                accepts: "widths from 1 to \(maximumWidth), at most \(maximumHiddenLayers) layers, or none for no hidden layer",
                needsReset: true, completions: ["none"], automaticWord: nil,
                parseValue: { v throws(NetworkError) in
                    // One rule: every width is 1 to 65536, and "none" (only) means no hidden layer,
                    // so "0" is refused like the 0 in "16,0,16".
                    if v.trimmingSpaces.lowercased() == "none" { return .widths([]) }
                    var widths: [Int] = []
                    for part in v.split(separator: ",", omittingEmptySubsequences: false) {
                        guard let w = Int(part.trimmingSpaces), w >= 1, w <= maximumWidth else {
                            throw .invalid("layers \(v): '\(part)' is not a width from 1 to \(maximumWidth) (write 'none' for a network without hidden layers)")
                        }
                        widths.append(w)
                    }
                    guard widths.count <= maximumHiddenLayers else { throw .invalid("layers \(v): at most \(maximumHiddenLayers) hidden layers") }
                    return .widths(widths)
                },
                read: { .widths($0.hidden) },
                write: { c, v in
                    guard case let .widths(widths) = v else { return }
                    c.hidden = widths
                    c.layerActivations = c.layerActivations.filter { $0.key <= widths.count }
                }),
        Setting(key: "activation", aliases: ["act"], summary: "the hidden units",
                accepts: UnitKind.allNames.joined(separator: ", ") + ", as name:parameter for a parameter (elu:0.5, maxout:3)",
                needsReset: true, completions: UnitKind.allNames, automaticWord: nil,
                parseValue: { v throws(NetworkError) in .unit(try UnitKind(parsing: v)) },
                read: { .unit($0.activation) },
                write: { c, v in if case let .unit(u) = v { c.activation = u } }),
        Setting(key: "layer-activations", aliases: [], summary: "per-layer overrides of the activation",
                accepts: "LAYER=ACTIVATION,..., e.g. 1=tanh,3=relu, or none",
                needsReset: true, completions: ["none"], automaticWord: nil,
                parseValue: { v throws(NetworkError) in
                    if v == "none" { return .layerUnits([:]) }
                    var map: [Int: UnitKind] = [:]
                    for part in v.split(separator: ",") {
                        let kv = part.split(separator: "=", maxSplits: 1)
                        guard kv.count == 2, let layer = Int(kv[0]), layer >= 1 else {
                            throw .invalid("layer-activations: '\(part)' should be LAYER=ACTIVATION with LAYER a hidden layer's number from 1")
                        }
                        map[layer] = try UnitKind(parsing: String(kv[1]))
                    }
                    return .layerUnits(map)
                },
                read: { .layerUnits($0.layerActivations) },
                write: { c, v throws(NetworkError) in
                    guard case let .layerUnits(map) = v else { return }
                    // The layer count is the configuration's: checked here, when it is known.
                    if let layer = map.keys.sorted().first(where: { $0 > c.hidden.count }) {
                        throw .invalid("layer-activations: '\(layer)=\(map[layer]!.spec)' should be LAYER=ACTIVATION with LAYER from 1 to \(c.hidden.count)")
                    }
                    c.layerActivations = map
                }),
        Setting(key: "init", aliases: ["initializer"], summary: "the weight initialiser (auto: He for the ReLU family, Xavier otherwise)",
                accepts: "auto, " + Initializer.allCases.map(\.rawValue).joined(separator: ", "),
                needsReset: true, completions: ["auto"] + Initializer.allCases.map(\.rawValue), automaticWord: "auto",
                parseValue: { v throws(NetworkError) in
                    if v == "auto" { return .automatic }
                    guard let i = Initializer(name: v) else {
                        throw .invalid("init: unknown initialiser '\(v)'" + didYouMean(v, Initializer.allCases.map(\.rawValue) + Array(Initializer.aliases.keys)))
                    }
                    return .initializer(i)
                },
                read: { $0.initializer.map(SettingValue.initializer) ?? .automatic },
                write: { c, v in
                    if case let .initializer(i) = v { c.initializer = i } else if v == .automatic { c.initializer = nil }
                }),
        .number("init-scale", "multiplies every initial weight", NumberRange(0...1e30), needsReset: true, \.initScale),
        .number("bias-init", aliases: ["bias"], "initial value of every bias (negative values kill ReLUs)", .finite, needsReset: true, \.biasInit),
        Setting(key: "optimizer", aliases: ["opt"], summary: "the update rule",
                accepts: OptimizerKind.allCases.map(\.rawValue).joined(separator: ", "),
                needsReset: false, completions: OptimizerKind.allCases.map(\.rawValue), automaticWord: nil,
                parseValue: { v throws(NetworkError) in
                    guard let k = OptimizerKind(name: v) else {
                        throw .invalid("optimizer: unknown optimizer '\(v)'" + didYouMean(v, OptimizerKind.allCases.map(\.rawValue)))
                    }
                    return .optimizer(k)
                },
                read: { .optimizer($0.optimizer.kind) },
                write: { c, v in if case let .optimizer(k) = v { c.optimizer.kind = k } }),
        .number("lr", aliases: ["learning-rate", "learning_rate"], "learning rate", .positive, needsReset: false,
                presets: PlaygroundPresets.learningRates, \.optimizer.learningRate),
        .number("momentum", "momentum coefficient (optimizer momentum)", NumberRange(0...1), needsReset: false, \.optimizer.momentum),
        .number("beta1", "Adam's first-moment decay", NumberRange(0...0.999999), needsReset: false, \.optimizer.beta1),
        .number("beta2", "Adam's second-moment decay", NumberRange(0...0.999999999), needsReset: false, \.optimizer.beta2),
        .number("epsilon", "Adam's epsilon", NumberRange(1e-300...1), needsReset: false, \.optimizer.epsilon),
        .number("weight-decay", aliases: ["weight_decay"], "L2 penalty added to weight gradients (0 = off)", NumberRange(0...1e6),
                needsReset: false, presets: PlaygroundPresets.regularizationRates, \.optimizer.weightDecay),
        .number("clip", "largest global gradient norm (0 = no clipping)", NumberRange(0...1e300), needsReset: false, \.optimizer.clipNorm),
        .integer("batch", aliases: ["batch-size"], "mini-batch size", batchSizes, needsReset: false, \.batchSize),
        .number("val", aliases: ["validation"], "validation fraction (0 = no validation)", NumberRange(validationFractions), needsReset: true, \.validationFraction),
        .integer("patience", "early stopping: epochs without validation improvement (0 = off)", 0...1_000_000, needsReset: false, \.patience),
        Setting(key: "seed", aliases: [], summary: "random seed for data, initialisation and shuffling",
                accepts: "a whole number from 0 to \(UInt64.max)", needsReset: true, completions: [], automaticWord: nil,
                parseValue: { v throws(NetworkError) in
                    guard let s = UInt64(v) else { throw .invalid("seed \(v): '\(v)' is not a whole number from 0 to \(UInt64.max)") }
                    return .seed(s)
                },
                read: { .seed($0.seed) },
                write: { c, v in if case let .seed(s) = v { c.seed = s } }),
        Setting(key: "loss", aliases: [], summary: "the loss (auto: softmax cross-entropy for classes, MSE for regression)",
                accepts: "auto, " + Loss.allCases.map(\.rawValue).joined(separator: ", "),
                needsReset: true, completions: ["auto"] + Loss.allCases.map(\.rawValue), automaticWord: "auto",
                parseValue: { v throws(NetworkError) in
                    if v == "auto" { return .automatic }
                    guard let l = Loss(name: v) else {
                        throw .invalid("loss: unknown loss '\(v)'" + didYouMean(v, Loss.allCases.map(\.rawValue)))
                    }
                    return .loss(l)
                },
                read: { $0.loss.map(SettingValue.loss) ?? .automatic },
                write: { c, v in
                    if case let .loss(l) = v { c.loss = l } else if v == .automatic { c.loss = nil }
                }),
        Setting(key: "engine", aliases: [], summary: "where the gradients come from",
                accepts: GradientEngineKind.allCases.map(\.rawValue).joined(separator: ", "),
                needsReset: false, completions: GradientEngineKind.allCases.map(\.rawValue), automaticWord: nil,
                parseValue: { v throws(NetworkError) in
                    guard let e = GradientEngineKind(rawValue: v.lowercased()) else {
                        throw .invalid("engine: unknown engine '\(v)'" + didYouMean(v, GradientEngineKind.allCases.map(\.rawValue)))
                    }
                    return .engine(e)
                },
                read: { .engine($0.engine) },
                write: { c, v in if case let .engine(e) = v { c.engine = e } }),
        Setting(key: "standardize", aliases: [], summary: "standardise inputs with the training split's mean and std (auto: files yes, generated data no)",
                accepts: "auto, on, off", needsReset: true, completions: Standardization.allCases.map(\.rawValue), automaticWord: nil,
                parseValue: { v throws(NetworkError) in
                    if v.lowercased() == "auto" { return .standardization(.auto) }
                    guard let on = onOff(v) else { throw .invalid("standardize: '\(v)' should be auto, on or off") }
                    return .standardization(on ? .on : .off)
                },
                read: { .standardization($0.standardize) },
                write: { c, v in if case let .standardization(s) = v { c.standardize = s } }),
        Setting(key: "data-seed", aliases: [], summary: "seed of the generated data (auto: the same as seed)",
                accepts: "auto or a whole number from 0 to \(UInt64.max)", needsReset: true, completions: ["auto"], automaticWord: "auto",
                parseValue: { v throws(NetworkError) in
                    if v.lowercased() == "auto" { return .automatic }
                    guard let s = UInt64(v) else { throw .invalid("data-seed \(v): '\(v)' is not a whole number from 0 to \(UInt64.max), or auto") }
                    return .seed(s)
                },
                read: { $0.dataSeed.map(SettingValue.seed) ?? .automatic },
                write: { c, v in
                    if case let .seed(s) = v { c.dataSeed = s } else if v == .automatic { c.dataSeed = nil }
                }),
        Setting(key: "noise", aliases: [], summary: "noise as a share of the data's spread (Playground's 0-50)",
                accepts: "\(NumberRange(DatasetSpec.noiseShareRange)), or default: the generator's own", needsReset: true,
                completions: ["default"] + PlaygroundPresets.noiseShares, automaticWord: "default",
                parseValue: { v throws(NetworkError) in
                    if v.lowercased() == "default" { return .automatic }
                    return .number(try parseNumber(v, "noise", in: NumberRange(DatasetSpec.noiseShareRange)))
                },
                read: { $0.noise.map(SettingValue.number) ?? .automatic },
                write: { c, v in
                    if case let .number(x) = v { c.noise = x } else if v == .automatic { c.noise = nil }
                }),
        Setting(key: "features", aliases: [], summary: "inputs computed from 2-D points (raw: the points as they are)",
                accepts: "raw or a comma-separated list of " + InputFeature.allNames.joined(separator: ", "), needsReset: true,
                completions: ["raw"] + InputFeature.allNames, automaticWord: "raw",
                parseValue: { v throws(NetworkError) in
                    if v.lowercased() == "raw" { return .automatic }
                    do { return .features(try InputFeature.parseList(v)) } catch { throw .invalid("\(error)") }
                },
                read: { $0.features.map(SettingValue.features) ?? .automatic },
                write: { c, v in
                    if case let .features(f) = v { c.features = f } else if v == .automatic { c.features = nil }
                }),
        .number("l1", "L1 penalty; a weight it pushes across zero is set to zero (0 = off)", NumberRange(0...1e6), needsReset: false,
                presets: PlaygroundPresets.regularizationRates, \.optimizer.l1),
        Setting(key: "batch-norm", aliases: [], summary: "batch normalisation of every hidden layer (needs a batch of 2 or more)",
                accepts: "on or off", needsReset: true, completions: ["on", "off"], automaticWord: nil,
                parseValue: { v throws(NetworkError) in
                    guard let on = onOff(v) else { throw .invalid("batch-norm: '\(v)' should be on or off") }
                    return .toggle(on)
                },
                read: { .toggle($0.batchNorm) },
                write: { c, v in if case let .toggle(on) = v { c.batchNorm = on } }),
    ]

    /// The mini-batch sizes `batch` accepts (and `validate` checks).
    public static let batchSizes = 1...1_000_000
    /// The validation fractions `val` accepts (and `validate` checks).
    public static let validationFractions = 0.0...0.9
    /// Widest hidden layer a setting may ask for.
    public static let maximumWidth = 65_536
    /// Most hidden layers a setting may ask for.
    public static let maximumHiddenLayers = 64

    /// The setting named `key` (exact name, an alias such as "act" or "learning-rate", or a unique prefix).
    public static func setting(named key: String) throws(NetworkError) -> Setting {
        let k = key.lowercased()
        if let s = settings.first(where: { $0.key == k }) { return s }
        if let s = settings.first(where: { $0.aliases.contains(k) }) { return s }
        let matches = settings.filter { $0.key.hasPrefix(k) }
        if matches.count == 1, !k.isEmpty { return matches[0] }
        if matches.count > 1 {
            throw .invalid("'\(key)' is ambiguous: \(matches.map(\.key).joined(separator: ", "))")
        }
        throw .invalid("unknown setting '\(key)'" + didYouMean(key, settings.map(\.key)))
    }

    /// `set KEY VALUE` parsed: the setting `key` names and `value` read by its row.
    public static func assignment(_ key: String, _ value: String) throws(NetworkError) -> SettingAssignment {
        try setting(named: key).parse(value)
    }

    /// Applies a parsed value; the configuration is unchanged when it throws (a check that needs
    /// the rest of the configuration, or `validate`).
    public mutating func apply(_ assignment: SettingAssignment) throws(NetworkError) {
        var copy = self
        try assignment.setting.write(&copy, assignment.value)
        try copy.validate()
        self = copy
    }

    /// Sets `key` to `value` (parsed as `set` parses it); the configuration is unchanged when it throws.
    public mutating func set(_ key: String, _ value: String) throws(NetworkError) {
        try apply(TrainingConfiguration.assignment(key, value))
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
            let assignment = try TrainingConfiguration.assignment(key, value)
            try assignment.setting.write(&self, assignment.value)
        }
        try validate()
    }
}

extension Setting {
    /// A number setting stored at `path`, accepting `range`.
    static func number(_ key: String, aliases: [String] = [], _ summary: String, _ range: NumberRange, needsReset: Bool,
                       presets: [String] = [], _ path: WritableKeyPath<TrainingConfiguration, Double> & Sendable) -> Setting {
        Setting(key: key, aliases: aliases, summary: summary, accepts: range.description, needsReset: needsReset,
                completions: presets, automaticWord: nil,
                parseValue: { v throws(NetworkError) in .number(try parseNumber(v, key, in: range)) },
                read: { .number($0[keyPath: path]) },
                write: { c, v in if case let .number(x) = v { c[keyPath: path] = x } })
    }

    /// A whole-number setting stored at `path`, accepting `range`.
    static func integer(_ key: String, aliases: [String] = [], _ summary: String, _ range: ClosedRange<Int>, needsReset: Bool,
                        _ path: WritableKeyPath<TrainingConfiguration, Int> & Sendable) -> Setting {
        Setting(key: key, aliases: aliases, summary: summary, accepts: "a whole number from \(range.lowerBound) to \(range.upperBound)",
                needsReset: needsReset, completions: [], automaticWord: nil,
                parseValue: { v throws(NetworkError) in
                    guard let x = Int(v.trimmingSpaces) else { throw .invalid("\(key) \(v): '\(v)' is not a whole number") }
                    guard range.contains(x) else { throw .invalid("\(key) \(v): must be from \(range.lowerBound) to \(range.upperBound)") }
                    return .integer(x)
                },
                read: { .integer($0[keyPath: path]) },
                write: { c, v in if case let .integer(n) = v { c[keyPath: path] = n } })
    }
}

private func parseNumber(_ text: String, _ key: String, in range: NumberRange) throws(NetworkError) -> Double {
    guard let x = Double(text.trimmingSpaces), x.isFinite else { throw .invalid("\(key) \(text): '\(text)' is not a number") }
    guard range.contains(x) else { throw .invalid("\(key) \(text): must be \(range)") }
    return x
}

/// on/true/yes/1 or off/false/no/0.
private func onOff(_ text: String) -> Bool? {
    switch text.lowercased() {
    case "on", "true", "yes", "1": true
    case "off", "false", "no", "0": false
    default: nil
    }
}

extension StringProtocol {
    var trimmingSpaces: String {
        String(self.drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
    }
}
