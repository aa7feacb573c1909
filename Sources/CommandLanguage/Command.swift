import NeuralNetwork

/// A parsed command line with typed arguments. `CommandParser` makes them; `Interpreter` runs them.
public enum Command: Equatable, Sendable {
    /// The command table, or one command's (or setting's) usage.
    case help(topic: String?)
    case show(ShowTarget)
    /// `set KEY VALUE` of a training setting: the setting and its value, typed and validated.
    case set(SettingAssignment)
    /// `set speed VALUE`, `set recording-budget VALUE`: a setting of the interface, not of the run.
    case setInterface(InterfaceAssignment)
    /// `set KEY` alone: print the setting (`key` canonical: `act` → `activation`).
    case showSetting(key: String)
    /// `set weight L I J VALUE` / `set bias L J VALUE`: one parameter of the current network.
    case setParameter(HandSetParameter)
    /// Switch dataset: the spec the dataset parser reads (name and options).
    case dataset(spec: String)
    /// Train whole epochs.
    case step(epochs: Int)
    /// Train mini-batches.
    case batch(count: Int)
    /// Start continuous training (TUI); outside the TUI `run N` is `step N`.
    case run(epochs: Int?)
    case pause
    /// A new network with the current settings.
    case reset
    /// `save FILE`; `force` (`save --force FILE`) replaces a file this run did not save.
    case save(path: String, force: Bool = false)
    case load(path: String)
    case replay(path: String)
    /// `export FILE.csv [from SESSION]`: the current run's epochs, or a session file's.
    case export(path: String, session: String? = nil)
    case gradcheck
    /// `inspect N`: the backprop inspector on training example N at the current weights.
    case inspect(example: Int)
    /// An expression with optional variable values (`graph x*y+sin(x) at x=1,y=2`).
    case graph(expression: String, values: [VariableValue])
    case quit

    /// The command's name in the table (`set`, `step`, ...).
    public var name: String {
        switch self {
        case .help: "help"
        case .show: "show"
        case .set, .setInterface, .showSetting, .setParameter: "set"
        case .dataset: "dataset"
        case .step: "step"
        case .batch: "batch"
        case .run: "run"
        case .pause: "pause"
        case .reset: "reset"
        case .save: "save"
        case .load: "load"
        case .replay: "replay"
        case .export: "export"
        case .gradcheck: "gradcheck"
        case .inspect: "inspect"
        case .graph: "graph"
        case .quit: "quit"
        }
    }

    /// True for commands that train (and may take long): step, batch, run, gradcheck, replay, load.
    public var trains: Bool {
        switch self {
        case .step, .batch, .run, .gradcheck, .replay, .load: true
        default: false
        }
    }

    /// True for commands that read or write files.
    public var usesFiles: Bool {
        switch self {
        case .save, .load, .replay, .export: true
        default: false
        }
    }
}

extension Command {
    /// `set KEY VALUE` from words, parsed as the command line parses it (the keys' bindings and
    /// `--KEY VALUE` options use it: one parse, one message).
    public static func set(key: String, value: String) throws(CommandError) -> Command {
        guard let command = try CommandParser.parse(tokens: [Token("set", column: 1), Token(key, column: 5), Token(value, column: 6 + key.count)]) else {
            throw CommandError("set: expected KEY VALUE")
        }
        return command
    }
}

/// What `show` shows.
public enum ShowTarget: Equatable, Sendable {
    case config
    case metrics
    case layers
    /// An activation function's formula and properties; nil: the hidden layers' activation.
    case activation(String?)
}

/// A variable's value for `graph … at x=1`.
public struct VariableValue: Equatable, Sendable {
    public var name: String
    public var value: Double

    public init(name: String, value: Double) {
        self.name = name
        self.value = value
    }
}
