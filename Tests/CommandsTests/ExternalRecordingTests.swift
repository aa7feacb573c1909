import Foundation
import NeuralNetwork
import Sessions
import Testing
@testable import Commands

/// A caller that records the run itself (the TUI): `externalRecordingPath` and `handOverRecorder()`.
@Suite struct ExternalRecordingTests {
    /// A closed 3-epoch session at `path`, recorded by an interpreter.
    func recordSession(_ path: String) throws {
        let interpreter = try makeSessionInterpreter()
        #expect(!interpreter.startRecording(to: path).isError)
        run(interpreter, ["step 3"])
        interpreter.finishRecording()
    }

    func size(_ path: String) throws -> Int {
        try (FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? -1
    }

    @Test func theCallersRecordingIsNotLoadedAgainAndIsWhatExportReads() throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        let path = folder.file("run.jsonl")
        try recordSession(path)
        let interpreter = try makeSessionInterpreter()
        interpreter.externalRecordingPath = path
        #expect(interpreter.recordingPath == path)
        let before = try size(path)

        // The same file under another spelling is the same file.
        for spelling in [path, folder.path + "/./run.jsonl"] {
            let result = interpreter.execute(line: "load \(spelling)")
            #expect(result.lines == ["load \(spelling): this is the session being recorded; it is already loaded"])
        }
        #expect(interpreter.execute(line: "export \(folder.path)/./run.jsonl").lines.first?.hasSuffix("that is the session file itself; give a .csv file name") == true)
        #expect(try size(path) == before)
        #expect(interpreter.experiment.trainer.epoch == 0)

        // `export` without `from` reads the recording, not the interpreter's own (empty) journal.
        let csv = folder.file("run.csv")
        #expect(run(interpreter, ["export \(csv)"]) == ["exported \(csv): 3 epochs of this run"])
    }

    @Test func loadHandsTheLoadedFileOverAndStopsWritingToIt() throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        let path = folder.file("run.jsonl"), other = folder.file("other.jsonl")
        try recordSession(path)
        let interpreter = try makeSessionInterpreter()
        interpreter.externalRecordingPath = other
        #expect(interpreter.handOverRecorder() == nil, "nothing of its own to hand over")

        run(interpreter, ["load \(path)"])
        #expect(interpreter.externalRecordingPath == nil, "the loaded file is now the interpreter's recording")
        let recorder = try #require(interpreter.handOverRecorder())
        #expect(recorder.path == path)
        #expect(interpreter.recordingPath == path)
        #expect(interpreter.externalRecordingPath == path)
        #expect(interpreter.handOverRecorder() == nil)

        // The interpreter no longer writes to the file; the caller does.
        let before = try size(path)
        run(interpreter, ["step 2", "set lr 0.05"])
        interpreter.finishRecording()
        #expect(try size(path) == before)
        #expect(interpreter.journal.epochs.map(\.epoch) == [4, 5])
        try recorder.close()
        let contents = try SessionReader.read(path: path)
        #expect(contents.epochs.map(\.metrics.epoch) == [1, 2, 3])
        #expect(contents.resumes.count == 1 && contents.closed)
    }
}
