import Foundation
import App
import Commands
import NeuralNetwork
import Render
import Testing

@Suite("Screens with Playground's settings")
struct LinearModelScreenTests {
    @Test("a network without hidden layers renders every panel and says it is a linear model", arguments: [(80, 24), (120, 40)])
    func noHiddenLayer(size: (Int, Int)) throws {
        let (width, height) = size
        let interpreter = try Fixtures.interpreter(["set layers none", "step 3"])
        let model = ScreenModel(snapshot: Fixtures.snapshot(interpreter, width: width, height: height))
        let lines = Fixtures.render(model, width: width, height: height)
        #expect(lines.count == height)
        for title in ["Loss", "Data: spiral (decision map)", "Activation: none", "Gradients"] {
            #expect(lines.containsText(title), "missing \(title) at \(width)x\(height)")
        }
        #expect(lines[height - 2].contains("2-3"))
        #expect(lines[height - 2].contains("no hidden layer"))
        #expect(lines.containsText("No hidden layer"))
    }

    @Test("input features: the data panel still draws the 2-D points and the decision map")
    func features() throws {
        let interpreter = try Fixtures.interpreter(dataset: "circle", ["set layers none", "set features x1^2,x2^2", "step 20"])
        let lines = Fixtures.render(ScreenModel(snapshot: Fixtures.snapshot(interpreter, width: 120, height: 40)), width: 120, height: 40)
        #expect(lines.containsText("Data: circle (decision map)"))
        #expect(lines[38].contains("2-2"))
    }
}

@Suite("L1 on screen")
struct L1ScreenTests {
    @Test("with L1 on, the gradient panel shows each layer's share of zero weights, as the diagnostics compute it")
    func zeroShares() throws {
        let interpreter = try Fixtures.interpreter(dataset: "xor", ["set layers 8", "set l1 0.02", "step 30"])
        let lines = Fixtures.render(ScreenModel(snapshot: Fixtures.snapshot(interpreter, width: 120, height: 40)), width: 120, height: 40)
        let latest = try #require(interpreter.experiment.trainer.history.last)
        for layer in latest.layers {
            let share = try #require(layer.zeroWeightFraction)
            #expect(lines.containsText("zero \(Int((share * 100).rounded()))%"))
        }
        let plain = try Fixtures.interpreter(dataset: "xor", ["set layers 8", "step 3"])
        #expect(!Fixtures.render(ScreenModel(snapshot: Fixtures.snapshot(plain, width: 120, height: 40)), width: 120, height: 40)
            .containsText(" zero "))
    }
}

@Suite("2-D regression datasets")
struct RegressionMapTests {
    @Test("plane and gaussians draw the output as a heat map with the points; the map follows the network's prediction",
          arguments: ["plane", "gaussians"])
    func heatMap(dataset: String) throws {
        let interpreter = try Fixtures.interpreter(dataset: dataset, ["step 5"])
        let snapshot = Fixtures.snapshot(interpreter, width: 120, height: 40)
        let lines = Fixtures.render(ScreenModel(snapshot: snapshot), width: 120, height: 40)
        #expect(lines.containsText("Data: \(dataset) (output heat map)"))
        #expect(lines.containsText("dots: targets"))
        guard case let .heatMap(map, scale) = snapshot.dataView else {
            Issue.record("expected a heat map, got \(snapshot.dataView)")
            return
        }
        #expect(map.points.count == 200)
        // One cell checked against the trainer's own prediction at its centre.
        let trainer = interpreter.experiment.trainer
        let rows = map.grid.count, columns = map.grid[0].count
        let x = map.xRange.lowerBound + 0.5 / Double(columns) * (map.xRange.upperBound - map.xRange.lowerBound)
        let y = map.yRange.lowerBound + 0.5 / Double(rows) * (map.yRange.upperBound - map.yRange.lowerBound)
        let output = trainer.predict(points: [x, y], count: 1)[0]
        // (Single precision: a one-row product may round differently from the whole grid's.)
        let expected = DataView.heatSample(output, scale: scale)
        #expect(map.grid[0][0].classIndex == expected.classIndex)
        #expect(abs(map.grid[0][0].confidence - expected.confidence) < 1e-5)
        #expect(expected.confidence == min(1, abs(output) / scale))
    }
}
