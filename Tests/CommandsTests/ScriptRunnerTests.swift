import Testing
@testable import Commands

struct ScriptRunnerTests {
    static let script = [
        "# a small experiment",
        "set act tanh",
        "step 2",
        "set lr abc",
        "set lr 0.05",
        "step",
    ]

    func run(keepGoing: Bool) throws -> (Interpreter, ScriptRunner.Summary, [ScriptRunner.Output]) {
        let interpreter = try makeInterpreter()
        var outputs: [ScriptRunner.Output] = []
        let summary = ScriptRunner(interpreter: interpreter, keepGoing: keepGoing, name: "demo.nns")
            .run(lines: ScriptRunnerTests.script) { outputs.append($0) }
        return (interpreter, summary, outputs)
    }

    @Test func stopsAtTheFirstBadLineWithItsNumber() throws {
        let (interpreter, summary, outputs) = try run(keepGoing: false)
        #expect(summary.failedLines == [4])
        #expect(summary.stopped && summary.exitStatus == 1)
        #expect(outputs.last == .error(line: 4, message: "demo.nns:4: set lr abc: 'abc' is not a number"))
        #expect(interpreter.experiment.trainer.epoch == 2)
        #expect(interpreter.experiment.configuration.optimizer.learningRate == 0.1)
    }

    @Test func keepGoingRunsTheRest() throws {
        let (interpreter, summary, outputs) = try run(keepGoing: true)
        #expect(summary.failedLines == [4])
        #expect(!summary.stopped && summary.exitStatus == 1 && summary.linesRead == 6)
        #expect(interpreter.experiment.trainer.epoch == 3)
        #expect(interpreter.experiment.configuration.optimizer.learningRate == 0.05)
        let epochLines = outputs.compactMap { if case let .text(t) = $0, t.hasPrefix("epoch ") { t } else { nil } }
        #expect(epochLines.count == 3)
        #expect(interpreter.journal.commands == ["set activation tanh", "set lr 0.05"])
    }

    @Test func quitEndsTheScript() throws {
        let interpreter = try makeInterpreter()
        let summary = ScriptRunner(interpreter: interpreter).run(lines: ["step", "quit", "step"]) { _ in }
        #expect(summary.quit && summary.linesRead == 2 && summary.exitStatus == 0)
        #expect(interpreter.experiment.trainer.epoch == 1)
    }

    @Test func carriageReturnsAreIgnored() throws {
        let interpreter = try makeInterpreter()
        let summary = ScriptRunner(interpreter: interpreter).run(lines: ["set lr 0.3\r"]) { _ in }
        #expect(summary.failedLines.isEmpty)
        #expect(interpreter.experiment.configuration.optimizer.learningRate == 0.3)
    }
}
