import Foundation
import NeuralNetwork
import Sessions
import Testing
@testable import Commands

@Suite("Hand-set weights and biases")
struct HandSetParameterTests {
    private func interpreter(_ lines: [String]) throws -> Interpreter {
        var configuration = TrainingConfiguration()
        try configuration.set("dataset", "xor")
        try configuration.set("layers", "2")
        try configuration.set("activation", "tanh")
        let interpreter = Interpreter(experiment: try Experiment(configuration: configuration), programVersion: "test")
        for line in lines {
            let result = interpreter.execute(line: line)
            if let error = result.error { throw error }
        }
        return interpreter
    }

    private func events(_ interpreter: Interpreter) -> [String] {
        interpreter.journal.entries.compactMap { if case let .event(command, _, _) = $0 { return command.text } else { return nil } }
    }

    @Test("a 2-2-2 tanh network set entirely by hand gives the output computed here by hand")
    func predictedOutput() throws {
        // Layer 1: W = [[1, -1], [0.5, 2]] (rows: inputs x1, x2), b = [0, 0.25]; layer 2: W = [[2, 0], [0, -3]], b = [0.1, -0.1].
        let lines = ["set weight 1 1 1 1.0", "set weight 1 1 2 -1.0", "set weight 1 2 1 0.5", "set weight 1 2 2 2.0",
                     "set bias 1 1 0.0", "set bias 1 2 0.25",
                     "set weight 2 1 1 2.0", "set weight 2 1 2 0.0", "set weight 2 2 1 0.0", "set weight 2 2 2 -3.0",
                     "set bias 2 1 0.1", "set bias 2 2 -0.1"]
        let interpreter = try interpreter(lines)
        let trainer = interpreter.experiment.trainer
        let point = [0.3, -0.6]
        let h1 = tanh(0.3 * 1 + -0.6 * 0.5 + 0), h2 = tanh(0.3 * -1 + -0.6 * 2 + 0.25)
        let z1 = 2 * h1 + 0.1, z2 = -3 * h2 - 0.1
        let p2 = 1 / (1 + exp(z1 - z2))
        let predicted = trainer.predict(points: point, count: 1)
        #expect(abs(predicted[1] - p2) < 1e-6)
        #expect(abs(predicted[0] - (1 - p2)) < 1e-6)
        #expect(events(interpreter) == lines)
    }

    @Test("hand-set weights are recorded as events, and replay --verify re-applies them bit for bit")
    func replayed() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("nnscope-handset-\(getpid()).jsonl").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let interpreter = try interpreter(["step 2", "set weight 2 1 2 -1.25", "batch 3", "set bias 1 2 0.5", "step 2", "save \(path)"])
        let contents = try SessionReader.read(path: path)
        #expect(contents.events.map(\.command) == ["set weight 2 1 2 -1.25", "set bias 1 2 0.5"])
        let report = try SessionVerifier.verify(path: path)
        #expect(report.succeeded, "\(report)")
        #expect(report.eventsApplied == 2)
        _ = interpreter
    }

    @Test("bad hand-set lines are refused with the usage and change nothing", arguments: [
        ("set weight 3 1 1 0.5", "layer 3 does not exist; layers are 1 to 2"),
        ("set weight 1 3 1 0.5", "so I is 1 to 2"),
        ("set weight 1 1 3 0.5", "so J is 1 to 2"),
        ("set weight 0 1 1 0.5", "L '0' is not a whole number from 1"),
        ("set weight 1 1 1 nan", "not a finite number"),
        ("set weight 1 1 0.5", "expected 4 values"),
        ("set bias 1 5 0.5", "so J is 1 to 2"),
    ])
    func refused(line: String, message: String) throws {
        let interpreter = try interpreter([])
        let before = interpreter.experiment.trainer.network
        let result = interpreter.execute(line: line)
        #expect(result.error?.description.contains(message) == true, "\(result.error?.description ?? "accepted")")
        #expect(interpreter.experiment.trainer.network == before)
        #expect(events(interpreter).isEmpty)
    }

    @Test("set bias X alone still sets bias-init")
    func biasAlias() throws {
        let interpreter = try interpreter(["set bias 0.5"])
        #expect(interpreter.experiment.configuration.biasInit == 0.5)
    }
}

@Suite("Playground presets in completion")
struct PresetCompletionTests {
    @Test("Tab offers Playground's learning-rate, regularisation-rate and noise menus, and the new settings' words")
    func presets() {
        #expect(Completer.complete(line: "set lr ", cursor: 7) == PlaygroundPresets.learningRates)
        #expect(Completer.complete(line: "set lr 0.0", cursor: 10) == ["0.00001", "0.0001", "0.001", "0.003", "0.01", "0.03"])
        #expect(Completer.complete(line: "set l1 ", cursor: 7) == PlaygroundPresets.regularizationRates)
        #expect(Completer.complete(line: "set weight-decay 0.0", cursor: 20) == ["0.001", "0.003", "0.01", "0.03"])
        #expect(Completer.complete(line: "set noise 0.4", cursor: 13) == ["0.4", "0.45"])
        #expect(Completer.complete(line: "set layers n", cursor: 12) == ["none"])
        #expect(Completer.complete(line: "set features s", cursor: 14) == ["sin(x1)", "sin(x2)"])
        // Every completion word is a value its setting accepts.
        for setting in TrainingConfiguration.settings {
            for value in setting.completions where !value.hasSuffix(":") {
                let key = setting.key
                var c = TrainingConfiguration()
                #expect(throws: Never.self) { try c.set(key, value) }
            }
        }
    }
}
