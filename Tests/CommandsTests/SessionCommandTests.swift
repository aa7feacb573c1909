import Autodiff
import Foundation
import NeuralNetwork
import Sessions
import Testing
@testable import Commands

/// A fresh folder under the system's temporary directory, removed by `remove()`.
struct ScratchFolder {
    let path: String

    init() throws {
        path = NSTemporaryDirectory() + "nnscope-commands-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func file(_ name: String) -> String { path + "/" + name }
    func remove() { try? FileManager.default.removeItem(atPath: path) }
}

/// An interpreter whose experiment can switch to automatic differentiation (as `nnscope repl` builds it).
func makeSessionInterpreter() throws -> Interpreter {
    var configuration = TrainingConfiguration()
    try configuration.set("layers", "4")
    try configuration.set("dataset", "xor:points=40")
    return Interpreter(experiment: try Experiment(configuration: configuration, engineFactory: Experiment.autodiffEngines),
                       programVersion: "nnscope test")
}

/// Runs lines, failing the test on the first error.
@discardableResult
func run(_ interpreter: Interpreter, _ lines: [String]) -> [String] {
    var output: [String] = []
    for line in lines {
        let result = interpreter.execute(line: line)
        #expect(!result.isError, "\(line): \(result.lines)")
        output += result.lines
    }
    return output
}

/// A script that trains, changes live and structural settings, switches the gradient engine,
/// changes them mid-epoch and resets.
let changingScript = [
    "step 2", "set lr 0.05", "step", "batch 2", "set momentum 0.5", "set optimizer momentum", "batch 1",
    "set activation tanh", "step 2", "set engine autodiff", "step", "reset", "set batch 4", "step 2",
]

@Suite struct SessionCommandTests {
    @Test func savedJournalVerifiesBitForBit() throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        let interpreter = try makeSessionInterpreter()
        run(interpreter, changingScript)
        let path = folder.file("run.jsonl")
        let output = run(interpreter, ["save \(path)"])
        #expect(output == ["saved \(path): 8 epochs"])
        let report = try SessionVerifier.verify(path: path, engineFactory: Experiment.autodiffEngines)
        #expect(report.succeeded, "\(report.description)")
        #expect(report.epochsChecked == 8)
        #expect(report.eventsApplied == interpreter.journal.commands.count)
        #expect(report.checkpointsChecked == 1)
        let summary = try SessionSummary.of(path: path)
        #expect(summary.closed && summary.problems.isEmpty)
        #expect(summary.events.map(\.command) == interpreter.journal.commands)
    }

    @Test func recordingVerifiesAndCloses() throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        let interpreter = try makeSessionInterpreter()
        let path = folder.file("rec.jsonl")
        run(interpreter, ["step"])  // before recording starts: written into the file first
        #expect(!interpreter.startRecording(to: path).isError)
        run(interpreter, Array(changingScript.dropFirst()))
        let copy = folder.file("copy.jsonl")
        #expect(run(interpreter, ["save \(copy)"]) == ["saved \(copy): 7 epochs (recording continues in \(path))"])
        run(interpreter, ["step"])
        #expect(!interpreter.finishRecording().isError)
        #expect(interpreter.recordingPath == nil)
        let contents = try SessionReader.read(path: path)
        #expect(contents.closed && contents.problems.isEmpty)
        #expect(contents.epochs.count == 8)
        let report = try SessionVerifier.verify(path: path, engineFactory: Experiment.autodiffEngines)
        #expect(report.succeeded, "\(report.description)")
        #expect(report.epochsChecked == 8 && report.checkpointsChecked == 2)
        // The copy saved mid-way holds the first 7 epochs and verifies too.
        let copyReport = try SessionVerifier.verify(path: copy, engineFactory: Experiment.autodiffEngines)
        #expect(copyReport.succeeded && copyReport.epochsChecked == 7, "\(copyReport.description)")
    }

    @Test func loadContinuesNumberingAndRecordsIntoTheFile() throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        let path = folder.file("run.jsonl")
        let first = try makeSessionInterpreter()
        run(first, ["step 3", "set lr 0.2", "step"])
        #expect(!first.startRecording(to: path).isError)
        first.finishRecording()
        let weights = first.experiment.trainer.network

        let second = try makeSessionInterpreter()
        let loaded = second.execute(line: "load \(path)")
        #expect(!loaded.isError && loaded.changedState, "\(loaded.lines)")
        #expect(loaded.lines.first?.hasPrefix("loaded \(path): 4 epochs; continuing at epoch 4 (generation 2)") == true)
        #expect(second.experiment.trainer.epoch == 4)
        #expect(second.experiment.trainer.network == weights)
        #expect(second.experiment.configuration.optimizer.learningRate == 0.2)
        #expect(second.recordingPath == path)
        let stepped = run(second, ["step 2", "set batch 5", "step"])
        #expect(stepped.filter { $0.hasPrefix("epoch ") }.map { $0.split(separator: " ")[1] } == ["5", "6", "7"])
        second.finishRecording()

        let contents = try SessionReader.read(path: path)
        #expect(contents.epochs.map(\.metrics.epoch) == [1, 2, 3, 4, 5, 6, 7])
        #expect(contents.epochs.map(\.generation) == [1, 1, 1, 1, 2, 2, 2])
        #expect(contents.resumes.count == 1 && contents.resumes[0].from.epoch == 4)
        #expect(contents.closed && contents.problems.isEmpty)
        let report = try SessionVerifier.verify(path: path, engineFactory: Experiment.autodiffEngines)
        #expect(report.succeeded, "\(report.description)")
        #expect(report.epochsChecked == 7)

        // Loading it again continues from epoch 7 in generation 3.
        let third = try makeSessionInterpreter()
        run(third, ["load \(path)", "step"])
        #expect(third.experiment.trainer.epoch == 8 && third.experiment.generation == 3)
        third.finishRecording()
        #expect(try SessionVerifier.verify(path: path, engineFactory: Experiment.autodiffEngines).succeeded)
    }

    @Test func exportWritesTheDocumentedColumns() throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        let interpreter = try makeSessionInterpreter()
        run(interpreter, ["step 3"])
        let csv = folder.file("run.csv")
        #expect(run(interpreter, ["export \(csv)"]) == ["exported \(csv): 3 epochs of this run"])
        let lines = try String(contentsOfFile: csv, encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(lines.count == 4)
        #expect(lines[0] == "epoch,train_loss,val_loss,train_accuracy,val_accuracy,learning_rate,"
            + "grad_norm_1,weight_norm_1,dead_fraction_1,saturated_fraction_1,grad_norm_2,weight_norm_2,dead_fraction_2,saturated_fraction_2")
        #expect(lines[1].hasPrefix("1,\(interpreter.journal.epochs[0].trainLoss),"))
        #expect(lines[3].split(separator: ",", omittingEmptySubsequences: false).count == 14)

        // From a session file: a reset adds the generation column.
        let session = folder.file("s.jsonl")
        run(interpreter, ["reset", "step", "save \(session)"])
        let fromSession = folder.file("from.csv")
        #expect(run(interpreter, ["export \(fromSession) from \(session)"]) == ["exported \(fromSession): 4 epochs of \(session)"])
        let rows = try String(contentsOfFile: fromSession, encoding: .utf8).split(separator: "\n")
        #expect(rows.count == 5 && rows[0].hasSuffix(",generation") && rows[4].hasSuffix(",2"))
    }

    @Test func replayPrintsTheSummary() throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        let interpreter = try makeSessionInterpreter()
        let path = folder.file("run.jsonl")
        run(interpreter, ["step 2", "set lr 0.3", "save \(path)"])
        let lines = run(interpreter, ["replay \(path)"])
        #expect(lines.first?.hasPrefix("session \(path): format \(SessionFormat.version), recorded by nnscope test") == true)
        #expect(lines.contains("epochs: 2 in 1 generation; 1 checkpoint (last at generation 1, epoch 2, batch 0)"))
        #expect(lines.contains { $0.hasPrefix("  generation 1, epoch 2, batch 0: set lr 0.3  (at ") })
        #expect(lines.contains("problems: none"))
    }

    @Test func badFilesChangeNothing() throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        let interpreter = try makeSessionInterpreter()
        run(interpreter, ["step 2"])
        let experiment = interpreter.experiment
        let weights = experiment.trainer.network
        let journal = interpreter.journal.entries

        let garbage = folder.file("garbage.jsonl")
        try Data("this is not a session\n".utf8).write(to: URL(fileURLWithPath: garbage))
        // A session with epochs but no checkpoint (the recorder was killed before closing).
        let uncheckpointed = folder.file("nocheckpoint.jsonl")
        let recorder = try SessionRecorder(path: uncheckpointed, configuration: experiment.configuration, programVersion: "test")
        try recorder.record(epoch: interpreter.journal.epochs[0], generation: 1)
        let before = try Data(contentsOf: URL(fileURLWithPath: uncheckpointed))

        let failing: [(String, String)] = [
            ("load \(folder.file("missing.jsonl"))", "cannot open"),
            ("load \(garbage)", "record 1 (byte 0)"),
            ("load \(uncheckpointed)", "holds no checkpoint"),
            ("replay \(folder.file("missing.jsonl"))", "cannot open"),
            ("replay \(garbage)", "record 1 (byte 0)"),
            ("export \(folder.file("out.csv")) from \(folder.file("missing.jsonl"))", "cannot open"),
            ("save \(folder.file("no-such-folder/run.jsonl"))", "cannot create"),
        ]
        for (line, message) in failing {
            let result = interpreter.execute(line: line)
            #expect(result.isError, "\(line)")
            #expect(result.lines.first?.contains(message) == true, "\(line): \(result.lines)")
        }
        #expect(interpreter.experiment === experiment)
        #expect(interpreter.experiment.trainer.network == weights && interpreter.experiment.trainer.epoch == 2)
        #expect(interpreter.journal.entries == journal)
        #expect(interpreter.recordingPath == nil)
        #expect(try Data(contentsOf: URL(fileURLWithPath: uncheckpointed)) == before)
        #expect(!FileManager.default.fileExists(atPath: folder.file("out.csv")))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.contains(".tmp-") }
        #expect(leftovers.isEmpty)
    }

    @Test func exportRefusesToOverwriteTheSession() throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        let interpreter = try makeSessionInterpreter()
        let path = folder.file("rec.jsonl")
        #expect(!interpreter.startRecording(to: path).isError)
        run(interpreter, ["step"])
        let result = interpreter.execute(line: "export \(path)")
        #expect(result.isError)
        interpreter.finishRecording()
        #expect(try SessionReader.read(path: path).epochs.count == 1)
    }

    @Test func parsesExportFromSession() throws {
        #expect(try CommandParser.parse("export a.csv") == .export(path: "a.csv", session: nil))
        #expect(try CommandParser.parse("export a.csv from 'my run.jsonl'") == .export(path: "a.csv", session: "my run.jsonl"))
        #expect(throws: CommandError.self) { try CommandParser.parse("export a.csv to b.jsonl") }
        #expect(throws: CommandError.self) { try CommandParser.parse("export a.csv from") }
    }
}

@Suite struct EarlyStopSessionTests {
    /// Training on after an early stop (the user's `step`) is recorded and replays bit for bit.
    @Test func sessionGoesOnAfterAnEarlyStop() throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        let interpreter = try makeSessionInterpreter()
        run(interpreter, ["set patience 1", "set lr 1.5"])
        var stopped = false
        for _ in 0..<60 where !stopped {
            run(interpreter, ["step"])
            if case .stoppedEarly = interpreter.experiment.trainer.status { stopped = true }
        }
        try #require(stopped, "patience 1 should stop training early within 60 epochs")
        let epochs = interpreter.journal.epochs.count
        run(interpreter, ["batch 2", "step 2"])
        let path = folder.file("early.jsonl")
        run(interpreter, ["save \(path)"])
        let report = try SessionVerifier.verify(path: path, engineFactory: Experiment.autodiffEngines)
        #expect(report.succeeded, "\(report.description)")
        #expect(interpreter.journal.epochs.count > epochs)  // trained on (another early stop may end `step 2`)
        #expect(report.epochsChecked == interpreter.journal.epochs.count)
    }
}

@Suite struct SaveGuardTests {
    @Test("REPL `save` refuses a file the run did not write, updates its own, and `save --force` replaces")
    func saveNeverReplacesAnotherFile() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("nnscope-saveguard-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let other = folder + "/other.jsonl", mine = folder + "/mine.jsonl"
        try "another run\n".write(toFile: other, atomically: true, encoding: .utf8)
        let interpreter = try makeInterpreter()
        _ = interpreter.execute(line: "step")
        let refused = interpreter.execute(line: "save \(other)")
        #expect(refused.isError)
        #expect(refused.lines.joined().contains("save --force"))
        #expect(try String(contentsOfFile: other, encoding: .utf8) == "another run\n")
        #expect(!interpreter.execute(line: "save \(mine)").isError)
        _ = interpreter.execute(line: "step")
        #expect(!interpreter.execute(line: "save \(mine)").isError, "a run may update its own save")
        #expect(try SessionReader.read(path: mine).epochs.count == 2)
        #expect(!interpreter.execute(line: "save --force \(other)").isError)
        #expect(try SessionReader.read(path: other).closed)
    }
}
