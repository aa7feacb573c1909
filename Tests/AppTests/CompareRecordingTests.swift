import App
import Commands
import Foundation
import NeuralNetwork
import Sessions
import Testing

@Suite("comparison: both TUI runs recorded")
struct CompareRecordingTests {
    /// A worker on a deep logistic XOR network recording into `folder/a.jsonl`.
    func worker(_ folder: Fixtures.Folder) throws -> (TrainingWorker, String) {
        var configuration = TrainingConfiguration()
        try configuration.set("dataset", "xor:points=40")
        try configuration.set("layers", "6,6,6")
        try configuration.set("activation", "logistic")
        let interpreter = Interpreter(experiment: try Experiment(configuration: configuration), programVersion: "test")
        let path = folder.file("a.jsonl")
        return (try Fixtures.recordingWorker(path, interpreter: interpreter), path)
    }

    @Test("run B's file sits next to A's, links to it, holds B's epochs, changes and resets, and both verify on their own")
    func bothRunsVerify() throws {
        let folder = try Fixtures.Folder()
        defer { folder.remove() }
        let (worker, pathA) = try worker(folder)
        worker.post(.action(.stepEpoch))
        worker.post(.line("compare activation relu"))
        for _ in 0..<3 { worker.post(.action(.stepEpoch)) }
        worker.post(.action(.stepBatch))
        worker.post(.line("set both lr 0.05"))
        worker.post(.line("step 2"))
        worker.post(.line("set lr 0.2"))
        worker.post(.line("reset"))
        worker.post(.line("step 2"))
        worker.post(.line("set both layers 6,6"))
        worker.post(.line("step 1"))
        worker.stop()
        let replies = worker.takeReplies()
        #expect(!replies.contains { $0.isError }, "\(replies.filter(\.isError))")
        let pathB = folder.file("a-B.jsonl")
        #expect(replies.contains { $0.lines.contains("run B is recorded in \(pathB)") })
        #expect(worker.comparedRecordingPaths == [pathB])

        let a = try SessionReader.read(path: pathA), b = try SessionReader.read(path: pathB)
        #expect(a.closed && b.closed)
        let link = try #require(b.header.comparison)
        #expect(link.run == "B" && link.partner == "a.jsonl" && link.differs == "activation relu" && link.copiedInitialWeights)
        #expect(b.header.configuration.activation.name == "relu" && b.header.configuration.hidden == [6, 6, 6])
        // A's own change (lr 0.2) is A's alone; `set both` and the resets are in both files.
        #expect(a.events.map(\.command) == ["reset", "set lr 0.05", "set lr 0.2", "reset", "set layers 6,6"])
        #expect(b.events.map(\.command) == ["set lr 0.05", "reset", "set layers 6,6"])
        // Lock-step: B trained the epochs A trained since the comparison began, generation by generation.
        func epochs(_ contents: SessionContents, generation: Int) -> [Int] {
            contents.epochs.filter { $0.generation == generation }.map(\.metrics.epoch)
        }
        #expect(epochs(a, generation: 2) == [1, 2, 3, 4, 5] && epochs(b, generation: 1) == [1, 2, 3, 4, 5])
        #expect(epochs(a, generation: 3) == [1, 2] && epochs(b, generation: 2) == [1, 2])
        #expect(epochs(a, generation: 4) == [1] && epochs(b, generation: 3) == [1])

        for path in [pathA, pathB] {
            let report = try SessionVerifier.verify(path: path)
            #expect(report.succeeded, "\(path): \(report.description)")
        }
        let reportB = try SessionVerifier.verify(path: pathB)
        #expect(reportB.initialWeightsAdopted == 3, "B started from A's weights in each of its three generations")
        #expect(reportB.epochsChecked == 8)
    }

    @Test("B's copied starting weights are what makes its file verify: without them the replay differs at epoch 1")
    func startingWeightsMatter() throws {
        let folder = try Fixtures.Folder()
        defer { folder.remove() }
        let (worker, _) = try worker(folder)
        worker.post(.line("compare activation relu"))
        worker.post(.line("step 2"))
        worker.stop()
        let pathB = folder.file("a-B.jsonl")
        let lines = try String(contentsOfFile: pathB, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[1].contains("\"type\":\"checkpoint\""))
        let stripped = folder.file("stripped.jsonl")
        try (lines[0...0] + lines[2...]).joined(separator: "\n").write(toFile: stripped, atomically: true, encoding: .utf8)
        let report = try SessionVerifier.verify(path: stripped)
        #expect(!report.succeeded && report.mismatch?.contains("epoch 1") == true, "\(report.description)")
    }

    @Test("a second comparison records into a new file, never over the first; :compare off closes B's file")
    func secondComparison() throws {
        let folder = try Fixtures.Folder()
        defer { folder.remove() }
        let (worker, _) = try worker(folder)
        worker.post(.line("compare activation relu"))
        worker.post(.line("step 1"))
        worker.post(.line("compare off"))
        worker.post(.line("compare lr 0.3"))
        worker.post(.line("step 1"))
        worker.stop()
        let replies = worker.takeReplies()
        let first = folder.file("a-B.jsonl"), second = folder.file("a-B2.jsonl")
        #expect(replies.contains { $0.lines.contains { $0.contains("run B's session is complete in \(first)") } })
        #expect(worker.comparedRecordingPaths == [first, second])
        let b1 = try SessionReader.read(path: first), b2 = try SessionReader.read(path: second)
        #expect(b1.closed && b1.header.comparison?.differs == "activation relu" && b1.epochs.count == 1)
        #expect(b2.closed && b2.header.comparison?.differs == "lr 0.3" && b2.epochs.count == 1)
        #expect(b1.header.comparison?.id != b2.header.comparison?.id)
        for path in [first, second] { #expect(try SessionVerifier.verify(path: path).succeeded, "\(path)") }
    }

    @Test("compare batch-norm on: B's file, with A's weights and its own normalisation, verifies alone")
    func batchNorm() throws {
        let folder = try Fixtures.Folder()
        defer { folder.remove() }
        let (worker, pathA) = try worker(folder)
        worker.post(.line("compare batch-norm on"))
        worker.post(.line("step 3"))
        worker.stop()
        #expect(!worker.takeReplies().contains { $0.isError })
        let pathB = folder.file("a-B.jsonl")
        #expect(try SessionReader.read(path: pathB).header.comparison?.differs == "batch-norm on")
        for path in [pathA, pathB] {
            let report = try SessionVerifier.verify(path: path)
            #expect(report.succeeded && report.epochsChecked == 3, "\(path): \(report.description)")
        }
    }

    @Test("the quit question names both runs' files while comparing")
    func quitQuestionNamesBoth() {
        let question = UIController.quitQuestion(recordingPath: "/s/a.jsonl", recordingPathOfB: "/s/a-B.jsonl")
        #expect(question.contains("run A in /s/a.jsonl") && question.contains("run B in /s/a-B.jsonl"))
        #expect(UIController.quitQuestion(recordingPath: "/s/a.jsonl").contains("everything is recorded in /s/a.jsonl"))
    }
}
