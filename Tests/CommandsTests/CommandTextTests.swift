import Testing
import NeuralNetwork
import SettingSamples
@testable import Commands

/// The printer (`Command.text`) and the parser are inverse: parse(print(c)) == c.
struct CommandTextTests {
    /// Paths a user may type: spaces, quotes, backslashes, `#`, tabs, non-ASCII.
    static let paths = ["run.jsonl", "my runs/séance 1.jsonl", "数据 集/训练.jsonl", "it's \"quoted\".jsonl",
                        "back\\slash #hash.jsonl", "tab\there.jsonl", "from", "at"]

    /// At least one value of every command, with awkward words where the command takes any.
    static var commands: [Command] {
        var commands: [Command] = [
            .help(topic: nil), .help(topic: "step"), .help(topic: "set"),
            .show(.config), .show(.metrics), .show(.layers), .show(.activation(nil)), .show(.activation("elu:0.5")),
            .showSetting(key: "lr"), .showSetting(key: "speed"), assign("layers", "8, 8"), assign("dataset", "csv:my data/ä b.csv"),
            .setInterface(.speed(.unlimited)), .setInterface(.speed(.epochsPerSecond(0.125))), .setInterface(.recordingBudget(megabytes: 2.5)),
            .setParameter(HandSetParameter(layer: 1, target: .weight(input: 2, unit: 3), value: -0.1)),
            .setParameter(HandSetParameter(layer: 2, target: .bias(unit: 1), value: 1e-300)),
            .dataset(spec: "spiral:classes=5,noise=0.1"), .dataset(spec: "csv:my data/ä b.csv:no-header"),
            .step(epochs: 1), .step(epochs: CommandParser.maximumEpochs), .batch(count: 1), .batch(count: 7),
            .run(epochs: nil), .run(epochs: 5), .pause, .reset, .gradcheck, .inspect(example: 0), .inspect(example: 12),
            .graph(expression: "x*y+sin(x)", values: []),
            .graph(expression: "x * y + exp(-x)", values: [VariableValue(name: "x", value: 1.5), VariableValue(name: "y", value: -2e-7)]),
            .quit,
        ]
        for path in paths where path != "--force" {
            commands += [.save(path: path), .save(path: path, force: true), .load(path: path), .replay(path: path),
                         .export(path: path), .export(path: path, session: paths[1])]
        }
        return commands
    }

    @Test("parse(print(c)) == c for every command, quoted paths with spaces and non-ASCII included")
    func everyCommand() throws {
        let commands = Self.commands
        // Every command of the table has a value here.
        #expect(Set(commands.map(\.name)) == Set(CommandHelp.table.map(\.name)))
        for command in commands {
            let text = command.text
            #expect(try CommandParser.parse(text) == command, "\(text)")
        }
    }

    @Test("parse(print(c)) == c and the text is stable for every setting: samples, completion words, the default, paths with spaces and non-ASCII")
    func everySetting() throws {
        let keys = TrainingConfiguration.settings.map(\.key) + InterfaceSetting.all.map(\.key)
        #expect(keys.count == Set(keys).count)
        #expect(Set(SettingSamples.valid.keys) == Set(TrainingConfiguration.settings.map(\.key)))
        for setting in TrainingConfiguration.settings {
            let values = SettingSamples.valid[setting.key, default: []] + setting.completions.filter { !$0.hasSuffix(":") }
                + [setting.defaultValue]
            #expect(values.count >= 3, "\(setting.key)")
            for value in values {
                let command = Command.set(try setting.parse(value))
                let text = command.text
                let back = try CommandParser.parse(text)
                #expect(back == command, "\(text)")
                #expect(back?.text == text, "\(text)")
                // Typed from the parse on: the same value however it was spelt.
                #expect(try CommandParser.parse("set \(setting.key) \(Tokenizer.quote(value))") == command, "\(setting.key) \(value)")
            }
        }
        for setting in InterfaceSetting.all {
            for value in setting.completions {
                let command = try Command.set(key: setting.key, value: value)
                #expect(try CommandParser.parse(command.text) == command, "\(command.text)")
                #expect(try CommandParser.parse(command.text)?.text == command.text)
            }
            #expect(try CommandParser.parse("set \(setting.key)") == .showSetting(key: setting.key))
        }
    }

    @Test("values are canonical in the text: one spelling per value")
    func canonicalValues() throws {
        #expect(try Command.set(key: "layers", value: "8, 8").text == "set layers 8,8")
        #expect(try Command.set(key: "lr", value: "0.10").text == "set lr 0.1")
        #expect(try Command.set(key: "opt", value: "ADAM").text == "set optimizer adam")
        #expect(try Command.set(key: "loss", value: "bce").text == "set loss binary-cross-entropy")
        #expect(try Command.set(key: "standardize", value: "yes").text == "set standardize on")
        #expect(try Command.set(key: "dataset", value: "csv:my data.csv").text == "set dataset \"csv:my data.csv\"")
        #expect(try Command.set(key: "speed", value: "max").text == "set speed max")
    }

    @Test("the printer writes plain words bare and quotes only what needs it")
    func canonicalForms() {
        #expect(assign("lr", "0.05").text == "set lr 0.05")
        #expect(Command.save(path: "my run.jsonl", force: true).text == "save --force \"my run.jsonl\"")
        #expect(Command.export(path: "e.csv", session: "s.jsonl").text == "export e.csv from s.jsonl")
        #expect(Command.graph(expression: "x*y", values: [VariableValue(name: "x", value: 1)]).text == "graph x*y at x=1.0")
        #expect(Command.step(epochs: 1).text == "step 1")
        #expect(Command.run(epochs: nil).text == "run")
    }

    @Test("events are journaled as commands and recorded as their canonical text")
    func journalHoldsCommands() throws {
        let interpreter = Interpreter(experiment: try Experiment(configuration: TrainingConfiguration()))
        _ = interpreter.execute(line: "se learning-rate 0.5")
        _ = interpreter.execute(line: "dataset 'xor'")
        guard case let .event(command, _, _)? = interpreter.journal.entries.first else { Issue.record("no event"); return }
        #expect(command == assign("lr", "0.5"))
        #expect(interpreter.journal.commands == ["set lr 0.5", "dataset xor"])
    }
}
