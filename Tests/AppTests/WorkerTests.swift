import App
import Commands
import Foundation
import NeuralNetwork
import Sessions
import Testing

@Suite("Training worker and recording")
struct WorkerTests {
    func temporaryPath(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("nnscope-apptests-\(getpid())-\(UInt32.random(in: 0...UInt32.max))-\(name)").path
    }

    @Test("requests run in order on the worker thread; stop() drains them and publishes")
    func stepsInOrder() throws {
        let interpreter = try Fixtures.interpreter()
        let worker = TrainingWorker(interpreter: interpreter, grid: GridSize(columns: 10, rows: 10))
        worker.start()
        for _ in 0..<3 { worker.post(.action(.stepEpoch)) }
        worker.post(.line("set layer-activations 9=tanh"))  // parses; refused by the run (no layer 9)
        worker.post(.action(.nextActivation))
        worker.stop()
        let snapshot = worker.snapshot
        #expect(snapshot.epoch == 0, "the activation change re-initialised the network")
        #expect(snapshot.generation == 2)
        #expect(snapshot.configuration.activation.name == "leaky-relu")
        let replies = worker.takeReplies()
        #expect(replies.count == 5)
        #expect(replies[2].lines.first?.hasPrefix("epoch 3") == true)
        #expect(replies[3].isError)
        #expect(snapshot.hasUnsavedChanges)
    }

    @Test("a stopped worker without start() runs nothing")
    func stopWithoutStart() throws {
        let worker = TrainingWorker(interpreter: try Fixtures.interpreter(), grid: GridSize(columns: 4, rows: 4))
        worker.post(.action(.stepEpoch))
        worker.stop()
        #expect(worker.snapshot.epoch == 0)
    }

    @Test("`run 2` trains two epochs in the background, then pauses")
    func runEpochs() throws {
        let worker = TrainingWorker(interpreter: try Fixtures.interpreter(), grid: GridSize(columns: 4, rows: 4))
        worker.start()
        worker.post(.line("run 2"))
        let deadline = Date().addingTimeInterval(60)
        while (worker.snapshot.epoch < 2 || worker.snapshot.isRunning) && Date() < deadline { usleep(10_000) }
        worker.stop()
        #expect(worker.snapshot.epoch == 2)
        #expect(!worker.snapshot.isRunning)
        #expect(worker.runStatistics.epochs == 2)
    }

    @Test("the recording holds every epoch, event and a checkpoint per epoch, and saves atomically")
    func recording() throws {
        let path = temporaryPath("session.jsonl")
        let saved = temporaryPath("saved.jsonl")
        defer { try? FileManager.default.removeItem(atPath: path); try? FileManager.default.removeItem(atPath: saved) }
        let interpreter = try Fixtures.interpreter()
        let recording = try SessionRecording(path: path, interpreter: interpreter, programVersion: "test")
        let worker = TrainingWorker(interpreter: interpreter, recording: recording, grid: GridSize(columns: 4, rows: 4))
        worker.start()
        worker.post(.action(.stepEpoch))
        worker.post(.line("set lr 0.05"))
        worker.post(.line("step 2"))
        worker.post(.line("save \(Tokenizer.quote(saved))"))
        worker.stop()
        #expect(worker.takeReplies().last?.lines == ["saved the session (closed, 3 epochs) to \(saved); recording continues in \(path)"])
        let contents = try SessionReader.read(path: path)
        #expect(contents.epochs.map(\.metrics.epoch) == [1, 2, 3])
        #expect(contents.events.map(\.command) == ["set lr 0.05"])
        #expect(contents.closed)
        #expect(contents.lastCheckpoint?.position.epoch == 3)
        let copy = try SessionReader.read(path: saved)
        #expect(copy.epochs.count == 3)
        #expect(copy.closed, "a saved file is complete: it ends with a closing record")
        #expect(try SessionSummary.of(path: saved).text.contains("closed after"))

        let replay = try ReplaySession(path: path)
        #expect(replay.frames.count == 3)
        #expect(replay.checkpoints.count >= 2)
        #expect(replay.frames[0].configuration.optimizer.learningRate == 0.1)
        #expect(replay.frames[2].configuration.optimizer.learningRate == 0.05)
    }

    @Test("save without a recording is an error, not a crash")
    func saveWithoutRecording() throws {
        let worker = TrainingWorker(interpreter: try Fixtures.interpreter(), grid: GridSize(columns: 4, rows: 4))
        worker.start()
        worker.post(.line("save x.jsonl"))
        worker.stop()
        #expect(worker.takeReplies().first?.isError == true)
    }
}
