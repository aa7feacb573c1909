import Testing
import NeuralNetwork
@testable import Commands

struct ParserTests {
    static let valid: [(String, Command?)] = [
        ("", nil),
        ("# comment", nil),
        ("help", .help(topic: nil)),
        ("help step", .help(topic: "step")),
        ("?", .help(topic: nil)),
        ("show config", .show(.config)),
        ("sh met", .show(.metrics)),
        ("show layers", .show(.layers)),
        ("show activation elu", .show(.activation("elu"))),
        ("show act", .show(.activation(nil))),
        ("set lr 0.05", assign("lr", "0.05")),
        ("set act relu", assign("activation", "relu")),
        ("se learning-rate 1", assign("lr", "1")),
        ("set lr", .showSetting(key: "lr")),
        ("set speed", .showSetting(key: "speed")),
        ("set speed 2.5", .setInterface(.speed(.epochsPerSecond(2.5)))),
        ("set recording-budget 5", .setInterface(.recordingBudget(megabytes: 5))),
        ("set layers 8, 8", assign("layers", "8,8")),
        ("dataset xor", .dataset(spec: "xor")),
        ("dataset spiral classes=5 noise=0.1", .dataset(spec: "spiral:classes=5,noise=0.1")),
        ("dataset spiral:classes=5 noise=0.1", .dataset(spec: "spiral:classes=5,noise=0.1")),
        ("dataset csv:a.csv no-header", .dataset(spec: "csv:a.csv:no-header")),
        ("step", .step(epochs: 1)),
        ("st 3", .step(epochs: 3)),
        ("STEP 2", .step(epochs: 2)),
        ("batch 7", .batch(count: 7)),
        ("b", .batch(count: 1)),
        ("run", .run(epochs: nil)),
        ("run 5", .run(epochs: 5)),
        ("pause", .pause),
        ("reset", .reset),
        ("save run.jsonl", .save(path: "run.jsonl")),
        ("load 'my run.jsonl'", .load(path: "my run.jsonl")),
        ("replay r.jsonl", .replay(path: "r.jsonl")),
        ("export e.csv", .export(path: "e.csv")),
        ("gradcheck", .gradcheck),
        ("inspect 0", .inspect(example: 0)),
        ("insp 12", .inspect(example: 12)),
        ("graph x*y + sin(x)", .graph(expression: "x*y + sin(x)", values: [])),
        ("graph \"x*y\" at x=1, y=-2.5", .graph(expression: "x*y", values: [VariableValue(name: "x", value: 1), VariableValue(name: "y", value: -2.5)])),
        ("quit", .quit),
        ("exit", .quit),
    ]

    @Test(arguments: valid)
    func parses(line: String, command: Command?) throws {
        #expect(try CommandParser.parse(line) == command)
    }

    static let invalid: [(String, String)] = [
        ("s", "'s' is ambiguous: it could be show, set, step, save"),
        ("re", "'re' is ambiguous: it could be reset, replay"),
        ("stpe 3", "unknown command 'stpe': did you mean 'step'? (type `help` for the list)"),
        ("set activaton relu", "set: unknown setting 'activaton': did you mean 'activation'?"),
        ("set", "set: expected KEY VALUE; keys: dataset, layers, activation, layer-activations, init, init-scale, bias-init, optimizer, lr, momentum, beta1, beta2, epsilon, weight-decay, clip, batch, val, patience, seed, loss, engine, standardize, data-seed, noise, features, l1, batch-norm"),
        ("step abc", "step abc: 'abc' is not a whole number"),
        ("step 0", "step 0: N must be between 1 and 100000"),
        ("step 1000000", "step 1000000: N must be between 1 and 100000"),
        ("batch -1", "batch -1: N must be between 1 and 1000000"),
        ("step 1 2", "step takes at most 1 argument (unexpected '2'); usage: step [N]"),
        ("reset now", "reset takes no arguments (unexpected 'now'); usage: reset"),
        ("show", "show: what? one of config, metrics, layers, activation; usage: show config|metrics|layers|activation [NAME]"),
        ("show confg", "show: unknown target 'confg': did you mean 'config'?; one of config, metrics, layers, activation"),
        ("save", "save: expected one file name; usage: save [--force] FILE"),
        ("save a b", "save: expected one file name; usage: save [--force] FILE"),
        ("graph", "graph: expected an expression; usage: graph EXPRESSION [at x=1,y=2]"),
        ("graph x at x=abc", "graph: 'abc' (the value of x) is not a number"),
        ("graph x at 1x=2", "graph: '1x=2' should be NAME=VALUE, e.g. x=1.5"),
        ("graph x at x=1,x=2", "graph: x is given twice"),
        ("dataset", "dataset: expected a dataset name; usage: dataset NAME [OPTIONS]"),
        ("set lr \"0.1", "unterminated \" quote starting at column 8"),
    ]

    @Test(arguments: invalid)
    func rejects(line: String, message: String) {
        #expect { try CommandParser.parse(line) } throws: { ($0 as? CommandError)?.message == message }
    }
}

/// `set KEY VALUE` as the parser makes it.
func assign(_ key: String, _ value: String) -> Command {
    .set(try! TrainingConfiguration.assignment(key, value))
}
