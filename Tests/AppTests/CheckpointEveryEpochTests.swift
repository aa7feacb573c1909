import App
import Commands
import Foundation
import NeuralNetwork
import Sessions
import Testing

@Suite("A checkpoint after every epoch, however it was trained")
struct CheckpointEveryEpochTests {
    @Test("space, step 5, batch 30 and run 3 each leave a checkpoint of every epoch; each replay frame draws its own weights")
    func everyEpoch() throws {
        let folder = try Fixtures.Folder()
        defer { folder.remove() }
        let path = folder.file("every.jsonl")
        let interpreter = try Fixtures.smallInterpreter()
        interpreter.runsInBackground = true
        let worker = try Fixtures.recordingWorker(path, interpreter: interpreter)
        worker.post(.action(.stepEpoch))
        worker.post(.line("step 5"))
        worker.post(.line("batch 30"))
        worker.post(.line("run 3"))
        let deadline = Date().addingTimeInterval(60)
        while (worker.snapshot.epoch < 3 + 6 || worker.snapshot.isRunning) && Date() < deadline { usleep(10_000) }
        worker.stop()
        let contents = try SessionReader.read(path: path)
        let epochs = contents.epochs.map(\.metrics.epoch)
        #expect(epochs.count >= 9)
        let replay = try ReplaySession(path: path)
        let checkpointed = Set(replay.checkpoints.map(\.position.epoch))
        for epoch in epochs { #expect(checkpointed.contains(epoch), "epoch \(epoch) has a checkpoint") }
        for frame in replay.frames {
            let checkpoint = try #require(frame.checkpoint)
            #expect(replay.checkpoints[checkpoint].position.epoch == frame.metrics.epoch)
        }
        #expect(try SessionVerifier.verify(path: path).succeeded)
    }
}
