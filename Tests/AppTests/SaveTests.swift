import App
import Commands
import Foundation
import NeuralNetwork
import Sessions
import Testing

/// Saving in the TUI never replaces another run's file, and every saved file is complete.
@Suite("TUI saves")
struct SaveTests {
    /// A worker recording into FOLDER/recording.jsonl whose `s` saves go to FOLDER.
    func worker(in folder: Fixtures.Folder, recording name: String = "recording.jsonl") throws -> TrainingWorker {
        let interpreter = try Fixtures.smallInterpreter()
        let recording = try SessionRecording(path: folder.file(name), interpreter: interpreter, programVersion: "test")
        let worker = TrainingWorker(interpreter: interpreter, recording: recording, grid: GridSize(columns: 4, rows: 4))
        worker.saveFolder = folder.path
        worker.start()
        return worker
    }

    func saves(in folder: Fixtures.Folder) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix("nnscope-session-") }.sorted()
    }

    @Test("each `s` writes a new file, closed, and says where it went")
    func eachSaveGetsAFreshName() throws {
        let folder = try Fixtures.Folder()
        defer { folder.remove() }
        let worker = try worker(in: folder)
        worker.post(.action(.stepEpoch))
        worker.post(.action(.saveCopy))
        worker.post(.action(.stepEpoch))
        worker.post(.action(.saveCopy))
        worker.stop()
        let names = try saves(in: folder)
        #expect(names.count == 2, "two saves, two files: \(names)")
        let first = try SessionReader.read(path: folder.file(names[0]))
        let second = try SessionReader.read(path: folder.file(names[1]))
        #expect(Set([first.epochs.count, second.epochs.count]) == [1, 2], "the earlier save was not overwritten by the later one")
        #expect(first.closed && second.closed)
        let replies = worker.takeReplies().map { $0.lines.joined() }.filter { $0.hasPrefix("saved") }
        #expect(replies.count == 2)
        #expect(replies.allSatisfy { $0.contains(folder.path + "/nnscope-session-") })
    }

    @Test("`save FILE` refuses a file this run did not write; `save --force FILE` replaces it; saving twice to one file updates it")
    func saveNeverReplacesAnotherFile() throws {
        let folder = try Fixtures.Folder()
        defer { folder.remove() }
        let other = folder.file("someone else's run.jsonl")
        try Data("precious\n".utf8).write(to: URL(fileURLWithPath: other))
        let mine = folder.file("mine.jsonl")
        let worker = try worker(in: folder)
        worker.post(.action(.stepEpoch))
        worker.post(.line("save \(Tokenizer.quote(other))"))
        worker.post(.line("save \(Tokenizer.quote(mine))"))
        worker.post(.action(.stepEpoch))
        worker.post(.line("save \(Tokenizer.quote(mine))"))
        worker.stop()
        let replies = worker.takeReplies()
        let refusal = try #require(replies.first { $0.isError })
        #expect(refusal.lines.joined().contains("already exists"))
        #expect(refusal.lines.joined().contains("save --force"))
        #expect(try String(contentsOfFile: other, encoding: .utf8) == "precious\n", "the other file is untouched")
        #expect(replies.filter(\.isError).count == 1, "a run may update its own save")
        #expect(try SessionReader.read(path: mine).epochs.count == 2)

        let forcing = try self.worker(in: folder, recording: "second.jsonl")
        forcing.post(.action(.stepEpoch))
        forcing.post(.line("save --force \(Tokenizer.quote(other))"))
        forcing.stop()
        #expect(!forcing.takeReplies().contains { $0.isError })
        #expect(try SessionReader.read(path: other).closed)
    }

    @Test("the quit question says where the run is recorded and what y adds")
    func quitQuestion() throws {
        var controller = UIController()
        var snapshot = Fixtures.snapshot(try Fixtures.smallInterpreter(), width: 80, height: 24)
        snapshot.recordingPath = "/data/sessions/session-1.jsonl"
        snapshot.hasUnsavedChanges = true
        _ = controller.handle(.character("q"), snapshot: snapshot)
        let question = try #require(controller.question)
        #expect(question.contains("recorded in /data/sessions/session-1.jsonl"))
        #expect(question.contains("closed copy"))
    }
}

@Suite("data panel key")
struct RegressionKeyTests {
    @Test("in ASCII the sine chart's key names the markers it draws, not dots")
    func asciiKeyNamesItsMarkers() throws {
        let interpreter = try Fixtures.interpreter(dataset: "sine", ["step 3"])
        let lines = Fixtures.render(ScreenModel(snapshot: Fixtures.snapshot(interpreter, width: 120, height: 40)), width: 120, height: 40, theme: .plain)
        let screen = lines.joined(separator: "\n")
        #expect(screen.contains("*: targets, x: the network's fit"))
        #expect(!screen.contains("dots: targets"))
        let rich = Fixtures.render(ScreenModel(snapshot: Fixtures.snapshot(interpreter, width: 120, height: 40)), width: 120, height: 40)
        #expect(rich.joined().contains("dots: targets, line: the network's fit"))
    }
}
