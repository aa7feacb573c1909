import App
import Foundation
import Landscape
import NeuralNetwork
import Render
import Sessions
import Terminal
import Testing

@Suite("Landscape panel on the replay", .serialized)
struct ReplayLandscapeTests {
    static var grid: GridSize { Screen.dataGrid(width: 120, height: 40) }

    /// Six epochs of the small XOR network, recorded with a checkpoint after each.
    func recorded(_ folder: Fixtures.Folder) throws -> String {
        let path = folder.file("six.jsonl")
        let worker = try Fixtures.recordingWorker(path)
        for _ in 0..<6 { worker.post(.action(.stepEpoch)) }
        worker.stop()
        return path
    }

    /// Ticks the viewer until its landscape panel shows a finished picture with its curvature.
    func finished(_ viewer: ReplayViewer, epoch: Int) -> LandscapeOutcome? {
        for _ in 0..<1200 {
            _ = viewer.tick(seconds: 0)
            if case let .finished(o)? = viewer.model().landscape, o.epoch == epoch, o.curvature != nil { return o }
            Thread.sleep(forTimeInterval: 0.025)
        }
        return nil
    }

    @Test("L on the replay cycles random, pca, off, as live")
    func keyCycles() {
        var controller = ReplayController(frameCount: 3, source: "x.jsonl")
        #expect(controller.landscapeDirections == nil)
        _ = controller.handle(.character("L"))
        #expect(controller.landscapeDirections == .random)
        _ = controller.handle(.character("L"))
        #expect(controller.landscapeDirections == .pca)
        _ = controller.handle(.character("L"))
        #expect(controller.landscapeDirections == nil)
        _ = controller.handle(.character("l"))
        #expect(controller.landscapeDirections == nil && controller.logScale)
    }

    @Test("the panel is computed off the UI thread from the shown epoch's checkpoint; moving restarts it; L off cancels")
    func computedFromTheShownCheckpoint() throws {
        let folder = try Fixtures.Folder()
        defer { folder.remove() }
        let session = try ReplaySession(path: try recorded(folder))
        #expect(session.checkpoints.count == 6)
        let viewer = try ReplayViewer(session: session, grid: Self.grid)
        #expect(viewer.model().landscape == nil)
        _ = viewer.handle(.character("L"))
        // The key returns at once: the job computes on its own thread.
        switch viewer.model().landscape {
        case .computing?, .finished?: break
        default: Issue.record("expected the panel to be computing, got \(String(describing: viewer.model().landscape))")
        }
        let first = try #require(finished(viewer, epoch: 1))
        #expect(first.directions == .random && first.path.isEmpty)
        // The centre is the checkpoint's mean training loss.
        let problem = TrainingLoss(trainer: try Trainer<Double>(configuration: session.frames[0].configuration),
                                   network: session.checkpoints[0].network)
        var evaluator = problem.evaluator()
        #expect(abs(first.grid.loss[first.grid.points / 2][first.grid.points / 2] - evaluator.loss(at: problem.centre)) <= 1e-12)

        _ = viewer.handle(.end)
        _ = viewer.handle(.character("L"))
        let last = try #require(finished(viewer, epoch: 6))
        #expect(last.directions == .pca)
        #expect(last.path.count == 5, "the five checkpoints before the shown one, projected")
        let lines = Fixtures.render(viewer.model(), width: 120, height: 40, theme: .plain)
        #expect(lines.containsText("Landscape: pca directions, epoch 6"))
        #expect(lines.containsText("curvature: λmax"))

        _ = viewer.handle(.left)
        let previous = try #require(finished(viewer, epoch: 5))
        #expect(previous.path.count == 4)

        _ = viewer.handle(.character("L"))
        #expect(viewer.model().landscape == nil)
        guard case .idle = viewer.landscape.state.state else { Issue.record("L off should cancel the job"); return }
    }

    @Test("an epoch before the first checkpoint says so in the panel")
    func noCheckpointYet() throws {
        let folder = try Fixtures.Folder()
        defer { folder.remove() }
        var records: [SessionRecord] = []
        var kept = 0
        try SessionReader.stream(path: try recorded(folder)) { item in
            guard case let .record(record, _, _) = item else { return }
            if case let .checkpoint(c) = record, c.position.epoch < 4 { return }
            if case .checkpoint = record { kept += 1 }
            records.append(record)
        }
        #expect(kept == 3)
        let viewer = try ReplayViewer(session: ReplaySession(records: records, source: "later.jsonl"), grid: Self.grid)
        _ = viewer.handle(.character("L"))
        guard case let .failed(message)? = viewer.model().landscape else { Issue.record("expected a message"); return }
        #expect(message.hasPrefix("no checkpoint at or before epoch 1 in this session"))
        #expect(Fixtures.render(viewer.model(), width: 120, height: 40, theme: .plain).containsText("no checkpoint at or before epoch 1"))
        _ = viewer.handle(.end)
        let o = try #require(finished(viewer, epoch: 6))
        #expect(o.directions == .random)
    }
}
