import App
import Commands
import Foundation
import NeuralNetwork
import Render
import Testing
@testable import App

@Suite("comparison: the inspector and the network view follow the selected run")
struct CompareInsideTests {
    func worker() throws -> TrainingWorker {
        let interpreter = try Fixtures.interpreter(dataset: "xor:points=40", ["set layers 6,6", "set activation logistic"])
        let worker = TrainingWorker(interpreter: interpreter, grid: Screen.dataGrid(width: 120, height: 40))
        worker.start()
        worker.post(.line("compare activation relu"))
        worker.post(.line("step 3"))
        return worker
    }

    @Test("B switches the views to run B and back; without a comparison it says why and changes nothing")
    func key() throws {
        var controller = UIController()
        let alone = Fixtures.snapshot(try Fixtures.smallInterpreter(), width: 120, height: 40)
        #expect(controller.handle(.character("B"), snapshot: alone).isEmpty)
        #expect(controller.message?.lines.first?.hasPrefix("B: no comparison is on") == true)
        #expect(!controller.inside.showsRunB)

        let worker = try worker()
        worker.stop()
        let compared = worker.snapshot
        _ = controller.handle(.character("i"), snapshot: compared)
        let effects = controller.handle(.character("B"), snapshot: compared)
        #expect(controller.inside.showsRunB && controller.message?.lines == ["inspector and network view: run B (B switches)"])
        #expect(effects == [.post(.setInside(InsideRequest(inspectedExample: 0, network: nil, distributionLayer: 1, runB: true)))])
        _ = controller.handle(.character("B"), snapshot: compared)
        #expect(!controller.inside.showsRunB)
    }

    @Test("the worker inspects run B's network when asked, and the screen titles say which run")
    func workerAndScreen() throws {
        let worker = try worker()
        worker.post(.setInside(InsideRequest(inspectedExample: 2, runB: true)))
        worker.post(.line("pause"))
        worker.stop()
        let snapshot = worker.snapshot
        let b = try #require(snapshot.compared?.b)
        let inspectionB = try #require(b.inspector?.inspection)
        #expect(snapshot.inspector == nil, "run A is not inspected while the views follow B")
        #expect(b.zDistribution != nil && snapshot.zDistribution != nil, "each run's activation panel has its own z histogram")
        #expect(b.zDistribution != snapshot.zDistribution)
        // Independently: the same comparison stepped outside the worker; the example through each run's network.
        var configuration = TrainingConfiguration()
        try configuration.set("dataset", "xor:points=40")
        try configuration.set("layers", "6,6")
        try configuration.set("activation", "logistic")
        let comparison = try Comparison(a: try Experiment(configuration: configuration), key: "activation", value: "relu")
        for _ in 0..<3 { comparison.stepEpoch() }
        #expect(b.configuration.activation.name == "relu" && b.epoch == 3)
        #expect(inspectionB == InspectorData.make(trainer: comparison.b.trainer, example: 2)?.inspection)
        #expect(inspectionB != InspectorData.make(trainer: comparison.a.trainer, example: 2)?.inspection)

        var model = ScreenModel(snapshot: snapshot)
        model.inside.view = .inspector
        model.inside.example = 2
        model.inside.showsRunB = true
        let lines = Fixtures.render(model, width: 120, height: 40)
        #expect(lines[0].hasPrefix("┌ Backprop of run B: example 2 of "), "\(lines[0])")
        #expect(lines[0].hasSuffix("[B]┐"), "the right-hand panels are marked with the run")
        #expect(lines.contains { $0.contains("loss L = \(InspectionText.number(inspectionB.output.lossValue))") })
        #expect(lines[38].contains("B activation relu"), "the status bar of a comparison")

        model.inside.showsRunB = false
        let linesA = Fixtures.render(model, width: 120, height: 40)
        #expect(linesA[0].hasPrefix("┌ Backprop inspector of run A"), "A's numbers were not computed: the panel says it waits")
    }

    @Test("the network view follows run B too: its picture is B's network, titled so")
    func networkView() throws {
        let worker = try worker()
        let selection = NeuronSelection(layer: 1, unit: 0)
        worker.post(.setInside(InsideRequest(network: selection, runB: true)))
        worker.post(.line("pause"))
        worker.stop()
        let snapshot = worker.snapshot
        let picture = try #require(snapshot.compared?.b.network)
        #expect(snapshot.network == nil)
        var model = ScreenModel(snapshot: snapshot)
        model.inside.view = .network
        model.inside.showsRunB = true
        let lines = Fixtures.render(model, width: 120, height: 40)
        #expect(lines[0].hasPrefix("┌ Network of run B: 2-6-6-"), "\(lines[0])")
        #expect(lines[0].hasSuffix("[B]┐"))
        // B's own network: the selected neuron's incoming weights are those of a lock-step B trained alone.
        var configuration = TrainingConfiguration()
        try configuration.set("dataset", "xor:points=40")
        try configuration.set("layers", "6,6")
        try configuration.set("activation", "logistic")
        let comparison = try Comparison(a: try Experiment(configuration: configuration), key: "activation", value: "relu")
        for _ in 0..<3 { comparison.stepEpoch() }
        let expected = NetworkPicture.make(trainer: comparison.b.trainer, selection: selection, grid: Screen.dataGrid(width: 120, height: 40), example: 0)
        let ofA = NetworkPicture.make(trainer: comparison.a.trainer, selection: selection, grid: Screen.dataGrid(width: 120, height: 40), example: 0)
        #expect("\(picture.layers)" == "\(expected.layers)")
        #expect("\(picture.layers)" != "\(ofA.layers)")
    }
}
