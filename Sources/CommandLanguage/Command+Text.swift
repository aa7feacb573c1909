import CommandText

extension Command {
    /// The command's canonical line: the one printer of the command language. `CommandParser.parse`
    /// reads it back as this command (`parse(c.text) == c`, tested over every command and setting),
    /// so it is what session `event` records hold and what the TUI hands on. Words are quoted with
    /// `Tokenizer.quote` only when they need it (a path with a space, a quote or a `#`).
    public var text: String {
        switch self {
        case let .help(topic): return Self.line("help", topic)
        case let .show(target): return "show " + target.text
        case let .set(assignment): return Self.line("set", assignment.setting.key, assignment.valueText)
        case let .setInterface(assignment): return Self.line("set", assignment.key, assignment.valueText)
        case let .showSetting(key): return Self.line("set", key)
        case let .setParameter(parameter): return parameter.command
        case let .dataset(spec): return Self.line("dataset", spec)
        case let .step(epochs): return "step \(epochs)"
        case let .batch(count): return "batch \(count)"
        case let .run(epochs): return epochs.map { "run \($0)" } ?? "run"
        case .pause: return "pause"
        case .reset: return "reset"
        case let .save(path, force): return Self.line("save", force ? "--force" : nil, path)
        case let .load(path): return Self.line("load", path)
        case let .replay(path): return Self.line("replay", path)
        case let .export(path, session): return Self.line("export", path, session.map { _ in "from" }, session)
        case .gradcheck: return "gradcheck"
        case let .inspect(example): return "inspect \(example)"
        case let .graph(expression, values):
            let at = values.isEmpty ? nil : values.map { "\($0.name)=\($0.value)" }.joined(separator: ",")
            return Self.line("graph", expression, at.map { _ in "at" }, at)
        case .quit: return "quit"
        }
    }

    /// `name` and the present words, each quoted when it needs it.
    private static func line(_ name: String, _ words: String?...) -> String {
        ([name] + words.compactMap { $0.map(Tokenizer.quote) }).joined(separator: " ")
    }
}

extension ShowTarget {
    /// The words after `show`.
    public var text: String {
        switch self {
        case .config: "config"
        case .metrics: "metrics"
        case .layers: "layers"
        case let .activation(name): name.map { "activation " + Tokenizer.quote($0) } ?? "activation"
        }
    }
}
