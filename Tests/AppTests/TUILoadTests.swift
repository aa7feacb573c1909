import App
import Commands
import Foundation
import NeuralNetwork
import Sessions
import Testing

/// `:load FILE` in the TUI: the run so far stays in the recording it started in (completed and
/// closed), the continued run is appended to FILE once, and every file verifies bit for bit.
@Suite("`:load` in the TUI")
struct TUILoadTests {
    /// A TUI worker recording into `path` on a small XOR network, already started.
    func recordingWorker(_ path: String) throws -> TrainingWorker {
        try Fixtures.recordingWorker(path)
    }

    /// Records a finished session of 5 epochs with one change, as an earlier TUI run would.
    func earlierSession(_ path: String) throws {
        let worker = try recordingWorker(path)
        worker.post(.line("step 3"))
        worker.post(.line("set lr 0.05"))
        worker.post(.line("step 2"))
        worker.stop()
        #expect(!worker.takeReplies().contains { $0.isError })
    }

    func expectVerifies(_ path: String, epochs: Int) throws {
        let report = try SessionVerifier.verify(path: path)
        #expect(report.succeeded, "\(path): \(report.description)")
        #expect(report.epochsChecked == epochs)
        #expect(report.problems.isEmpty)
    }

    @Test("the continued run goes into the loaded file once; the first recording is closed untouched; both verify")
    func loadRecordsOnce() throws {
        let folder = try Fixtures.Folder()
        defer { folder.remove() }
        let loaded = folder.file("earlier.jsonl"), automatic = folder.file("automatic.jsonl"), csv = folder.file("run.csv")
        try earlierSession(loaded)

        let worker = try recordingWorker(automatic)
        worker.post(.line("step 2"))
        worker.post(.line("load \(loaded)"))
        worker.post(.line("step 3"))
        worker.post(.line("set lr 0.02"))
        worker.post(.action(.stepEpoch))
        worker.post(.line("export \(csv)"))
        worker.stop()
        let replies = worker.takeReplies()
        #expect(!replies.contains { $0.isError }, "\(replies)")
        let load = try #require(replies.first { $0.lines.first?.hasPrefix("loaded") == true })
        #expect(worker.snapshot.recordingPath == loaded)
        #expect(load.lines.first?.contains("continuing at epoch 5 (generation 2)") == true)
        #expect(worker.recordingPaths == [automatic, loaded])
        #expect(worker.snapshot.epoch == 9)
        #expect(worker.snapshot.generation == 2)

        // The automatic recording holds the run up to `load`, and nothing after it.
        let first = try SessionReader.read(path: automatic)
        #expect(first.epochs.map(\.metrics.epoch) == [1, 2])
        #expect(first.resumes.isEmpty)
        #expect(first.events.isEmpty)
        #expect(first.closed)
        try expectVerifies(automatic, epochs: 2)

        // The loaded file: its own 5 epochs, a resume, the continued 4 epochs and change, each once.
        let continued = try SessionReader.read(path: loaded)
        let keys = continued.epochs.map { "\($0.generation):\($0.metrics.epoch)" }
        #expect(keys == ["1:1", "1:2", "1:3", "1:4", "1:5", "2:6", "2:7", "2:8", "2:9"])
        #expect(continued.events.map(\.command) == ["set lr 0.05", "set lr 0.02"])
        #expect(continued.resumes.count == 1)
        #expect(continued.lastCheckpoint?.position == SessionPosition(generation: 2, epoch: 9, batch: 0))
        #expect(continued.closed)
        try expectVerifies(loaded, epochs: 9)

        // `export` without `from` reads the recording: the loaded session's earlier epochs too.
        let rows = try String(contentsOfFile: csv, encoding: .utf8).split(separator: "\n")
        #expect(rows.count == 1 + 9)
    }

    @Test("loading the file being recorded, or a missing file, changes nothing; recording goes on")
    func refusedLoadsChangeNothing() throws {
        let folder = try Fixtures.Folder()
        defer { folder.remove() }
        let automatic = folder.file("automatic.jsonl")
        let worker = try recordingWorker(automatic)
        worker.post(.action(.stepEpoch))
        worker.post(.line("load \(automatic)"))
        worker.post(.line("load \(folder.file("missing.jsonl"))"))
        worker.post(.action(.stepEpoch))
        worker.stop()
        let replies = worker.takeReplies()
        #expect(replies.count == 4)
        #expect(replies[1].isError)
        #expect(replies[1].lines == ["load \(automatic): this is the session being recorded; it is already loaded"])
        #expect(replies[2].isError)
        #expect(worker.snapshot.recordingPath == automatic)
        #expect(worker.recordingPaths == [automatic])
        let contents = try SessionReader.read(path: automatic)
        #expect(contents.epochs.map(\.metrics.epoch) == [1, 2])
        #expect(contents.resumes.isEmpty)
        try expectVerifies(automatic, epochs: 2)
        #expect(!FileManager.default.fileExists(atPath: folder.file("missing.jsonl")))
    }

    @Test("without an automatic recording, `load` makes the loaded file the recording")
    func loadWithoutRecording() throws {
        let folder = try Fixtures.Folder()
        defer { folder.remove() }
        let loaded = folder.file("earlier.jsonl")
        try earlierSession(loaded)
        let interpreter = try Fixtures.smallInterpreter()
        let worker = TrainingWorker(interpreter: interpreter, grid: GridSize(columns: 4, rows: 4))
        worker.start()
        worker.post(.line("load \(loaded)"))
        worker.post(.line("step 2"))
        worker.post(.line("save \(Tokenizer.quote(folder.file("copy.jsonl")))"))
        worker.stop()
        #expect(!worker.takeReplies().contains { $0.isError })
        #expect(worker.recordingPaths == [loaded])
        #expect(try SessionReader.read(path: loaded).epochs.map(\.metrics.epoch) == [1, 2, 3, 4, 5, 6, 7])
        try expectVerifies(loaded, epochs: 7)
        #expect(try SessionReader.read(path: folder.file("copy.jsonl")).epochs.count == 7)
    }
}
