import NeuralNetwork
import Testing
@testable import Commands

/// A small, fast experiment: xor with 40 points, one hidden layer of 4.
func makeInterpreter(runsInBackground: Bool = false) throws -> Interpreter {
    var configuration = TrainingConfiguration()
    try configuration.set("layers", "4")
    try configuration.set("dataset", "xor:points=40")
    return Interpreter(experiment: try Experiment(configuration: configuration), runsInBackground: runsInBackground)
}

struct InterpreterTests {
    @Test func liveSettingKeepsWeightsAndIsRecorded() throws {
        let interpreter = try makeInterpreter()
        _ = interpreter.execute(line: "step 2")
        let weights = interpreter.experiment.trainer.network
        let result = interpreter.execute(line: "set lr 0.05")
        #expect(result.lines == ["lr 0.05 (was 0.1), from the next mini-batch"])
        #expect(result.changedState && !result.isError)
        #expect(interpreter.experiment.configuration.optimizer.learningRate == 0.05)
        #expect(interpreter.experiment.trainer.network == weights)
        #expect(interpreter.experiment.trainer.epoch == 2)
        #expect(interpreter.journal.commands == ["set lr 0.05"])
        guard case let .event(_, position, _) = interpreter.journal.entries.last else { Issue.record("no event"); return }
        #expect(position == RunPosition(generation: 1, epoch: 2, batch: 0))
    }

    @Test func structuralSettingReinitialises() throws {
        let interpreter = try makeInterpreter()
        _ = interpreter.execute(line: "step")
        let result = interpreter.execute(line: "set act tanh")
        #expect(result.lines.first?.hasPrefix("activation tanh: network re-initialised (epoch 0)") == true)
        #expect(interpreter.experiment.trainer.epoch == 0)
        #expect(interpreter.experiment.generation == 2)
        #expect(interpreter.experiment.configuration.activation.name == "tanh")
        #expect(interpreter.journal.commands == ["set activation tanh"])
    }

    /// (line, setting key, its value afterwards as `show config` prints it).
    static let settingEffects: [(String, String, String)] = [
        ("set activation elu:0.5", "activation", "elu:0.5"),
        ("set lr 0.2", "lr", "0.2"),
        ("set batch 4", "batch", "4"),
        ("set optimizer adam", "optimizer", "adam"),
        ("set momentum 0.5", "momentum", "0.5"),
        ("set beta1 0.8", "beta1", "0.8"),
        ("set init xavier", "init", "xavier"),
        ("set bias-init 0.1", "bias-init", "0.1"),
        ("set weight-decay 0.001", "weight-decay", "0.001"),
        ("set clip 1", "clip", "1.0"),
        ("set layers 3,2", "layers", "3,2"),
        ("set seed 7", "seed", "7"),
        ("set val 0.3", "val", "0.3"),
        ("set patience 4", "patience", "4"),
        ("set engine backprop", "engine", "backprop"),
        ("dataset circle points=30", "dataset", "circle:points=30"),
    ]

    @Test(arguments: settingEffects)
    func setChangesTheConfiguration(line: String, key: String, value: String) throws {
        let interpreter = try makeInterpreter()
        let result = interpreter.execute(line: line)
        #expect(!result.isError, "\(result.lines)")
        #expect(try TrainingConfiguration.setting(named: key).value(in: interpreter.experiment.configuration) == value)
        #expect(interpreter.journal.commands.count == 1)
    }

    static let errors: [(String, String)] = [
        ("set lr abc", "set lr abc: 'abc' is not a number"),
        ("set lr -1", "set lr -1: must be above 0"),
        ("set act leaky-rleu", "set activation leaky-rleu: unknown activation 'leaky-rleu': did you mean 'leaky-relu'?"),
        ("set optimizer adma", "set optimizer adma: unknown optimizer 'adma': did you mean 'adam'?"),
        ("set activaton relu", "set: unknown setting 'activaton': did you mean 'activation'?"),
        ("stpe", "unknown command 'stpe': did you mean 'step'? (type `help` for the list)"),
        ("s 3", "'s' is ambiguous: it could be show, set, step, save"),
        ("set layers 65536,65536", "set layers 65536,65536: the network 2-65536-65536-2 would have 4295360514 parameters; at most 20000000 are allowed: use narrower layers"),
        ("show activation tahn", "show activation tahn: unknown activation 'tahn': did you mean 'tanh'?"),
        ("help stepp", "help: no command or setting 'stepp': did you mean 'step'?"),
        ("run", "run: outside the TUI give a number of epochs (run N, the same as step N)"),
    ]

    @Test(arguments: errors)
    func errorsChangeNothing(line: String, message: String) throws {
        let interpreter = try makeInterpreter()
        _ = interpreter.execute(line: "step")
        let before = interpreter.experiment.configuration
        let weights = interpreter.experiment.trainer.network
        let result = interpreter.execute(line: line)
        #expect(result.error?.message == message)
        #expect(result.lines == [message])
        #expect(!result.changedState)
        #expect(interpreter.experiment.configuration == before)
        #expect(interpreter.experiment.trainer.network == weights)
        #expect(interpreter.experiment.generation == 1)
        #expect(interpreter.journal.commands.isEmpty)
    }

    @Test func stepPrintsOneLinePerEpochAndRecordsThem() throws {
        let interpreter = try makeInterpreter()
        let result = interpreter.execute(line: "step 3")
        #expect(result.lines.count == 3)
        for (i, line) in result.lines.enumerated() {
            #expect(line.hasPrefix("epoch \(i + 1)  loss "))
            #expect(line.contains("acc ") && line.contains("grad "))
        }
        #expect(interpreter.experiment.trainer.epoch == 3)
        #expect(interpreter.journal.epochs.map(\.epoch) == [1, 2, 3])
        #expect(interpreter.execute(line: "run 2").lines.first?.hasPrefix("epoch 4") == true)
    }

    @Test func batchTrainsMiniBatches() throws {
        let interpreter = try makeInterpreter()
        _ = interpreter.execute(line: "set batch 4")
        let result = interpreter.execute(line: "batch 3")
        #expect(interpreter.experiment.trainer.batchInEpoch == 3)
        #expect(result.lines.last?.hasPrefix("3 batches: epoch 0, batch 3 of 8, last batch loss ") == true)
    }

    @Test func resetStartsAgain() throws {
        let interpreter = try makeInterpreter()
        let initial = interpreter.experiment.trainer.network
        _ = interpreter.execute(line: "step 2")
        let result = interpreter.execute(line: "reset")
        #expect(result.lines.first?.hasPrefix("reset: network re-initialised (epoch 0)") == true)
        #expect(interpreter.experiment.trainer.epoch == 0)
        #expect(interpreter.experiment.trainer.network == initial)
        #expect(interpreter.journal.commands == ["reset"])
    }

    @Test func runAndPauseInTheTUIRequestTheBackgroundLoop() throws {
        let interpreter = try makeInterpreter(runsInBackground: true)
        #expect(interpreter.execute(line: "run").runRequest == .start(epochs: nil))
        #expect(interpreter.execute(line: "run 5").runRequest == .start(epochs: 5))
        #expect(interpreter.execute(line: "pause").runRequest == .pause)
        #expect(interpreter.experiment.trainer.epoch == 0)
        #expect(interpreter.trainEpoch()?.epoch == 1)
        #expect(interpreter.journal.epochs.count == 1)
    }

    @Test func showAndHelp() throws {
        let interpreter = try makeInterpreter()
        #expect(interpreter.execute(line: "show config").lines.contains { $0.hasPrefix("lr") && $0.hasSuffix("0.1") })
        #expect(interpreter.execute(line: "show metrics").lines == ["no epochs trained yet (epoch 0, batch 0 of 4)"])
        #expect(interpreter.execute(line: "show layers").lines.count == 2)
        #expect(interpreter.execute(line: "show activation tanh").lines.first == "tanh")
        let help = interpreter.execute(line: "help").lines
        #expect(help.allSatisfy { $0.count <= 80 }, "wrapped at word boundaries to 80 columns")
        #expect(CommandHelp.table.allSatisfy { entry in help.contains { $0.hasPrefix(entry.usage + " ") } })
        #expect(interpreter.execute(line: "help st").lines == ["step [N]: train N epochs (default 1), printing one line per epoch"])
        #expect(interpreter.execute(line: "help lr").lines.first?.hasPrefix("set lr VALUE: learning rate; above 0; default: 0.1; now 0.1") == true)
        #expect(interpreter.execute(line: "set lr").lines == ["lr 0.1  (learning rate)"])
        #expect(interpreter.execute(line: "quit").quit)
    }

    @Test func gradcheckAgreesAtTheCurrentWeights() throws {
        let interpreter = try makeInterpreter()
        _ = interpreter.execute(line: "set act tanh")
        _ = interpreter.execute(line: "step 2")
        let result = interpreter.execute(line: "gradcheck")
        #expect(result.lines.last == "ok: every gradient agrees to 1e-06", "\(result.lines)")
    }

    @Test func inspectShowsBatchNormalisation() throws {
        let interpreter = try makeInterpreter()
        _ = interpreter.execute(line: "set batch-norm on")
        _ = interpreter.execute(line: "step 1")
        let result = interpreter.execute(line: "inspect 3")
        #expect(!result.isError, "\(result.lines)")
        #expect(result.lines.contains { $0.contains("z⁽¹⁾ = W⁽¹⁾a⁽⁰⁾ + b⁽¹⁾") })
        #expect(result.lines.contains { $0.contains("y⁽¹⁾ = γ(z⁽¹⁾ − μ)/√(σ² + ε) + β") && $0.contains("running μ and σ²") })
        #expect(result.lines.contains { $0.contains("a⁽¹⁾ = f₁(y⁽¹⁾)") })
        #expect(result.lines.contains { $0.contains("δ⁽¹⁾ = γ/√(σ² + ε) ⊙ f₁′(y⁽¹⁾) ⊙ (W⁽²⁾)ᵀδ⁽²⁾") })
        #expect(interpreter.execute(line: "set batch 1").isError)
        #expect(interpreter.experiment.configuration.batchSize != 1)
        #expect(interpreter.execute(line: "gradcheck").lines.last == "ok: every gradient agrees to 1e-06")
    }

    @Test func inspectShowsBackpropOnOneExample() throws {
        let interpreter = try makeInterpreter()
        _ = interpreter.execute(line: "set act logistic")
        _ = interpreter.execute(line: "step 2")
        let result = interpreter.execute(line: "inspect 3")
        #expect(!result.isError, "\(result.lines)")
        #expect(result.lines.first?.hasPrefix("example 3 of the training split") == true)
        #expect(result.lines.first?.hasSuffix("at the weights of epoch 2") == true)
        #expect(result.lines.contains { $0.contains("z⁽¹⁾ = W⁽¹⁾a⁽⁰⁾ + b⁽¹⁾") })
        #expect(result.lines.contains { $0.contains("δ⁽¹⁾ = f₁′(z⁽¹⁾) ⊙ (W⁽²⁾)ᵀδ⁽²⁾") })
        #expect(result.lines.contains { $0.contains("p = softmax(s) = e / Σe") })
        #expect(result.lines.last?.hasPrefix("reading: δ") == true)
        // The numbers are the trainer's: the loss line matches an inspection done directly.
        let direct = try interpreter.experiment.trainer.inspect(example: 3)
        #expect(result.lines.contains { $0.contains("L = −log p_y") && $0.hasSuffix(InspectionText.number(direct.output.lossValue)) })
        let trainCount = interpreter.experiment.trainer.trainCount
        let bad = interpreter.execute(line: "inspect \(trainCount)")
        #expect(bad.isError)
        #expect(bad.lines.first?.contains("0 to \(trainCount - 1)") == true, "\(bad.lines)")
        #expect(interpreter.execute(line: "inspect").isError)
        #expect(interpreter.execute(line: "inspect x").lines.first?.contains("whole number") == true)
        #expect(interpreter.execute(line: "inspect 1 2").isError)
    }

    @Test func divergenceStopsSteppingUntilReset() throws {
        let interpreter = try makeInterpreter()
        _ = interpreter.execute(line: "set lr 1e300")
        _ = interpreter.execute(line: "step 5")
        guard case .diverged = interpreter.experiment.trainer.status else { Issue.record("did not diverge"); return }
        #expect(interpreter.execute(line: "step").lines.first?.hasPrefix("training has diverged") == true)
        _ = interpreter.execute(line: "reset")
        #expect(interpreter.experiment.trainer.status == .ready)
    }
}
