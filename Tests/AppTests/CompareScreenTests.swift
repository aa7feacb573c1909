import App
import Foundation
import NeuralNetwork
import Render
import Testing
@testable import App

@Suite("comparison: screen and worker")
struct CompareScreenTests {
    /// A deep logistic network compared with ReLU, trained `epochs` epochs in lock-step.
    func compared(epochs: Int) throws -> (Comparison, Snapshot) {
        var configuration = TrainingConfiguration()
        try configuration.set("layers", "16,16,16,16,16")
        try configuration.set("activation", "logistic")
        let comparison = try Comparison(a: try Experiment(configuration: configuration), key: "activation", value: "relu")
        for _ in 0..<epochs { comparison.stepEpoch() }
        let grid = Screen.dataGrid(width: 120, height: 40)
        var snapshot = Snapshot.capture(comparison.a, version: 1, grid: grid)
        snapshot.compared = ComparedSnapshot.capture(comparison, version: 1, grid: grid, isRunning: false, dataView: nil)
        return (comparison, snapshot)
    }

    @Test("120x40: loss curves overlaid with a legend, decision maps and gradients of A and B side by side, both activations, a status bar naming both runs")
    func overlaid() throws {
        let (comparison, snapshot) = try compared(epochs: 3)
        let lines = Fixtures.render(ScreenModel(snapshot: snapshot), width: 120, height: 40)
        #expect(lines.count == 40 && lines.allSatisfy { CharacterWidth.of($0) == 120 })
        #expect(lines[0].hasPrefix("┌ Loss A and B"))
        #expect(lines[0].components(separatedBy: "Data: spiral").count == 3)
        #expect(lines[0].contains("[A]┐┌") && lines[0].hasSuffix("[B]┐"))
        for label in ["─ A train", "─ B train", "─ A val", "─ B val"] { #expect(lines.contains { $0.contains(label) }, "legend \(label)") }
        let lower = try #require(lines.firstIndex { $0.contains("Activation: logistic") })
        #expect(lines[lower].contains("Activation: relu") && lines[lower].components(separatedBy: "Gradients |dL/dW|").count == 3)
        let status = lines[38]
        for part in ["A activation logistic", "B activation relu", "same initial weights", "epoch A 3 B 3", "paused", "c: side by side"] {
            #expect(status.contains(part), "status bar: \(part)")
        }
        // Each half shows its own run's numbers: the readouts and the bars' first-layer norms.
        let a = try #require(comparison.a.trainer.history.last), b = try #require(comparison.b.trainer.history.last)
        #expect(lines.contains { $0.contains("│A train \(NumberFormat.compact(a.trainLoss))  val \(NumberFormat.compact(a.valLoss!))") })
        #expect(lines.contains { $0.contains("│B train \(NumberFormat.compact(b.trainLoss))  val \(NumberFormat.compact(b.valLoss!))") })
        // The two gradient panels, cut out of the screen by column: each holds its own run's layer-1 norm.
        let titles = Array(lines[lower])
        let starts = titles.indices.filter { titles[$0] == "┌" && String(titles[$0...].prefix(11)) == "┌ Gradients" }
        #expect(starts.count == 2)
        guard starts.count == 2 else { return }
        func panel(from first: Int, to last: Int) -> String {
            lines[lower...].map { String(Array($0)[first..<min(last, $0.count)]) }.joined(separator: "\n")
        }
        let panelA = panel(from: starts[0], to: starts[1]), panelB = panel(from: starts[1], to: 120)
        #expect(panelA.contains(NumberFormat.compact(a.layers[0].gradNorm)), "\(panelA)")
        #expect(panelB.contains(NumberFormat.compact(b.layers[0].gradNorm)), "\(panelB)")
        #expect(!panelA.contains(NumberFormat.compact(b.layers[0].gradNorm) + " "))
        // The vanishing gradient itself: A's first layer learns orders of magnitude slower.
        #expect(a.layers[0].gradNorm * 20 < b.layers[0].gradNorm)
    }

    @Test("c: every panel side by side, and the status bar says what differs when more than one setting does")
    func sideBySide() throws {
        let (comparison, _) = try compared(epochs: 2)
        try comparison.set("lr", "0.05", both: false)
        let grid = Screen.dataGrid(width: 120, height: 40)
        var snapshot = Snapshot.capture(comparison.a, version: 1, grid: grid)
        snapshot.compared = ComparedSnapshot.capture(comparison, version: 1, grid: grid, isRunning: false, dataView: nil)
        var model = ScreenModel(snapshot: snapshot)
        model.comparesSideBySide = true
        let lines = Fixtures.render(model, width: 120, height: 40)
        #expect(lines[0].hasPrefix("┌ Loss ") && lines[0].components(separatedBy: "┌ Loss ").count == 3)
        #expect(lines[38].contains("also differ: lr 0.05→0.1") && lines[38].contains("c: overlay"))
    }

    @Test("the worker: :compare, lock-step steps, :set both, reset; bad input leaves A as it was")
    func worker() throws {
        let interpreter = try Fixtures.interpreter(dataset: "spiral", ["set layers 8,8,8", "set activation logistic"])
        let worker = TrainingWorker(interpreter: interpreter, grid: GridSize(columns: 10, rows: 10))
        worker.start()
        worker.post(.action(.stepEpoch))
        worker.post(.line("compare colour red"))
        worker.post(.line("set both lr 0.05"))
        worker.post(.line("compare activation relu"))
        for _ in 0..<3 { worker.post(.action(.stepEpoch)) }
        worker.post(.action(.stepBatch))
        worker.post(.line("set both batch 20"))
        worker.stop()
        let replies = worker.takeReplies()
        let snapshot = worker.snapshot
        #expect(replies[1].isError && replies[1].lines == ["compare colour red: unknown setting 'colour'"])
        #expect(replies[2].isError && replies[2].lines.first?.hasPrefix("set both: no comparison is on") == true)
        #expect(replies.contains { $0.lines.contains("run A reset to epoch 0, so that both runs start from the same weights") })
        let compared = try #require(snapshot.compared)
        #expect(compared.differs == "activation relu" && compared.startingPoint == "initial weights copied from run A")
        #expect(snapshot.epoch == 3 && compared.b.epoch == 3)
        #expect(snapshot.batchInEpoch == 1 && compared.b.batchInEpoch == 1)
        #expect(snapshot.configuration.batchSize == 20 && compared.b.configuration.batchSize == 20)
        #expect(compared.differences == ["activation logistic→relu"])
    }
}
