import App
import Commands
import Foundation
import NeuralNetwork
import Sessions
import Testing

/// A TUI run keeps bounded state however long it trains: the recording holds every epoch, while
/// the interpreter's journal, the trainer's history and the snapshot's chart history stay small.
@Suite("Long TUI runs")
struct LongRunMemoryTests {
    @Test("2,500 recorded epochs: the file has them all and verifies; memory-side state stays bounded")
    func boundedState() throws {
        let path = NSTemporaryDirectory() + "nnscope-longrun-\(getpid()).jsonl"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let interpreter = try Fixtures.smallInterpreter()
        let worker = try Fixtures.recordingWorker(path, interpreter: interpreter)
        worker.post(.line("step 2500"))
        worker.stop()

        #expect(interpreter.journal.entries.count <= 2, "journal keeps \(interpreter.journal.entries.count) entries")
        #expect(interpreter.journal.endIndex >= 2500)
        let trainer = interpreter.experiment.trainer
        #expect(trainer.history.count < 2 * Experiment.historyLimit && trainer.history.last?.epoch == 2500)
        let snapshot = worker.snapshot
        #expect(snapshot.history.count <= trainer.overview.capacity + 1 && trainer.overview.stride == 2)
        #expect(snapshot.history.first?.epoch == 1 && snapshot.history.last?.epoch == 2500)

        let contents = try SessionReader.read(path: path)
        #expect(contents.epochs.map(\.metrics.epoch) == Array(1...2500))
        let report = try SessionVerifier.verify(path: path)
        #expect(report.succeeded, "\(report)")
    }
}
