import Foundation
import NeuralNetwork
import Sessions
import Testing
@testable import Commands

/// The interpreter owns the run's recording (`SessionRecording`): `load` replaces it, nothing is
/// handed over, and the path is read from it.
@Suite struct RecordingOwnerTests {
    /// A closed 3-epoch session at `path`, recorded by an interpreter.
    func recordSession(_ path: String) throws {
        let interpreter = try makeSessionInterpreter()
        #expect(!interpreter.startRecording(to: path).isError)
        run(interpreter, ["step 3"])
        interpreter.finishRecording()
    }

    @Test func theRecordingIsNotLoadedAgainAndIsWhatExportReads() throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        let path = folder.file("run.jsonl")
        let interpreter = try makeSessionInterpreter()
        interpreter.journalForgetsRecordedEntries = true
        #expect(!interpreter.startRecording(to: path).isError)
        run(interpreter, ["step 3"])
        #expect(interpreter.recordingPath == path)
        #expect(interpreter.journal.entries.isEmpty, "the recording holds them")

        // The same file under another spelling is the same file.
        for spelling in [path, folder.path + "/./run.jsonl"] {
            let result = interpreter.execute(line: "load \(spelling)")
            #expect(result.lines == ["load \(spelling): this is the session being recorded; it is already loaded"])
        }
        #expect(interpreter.execute(line: "export \(folder.path)/./run.jsonl").lines.first?.hasSuffix("that is the session file itself; give a .csv file name") == true)
        #expect(interpreter.experiment.trainer.epoch == 3)

        // `export` without `from` reads the recording, not the (emptied) journal.
        let csv = folder.file("run.csv")
        #expect(run(interpreter, ["export \(csv)"]) == ["exported \(csv): 3 epochs of this run"])
    }

    @Test func loadClosesTheRecordingAndRecordsIntoTheLoadedFile() throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        let path = folder.file("run.jsonl"), other = folder.file("other.jsonl")
        try recordSession(path)
        let interpreter = try makeSessionInterpreter()
        #expect(!interpreter.startRecording(to: other).isError)
        run(interpreter, ["step 1"])

        run(interpreter, ["load \(path)"])
        #expect(interpreter.recordingPath == path)
        #expect(interpreter.recordedPaths == [other, path])
        let closed = try SessionReader.read(path: other)
        #expect(closed.closed && closed.epochs.map(\.metrics.epoch) == [1])

        run(interpreter, ["step 2", "set lr 0.05"])
        interpreter.finishRecording()
        #expect(interpreter.recordingPath == nil)
        let contents = try SessionReader.read(path: path)
        #expect(contents.epochs.map(\.metrics.epoch) == [1, 2, 3, 4, 5])
        #expect(contents.events.map(\.command) == ["set lr 0.05"])
        #expect(contents.resumes.count == 1 && contents.closed)
        #expect(contents.close?.status == "ready")
    }
}
