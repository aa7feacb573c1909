import App
import Commands
import Foundation
import Landscape
import Render
import Terminal
import Testing

@Suite("Landscape panel", .serialized)
struct LandscapePanelTests {
    @Test("L cycles random, pca, off and asks the worker each time")
    func keyCycles() throws {
        var controller = UIController()
        let snapshot = Fixtures.snapshot(try Fixtures.smallInterpreter(), width: 80, height: 24)
        #expect(controller.landscapeDirections == nil)
        #expect(controller.handle(.character("L"), snapshot: snapshot) == [.post(.landscape(.random))])
        #expect(controller.landscapeDirections == .random)
        #expect(controller.handle(.character("L"), snapshot: snapshot) == [.post(.landscape(.pca))])
        #expect(controller.handle(.character("L"), snapshot: snapshot) == [.post(.landscape(nil))])
        #expect(controller.landscapeDirections == nil)
    }

    static func request(_ interpreter: Interpreter, _ directions: PlaneDirections.Kind, recording: String? = nil) -> LandscapeRequest {
        let e = interpreter.experiment
        return LandscapeRequest(network: e.trainer.network, configuration: e.configuration, epoch: e.trainer.epoch,
                                generation: e.generation, recordingPath: recording, directions: directions)
    }

    @Test("the computation: the grid's centre is the network's training loss; pca without checkpoints falls back to random")
    func computation() throws {
        let interpreter = try Fixtures.smallInterpreter()
        _ = interpreter.execute(line: "step 5")
        var partials = 0
        let result = LandscapeJob.compute(Self.request(interpreter, .pca), progress: { _, _, _ in true }, gridDone: { _ in partials += 1 })
        guard case let .success(outcome)? = result else { Issue.record("no outcome: \(String(describing: result))"); return }
        #expect(partials == 1)
        #expect(outcome.directions == .random)
        #expect(outcome.notes.contains { $0.contains("showing random directions") })
        #expect(outcome.epoch == 5 && outcome.grid.points == 41 && outcome.path.isEmpty)
        let middle = outcome.grid.points / 2
        let trainingLoss = try #require(interpreter.experiment.trainer.evaluateTraining()).loss
        // The trainer evaluates in Float, the landscape in Double: equal to Float's precision.
        #expect(abs(outcome.grid.loss[middle][middle] - trainingLoss) <= 1e-5 * trainingLoss)
        #expect(outcome.curvature?.parameters == interpreter.experiment.trainer.network.parameterCount)
        let cancelled = LandscapeJob.compute(Self.request(interpreter, .random), progress: { _, done, _ in done < 3 })
        #expect(cancelled == nil)
    }

    @Test("the worker captures the weights and the job draws the recorded trajectory along pca directions")
    func throughTheWorker() throws {
        let folder = try Fixtures.Folder()
        defer { folder.remove() }
        let worker = try Fixtures.recordingWorker(folder.file("run.jsonl"))
        defer { worker.stop() }
        for _ in 0..<6 { worker.post(.action(.stepEpoch)) }
        // The recording's writer thread must have written the checkpoints before the job reads them.
        var outcome: LandscapeOutcome?
        for _ in 0..<600 where outcome == nil {
            if worker.snapshot.epoch == 6 {
                worker.post(.landscape(.pca))
                for _ in 0..<600 {
                    if case let .finished(o) = worker.landscape.state.state, o.curvature != nil { outcome = o; break }
                    Thread.sleep(forTimeInterval: 0.05)
                }
                if let o = outcome, o.directions != .pca || o.path.count < 6 { outcome = nil }
            } else {
                Thread.sleep(forTimeInterval: 0.05)
            }
        }
        let o = try #require(outcome)
        #expect(o.directions == .pca)
        #expect(o.path.count == 6, "one projected point per recorded epoch")
        #expect(o.path.last == PlanePoint(alpha: 0, beta: 0), "the last checkpoint is the centre")
        let ev = try #require(o.explainedVariance)
        #expect(ev[0] > 0 && ev[0] >= ev[1])
        worker.post(.landscape(nil))
        for _ in 0..<200 {
            if case .idle = worker.landscape.state.state { break }
            Thread.sleep(forTimeInterval: 0.01)
        }
        guard case .idle = worker.landscape.state.state else { Issue.record("L off should cancel the job"); return }
    }

    @Test("the panel replaces the activation panel and says while it computes")
    func panelOnScreen() throws {
        let interpreter = try Fixtures.smallInterpreter()
        _ = interpreter.execute(line: "step 2")
        var model = ScreenModel(snapshot: Fixtures.snapshot(interpreter, width: 120, height: 40))
        model.landscape = .computing(epoch: 2, directions: .random, stage: "loss grid", done: 7, total: 41, previous: nil)
        var lines = Fixtures.render(model, width: 120, height: 40, theme: .plain)
        #expect(lines.containsText("computing the random landscape at epoch 2: loss grid 7/41"))
        #expect(!lines.containsText("Activation:"))
        guard case let .success(outcome)? = LandscapeJob.compute(Self.request(interpreter, .random), progress: { _, _, _ in true }) else {
            Issue.record("no outcome"); return
        }
        model.landscape = .finished(outcome)
        lines = Fixtures.render(model, width: 120, height: 40, theme: .plain)
        #expect(lines.containsText("Landscape: random directions, epoch 2"))
        #expect(lines.containsText("curvature: λmax"))
        #expect(lines.containsText("loss here"))
        #expect(lines.containsText("@ here"))
        model.landscape = nil
        #expect(Fixtures.render(model, width: 120, height: 40, theme: .plain).containsText("Activation:"))
    }
}
