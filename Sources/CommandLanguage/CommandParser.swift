import NeuralNetwork
import Spelling

/// Turns a command line into a `Command`, checking everything that does not depend on the
/// experiment's state: the command and setting names (abbreviations, aliases, "did you mean"),
/// argument counts, numbers and their ranges.
public enum CommandParser {
    /// Largest N for `step N` and `run N`.
    public static let maximumEpochs = 100_000
    /// Largest N for `batch N`.
    public static let maximumBatches = 1_000_000

    /// The command on `line`, or nil for a blank line or a comment.
    public static func parse(_ line: String) throws(CommandError) -> Command? {
        try parse(tokens: Tokenizer.tokenize(line))
    }

    public static func parse(tokens: [Token]) throws(CommandError) -> Command? {
        guard let first = tokens.first else { return nil }
        let entry = try CommandHelp.resolve(first.text)
        let arguments = tokens.dropFirst().map(\.text)
        let name = entry.name
        switch name {
        case "help":
            try expect(arguments, atMost: 1, for: entry)
            return .help(topic: arguments.first)
        case "show":
            return .show(try showTarget(arguments, entry))
        case "set":
            guard let key = arguments.first else {
                throw CommandError("set: expected KEY VALUE; keys: " + TrainingConfiguration.settings.map(\.key).joined(separator: ", "))
            }
            if HandSetParameter.isHandSet(key: key, wordCount: arguments.count - 1) {
                do { return .setParameter(try HandSetParameter(kind: key.lowercased(), arguments: Array(arguments.dropFirst()))) } catch {
                    throw CommandError("\(error)")
                }
            }
            let value = arguments.count > 1 ? arguments.dropFirst().joined(separator: " ") : nil
            let interface = InterfaceSetting.named(key, exactOnly: true)
            let setting: Setting
            if let interface { return try self.interface(interface, value) }
            do { setting = try TrainingConfiguration.setting(named: key) } catch {
                if let interface = InterfaceSetting.named(key, exactOnly: false) { return try self.interface(interface, value) }
                throw CommandError("set: \(error)")
            }
            guard let value else { return .showSetting(key: setting.key) }
            do { return .set(try setting.parse(value)) } catch { throw settingError(setting.key, value, error) }
        case "dataset":
            guard !arguments.isEmpty, !arguments[0].isEmpty else { throw CommandError("dataset: expected a dataset name; usage: \(entry.usage)") }
            return .dataset(spec: datasetSpec(name: arguments[0], options: Array(arguments.dropFirst())))
        case "step":
            return .step(epochs: try count(arguments, entry, default: 1, maximum: maximumEpochs))
        case "batch":
            return .batch(count: try count(arguments, entry, default: 1, maximum: maximumBatches))
        case "run":
            return .run(epochs: arguments.isEmpty ? nil : try count(arguments, entry, default: 1, maximum: maximumEpochs))
        case "pause":
            try expect(arguments, atMost: 0, for: entry)
            return .pause
        case "reset":
            try expect(arguments, atMost: 0, for: entry)
            return .reset
        case "export":
            guard arguments.count == 1 || (arguments.count == 3 && arguments[1].lowercased() == "from"),
                  !arguments[0].isEmpty, arguments.last?.isEmpty == false else {
                throw CommandError("export: expected a CSV file name and optionally `from SESSION`; usage: \(entry.usage)")
            }
            return .export(path: arguments[0], session: arguments.count == 3 ? arguments[2] : nil)
        case "save":
            let force = arguments.contains("--force")
            let paths = arguments.filter { $0 != "--force" }
            guard paths.count == 1, !paths[0].isEmpty else {
                throw CommandError("save: expected one file name; usage: \(entry.usage)")
            }
            return .save(path: paths[0], force: force)
        case "load", "replay":
            guard arguments.count == 1, !arguments[0].isEmpty else {
                throw CommandError("\(name): expected one file name; usage: \(entry.usage)")
            }
            let path = arguments[0]
            return name == "load" ? .load(path: path) : .replay(path: path)
        case "gradcheck":
            try expect(arguments, atMost: 0, for: entry)
            return .gradcheck
        case "inspect":
            try expect(arguments, atMost: 1, for: entry)
            guard let text = arguments.first else { throw CommandError("inspect: expected an example number N (0 is the first training example); usage: \(entry.usage)") }
            guard let n = Int(text), n >= 0 else { throw CommandError("inspect \(text): N must be a whole number from 0 (the first training example)") }
            return .inspect(example: n)
        case "graph":
            return try graph(arguments, entry)
        case "quit":
            try expect(arguments, atMost: 0, for: entry)
            return .quit
        default:
            throw CommandError("unknown command '\(first.text)'")
        }
    }

    /// `set speed [VALUE]`, `set recording-budget [VALUE]`.
    private static func interface(_ setting: InterfaceSetting, _ value: String?) throws(CommandError) -> Command {
        guard let value else { return .showSetting(key: setting.key) }
        return .setInterface(try InterfaceAssignment.parse(key: setting.key, value: value))
    }

    /// The error for a value a setting refused, phrased "set KEY VALUE: what is wrong" (`dataset
    /// VALUE: ...` for the dataset), whether the parse or the experiment refused it.
    public static func settingError(_ key: String, _ value: String, _ error: NetworkError) -> CommandError {
        var message = error.description
        for prefix in ["\(key) \(value): ", "\(key): "] where message.hasPrefix(prefix) {
            message.removeFirst(prefix.count)
            break
        }
        let command = key == "dataset" ? "dataset \(value)" : "set \(key) \(value)"
        return CommandError("\(command): \(message)")
    }

    /// The dataset spec for `dataset NAME OPTION...`: the options join the name's option list
    /// (`dataset spiral classes=5 noise=0.1` → `spiral:classes=5,noise=0.1`, `dataset csv:a.csv
    /// no-header` → `csv:a.csv:no-header`). One word is passed through as the whole spec.
    public static func datasetSpec(name: String, options: [String]) -> String {
        guard !options.isEmpty else { return name }
        let list = options.joined(separator: ",")
        let lower = name.lowercased()
        let isFile = lower.hasPrefix("csv:") || lower.hasPrefix("idx:")
        let separator = !isFile && name.contains(":") && !name.hasSuffix(":") ? "," : (name.hasSuffix(":") ? "" : ":")
        return name + separator + list
    }

    /// The words `show` accepts, in completion order.
    public static let showTargets = ["config", "metrics", "layers", "activation"]

    private static func showTarget(_ arguments: [String], _ entry: CommandHelp) throws(CommandError) -> ShowTarget {
        guard let word = arguments.first else {
            throw CommandError("show: what? one of \(showTargets.joined(separator: ", ")); usage: \(entry.usage)")
        }
        let aliases = ["settings": "config", "configuration": "config", "act": "activation", "net": "layers", "network": "layers"]
        let key = word.lowercased()
        let target: String
        if showTargets.contains(key) {
            target = key
        } else if let aliased = aliases[key] {
            target = aliased
        } else {
            let matches = showTargets.filter { $0.hasPrefix(key) }
            if matches.count == 1 {
                target = matches[0]
            } else {
                throw CommandError("show: unknown target '\(word)'" + didYouMean(word, showTargets) + "; one of \(showTargets.joined(separator: ", "))")
            }
        }
        if target == "activation" {
            try expect(Array(arguments.dropFirst()), atMost: 1, for: entry)
            return .activation(arguments.count > 1 ? arguments[1] : nil)
        }
        try expect(Array(arguments.dropFirst()), atMost: 0, for: CommandHelp(name: "show \(target)", usage: entry.usage, summary: ""))
        switch target {
        case "config": return .config
        case "metrics": return .metrics
        default: return .layers
        }
    }

    private static func graph(_ arguments: [String], _ entry: CommandHelp) throws(CommandError) -> Command {
        let split = arguments.firstIndex { $0.lowercased() == "at" } ?? arguments.endIndex
        let expression = arguments[..<split].joined(separator: " ")
        guard !expression.trimmingCharacters(in: " ").isEmpty else {
            throw CommandError("graph: expected an expression; usage: \(entry.usage)")
        }
        var values: [VariableValue] = []
        if split < arguments.endIndex {
            let assignments = arguments[(split + 1)...].joined(separator: ",").split(separator: ",")
            guard !assignments.isEmpty else { throw CommandError("graph: expected NAME=VALUE after 'at'") }
            for assignment in assignments {
                let parts = assignment.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                guard parts.count == 2, isIdentifier(parts[0]) else {
                    throw CommandError("graph: '\(assignment)' should be NAME=VALUE, e.g. x=1.5")
                }
                guard let value = Double(parts[1]), value.isFinite else {
                    throw CommandError("graph: '\(parts[1])' (the value of \(parts[0])) is not a number")
                }
                guard !values.contains(where: { $0.name == parts[0] }) else {
                    throw CommandError("graph: \(parts[0]) is given twice")
                }
                values.append(VariableValue(name: String(parts[0]), value: value))
            }
        }
        return .graph(expression: expression, values: values)
    }

    private static func isIdentifier(_ word: Substring) -> Bool {
        guard let first = word.first, first.isASCII, first.isLetter || first == "_" else { return false }
        return word.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
    }

    private static func count(_ arguments: [String], _ entry: CommandHelp, default fallback: Int, maximum: Int) throws(CommandError) -> Int {
        try expect(arguments, atMost: 1, for: entry)
        guard let text = arguments.first else { return fallback }
        guard let n = Int(text) else { throw CommandError("\(entry.name) \(text): '\(text)' is not a whole number") }
        guard (1...maximum).contains(n) else { throw CommandError("\(entry.name) \(text): N must be between 1 and \(maximum)") }
        return n
    }

    private static func expect(_ arguments: [String], atMost limit: Int, for entry: CommandHelp) throws(CommandError) {
        guard arguments.count > limit else { return }
        let extra = arguments[limit...].map { "'\($0)'" }.joined(separator: " ")
        let what = limit == 0 ? "takes no arguments" : "takes at most \(limit) argument\(limit == 1 ? "" : "s")"
        throw CommandError("\(entry.name) \(what) (unexpected \(extra)); usage: \(entry.usage)")
    }
}

extension String {
    func trimmingCharacters(in set: Character) -> String {
        String(drop { $0 == set }.reversed().drop { $0 == set }.reversed())
    }
}
