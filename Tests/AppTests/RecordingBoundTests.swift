import App
import Commands
import Foundation
import NeuralNetwork
import Render
import Sessions
import Testing

@Suite("Bounded recordings: thinning, a size budget, a full disk")
struct RecordingBoundTests {
    /// XOR with 40 points in one batch: an epoch is one mini-batch, so thousands are quick.
    func tinyInterpreter() throws -> Interpreter {
        var configuration = TrainingConfiguration()
        try configuration.set("dataset", "xor:points=40")
        try configuration.set("layers", "2")
        try configuration.set("batch", "40")
        try configuration.set("val", "0")
        let interpreter = Interpreter(experiment: try Experiment(configuration: configuration), programVersion: "test")
        interpreter.runsInBackground = true
        return interpreter
    }

    @Test("the policy: every epoch to 10,000, then a stride growing tenfold a decade; checkpoints likewise from 500")
    func policy() {
        #expect((1...10_000).allSatisfy(RecordingPolicy.keepsEpoch))
        #expect(!RecordingPolicy.keepsEpoch(10_001) && RecordingPolicy.keepsEpoch(10_010))
        #expect(!RecordingPolicy.keepsEpoch(100_010) && RecordingPolicy.keepsEpoch(100_100))
        #expect((1...500).allSatisfy(RecordingPolicy.checkpointsEpoch))
        #expect(!RecordingPolicy.checkpointsEpoch(501) && RecordingPolicy.checkpointsEpoch(510))
        #expect(!RecordingPolicy.checkpointsEpoch(5_010) && RecordingPolicy.checkpointsEpoch(5_100))
        // An hour at 8,800 epochs/s (README): count what is kept, by brute force over the epochs.
        let hour = 8_800 * 3_600
        var epochs = 0, checkpoints = 0
        for epoch in 1...hour {
            if RecordingPolicy.keepsEpoch(epoch) { epochs += 1 }
            if RecordingPolicy.checkpointsEpoch(epoch) { checkpoints += 1 }
        }
        #expect(epochs == 39_168)
        #expect(checkpoints == 2_566)
        // With the spiral's measured record sizes (README: ~860 bytes an epoch, ~2.4 kB a checkpoint).
        #expect(epochs * 860 + checkpoints * 2_400 < 100_000_000)
        #expect(RecordingPolicy.sizeText(999) == "999 B" && RecordingPolicy.sizeText(12_345_678) == "12.3 MB")
    }

    @Test("12,000 epochs: 10,201 recorded, each thinned one says how many it skipped, verify re-runs them bit for bit")
    func thinnedRecordingVerifies() throws {
        let folder = try Fixtures.Folder()
        defer { folder.remove() }
        let path = folder.file("long.jsonl")
        let worker = try Fixtures.recordingWorker(path, interpreter: try tinyInterpreter())
        worker.post(.line("step 11995"))
        worker.post(.line("set lr 0.05"))
        worker.post(.line("step 5"))
        worker.stop()
        let contents = try SessionReader.read(path: path)
        let epochs = contents.epochs.map(\.metrics.epoch)
        #expect(epochs.count == 10_000 + 199 + 2, "10,010 ... 11,990, then 11,995 (before the change) and 12,000")
        #expect(epochs.contains(11_995), "the epoch before a change is kept")
        #expect(epochs.last == 12_000)
        let second = try #require(contents.epochs.first { $0.metrics.epoch == 10_010 })
        #expect(second.skipped == 9)
        #expect(contents.epochs.first { $0.metrics.epoch == 11_995 }?.skipped == 4)
        let report = try SessionVerifier.verify(path: path)
        #expect(report.succeeded, "\(report.description)")
        #expect(report.epochsChecked == epochs.count)
        #expect(report.epochsRerun == 12_000 - epochs.count)
    }

    @Test("a 1 MB budget: recording stops with a message, training goes on, the file verifies, the status bar says so")
    func budget() throws {
        let folder = try Fixtures.Folder()
        defer { folder.remove() }
        let path = folder.file("budget.jsonl")
        let interpreter = try tinyInterpreter()
        let worker = try Fixtures.recordingWorker(path, interpreter: interpreter)
        worker.post(.line("set recording-budget 1"))
        worker.post(.line("step 3000"))
        worker.post(.line("step 10"))
        worker.stop()
        let replies = worker.takeReplies().flatMap(\.lines)
        #expect(replies.contains { $0.contains("reached its budget of 1.0 MB") })
        #expect(worker.snapshot.epoch == 3010, "training went on")
        let size = try #require(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
        #expect(size < 1_100_000)
        let contents = try SessionReader.read(path: path)
        #expect(contents.closed)
        #expect(try SessionVerifier.verify(path: path).succeeded)
        let line = Fixtures.render(ScreenModel(snapshot: worker.snapshot), width: 120, height: 40)[38]
        #expect(line.contains("rec 1.0 MB full") || line.contains("rec 1.1 MB full"))
    }
}

@Suite("A full disk while recording")
struct FullDiskTests {
    @Test("a 256 kB tmpfs fills up: one clear message, training goes on, the file ends with a complete record and verifies")
    func diskFull() throws {
        guard geteuid() == 0 else {
            FileHandle.standardError.write(Data("FullDiskTests: needs root to mount a tmpfs; skipped\n".utf8))
            return
        }
        let folder = try Fixtures.Folder()
        defer { folder.remove() }
        let mountPoint = folder.file("small")
        try FileManager.default.createDirectory(atPath: mountPoint, withIntermediateDirectories: true)
        guard system("mount -t tmpfs -o size=256k tmpfs '\(mountPoint)' 2>/dev/null") == 0 else {
            FileHandle.standardError.write(Data("FullDiskTests: cannot mount a tmpfs here; skipped\n".utf8))
            return
        }
        defer { _ = system("umount '\(mountPoint)'") }
        let path = mountPoint + "/session.jsonl"
        var configuration = TrainingConfiguration()
        try configuration.set("dataset", "xor:points=40")
        try configuration.set("layers", "2")
        try configuration.set("batch", "40")
        let interpreter = Interpreter(experiment: try Experiment(configuration: configuration), programVersion: "test")
        interpreter.runsInBackground = true
        let worker = try Fixtures.recordingWorker(path, interpreter: interpreter)
        worker.post(.line("step 2000"))
        worker.post(.line("step 1"))
        worker.stop()
        let errors = worker.takeReplies().filter(\.isError).flatMap(\.lines)
        #expect(errors.count == 1)
        #expect(errors.first?.contains("No space left on device") == true)
        #expect(errors.first?.contains("training goes on") == true)
        #expect(worker.snapshot.epoch == 2001)
        let contents = try SessionReader.read(path: path)
        #expect(contents.problems.isEmpty, "no torn record: \(contents.problems)")
        #expect(contents.epochs.count > 10 && contents.epochs.count < 2001)
        #expect(try SessionVerifier.verify(path: path).succeeded)
    }
}
