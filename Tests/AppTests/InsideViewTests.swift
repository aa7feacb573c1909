import App
import Commands
import Foundation
import NeuralNetwork
import Render
import Terminal
import Testing

/// The network view (`n`) and the backprop inspector (`i`): keys, what the worker computes for
/// them, and the rendered screens as whole buffers at 80x24 and 120x40.
@Suite("Network view and backprop inspector")
struct InsideViewTests {
    /// Compares the panels (everything above the status bar, which other views own) with
    /// Tests/AppTests/Golden/NAME.txt; NNSCOPE_UPDATE_GOLDEN=1 rewrites the file.
    func expectGolden(_ lines: [String], _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let panels = Array(lines.dropLast(2))
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden/\(name).txt")
        let text = panels.joined(separator: "\n") + "\n"
        if ProcessInfo.processInfo.environment["NNSCOPE_UPDATE_GOLDEN"] == "1" {
            try text.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        let expectedLines = expected.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
        #expect(expectedLines.count == panels.count, "\(name): \(panels.count) lines, golden has \(expectedLines.count)", sourceLocation: sourceLocation)
        for (row, (got, want)) in zip(panels, expectedLines).enumerated() where got != want {
            Issue.record("\(name) line \(row):\n got  |\(got)|\n want |\(want)|", sourceLocation: sourceLocation)
        }
    }

    static func xor(_ lines: [String] = ["step 20"]) throws -> Interpreter {
        try Fixtures.interpreter(dataset: "xor:points=80", ["set layers 4,3", "set activation tanh"] + lines)
    }

    /// A snapshot with the inside views `request` asks for, computed as the worker does.
    static func snapshot(_ interpreter: Interpreter, width: Int, height: Int, request: InsideRequest) -> Snapshot {
        var snapshot = Fixtures.snapshot(interpreter, width: width, height: height)
        let trainer = interpreter.experiment.trainer
        if let example = request.inspectedExample { snapshot.inspector = InspectorData.make(trainer: trainer, example: example) }
        if let selection = request.network {
            snapshot.network = NetworkPicture.make(trainer: trainer, selection: selection,
                                                   grid: Screen.dataGrid(width: width, height: height), example: 0)
        }
        return snapshot
    }

    /// The model after pressing `keys` on a live controller over `interpreter`.
    static func model(_ interpreter: Interpreter, keys: [Key], width: Int, height: Int) -> ScreenModel {
        var controller = UIController()
        var snapshot = Fixtures.snapshot(interpreter, width: width, height: height)
        for key in keys {
            for effect in controller.handle(key, snapshot: snapshot) {
                if case let .post(.setInside(request)) = effect {
                    snapshot = Self.snapshot(interpreter, width: width, height: height, request: request)
                }
            }
        }
        return controller.model(snapshot: snapshot)
    }

    // MARK: Keys

    @Test("n and i open and close the views and tell the worker what to compute")
    func keysToggleTheViews() throws {
        var controller = UIController()
        let snapshot = Fixtures.snapshot(try Self.xor([]), width: 80, height: 24)
        #expect(controller.handle(.character("n"), snapshot: snapshot)
            == [.post(.setInside(InsideRequest(network: NeuronSelection(layer: 1, unit: 0))))])
        #expect(controller.inside.view == .network)
        #expect(controller.handle(.character("i"), snapshot: snapshot) == [.post(.setInside(InsideRequest(inspectedExample: 0)))])
        #expect(controller.inside.view == .inspector)
        #expect(controller.handle(.right, snapshot: snapshot) == [.post(.setInside(InsideRequest(inspectedExample: 1)))])
        #expect(controller.handle(.escape, snapshot: snapshot) == [.post(.setInside(InsideRequest()))])
        #expect(controller.inside.view == .overview)
        // With the views closed the arrows do nothing and the other keys still work.
        #expect(controller.handle(.right, snapshot: snapshot).isEmpty)
        #expect(controller.handle(.character(" "), snapshot: snapshot) == [.post(.action(.stepEpoch))])
    }

    @Test("examples wrap around the training split; the selection stays inside the network")
    func movesAreClamped() throws {
        let interpreter = try Self.xor()
        let trainCount = interpreter.experiment.trainer.trainCount
        var model = Self.model(interpreter, keys: [.character("i"), .left], width: 80, height: 24)
        #expect(model.inside.example == trainCount - 1)
        #expect(model.snapshot.inspector?.inspection.example == trainCount - 1)
        model = Self.model(interpreter, keys: [.character("n"), .right, .right, .right, .right, .down, .down, .down, .down, .down],
                           width: 80, height: 24)
        // 2-4-3-2 (the output layer has 2 units): layer 3 is the output; units 0...1.
        #expect(model.inside.selection == NeuronSelection(layer: 3, unit: 1))
        #expect(model.snapshot.network?.selected == NeuronSelection(layer: 3, unit: 1))
        model = Self.model(interpreter, keys: [.character("n"), .left, .left, .up], width: 80, height: 24)
        #expect(model.inside.selection == NeuronSelection(layer: 0, unit: 0))
    }

    // MARK: Numbers

    @Test("the picture's maps and activity are the trainer's own outputs")
    func pictureNumbers() throws {
        let interpreter = try Self.xor()
        let trainer = interpreter.experiment.trainer
        let grid = GridSize(columns: 6, rows: 4)
        let picture = NetworkPicture.make(trainer: trainer, selection: NeuronSelection(layer: 1, unit: 2), grid: grid, example: 0)
        #expect(picture.layerWidths == [2, 4, 3, 2])
        let layer = trainer.network.layers[0]
        #expect(picture.selectedIncoming == (0..<2).map { layer.weights[$0, 2] })
        #expect(picture.selectedBias == [layer.bias[2]])
        // The selected map at a grid point: tanh(x·w + b) of the standardised point, signed.
        let map = try #require(picture.selectedMap)
        let outputs = trainer.layerOutputs(points: [0.1, -0.2], count: 1)
        #expect(outputs.count == 3 && outputs[0].count == 4)
        #expect(map.grid.count == 4 && map.grid[0].count == 6)
        // Activity: the share of examples with f′ below 5% of its maximum, from the inspector.
        let counted = (0..<min(trainer.trainCount, NetworkPicture.activityExamples)).filter { e in
            let f = (try? trainer.inspect(example: e))?.layers[0].fprime[2] ?? 1
            return abs(f) < 0.05
        }.count
        let expected = Double(counted) / Double(min(trainer.trainCount, NetworkPicture.activityExamples))
        #expect(abs(picture.activity[0][2].saturatedShare - expected) < 1e-12)
        #expect(picture.activityExampleCount == trainer.trainCount)
    }

    @Test("the z histogram counts every pre-activation of the selected layer once")
    func zDistribution() throws {
        let interpreter = try Self.xor()
        let trainer = interpreter.experiment.trainer
        let d = try #require(ZDistribution.make(trainer: trainer, layer: 2, range: -1...1))
        #expect(d.layer == 2)
        #expect(d.values == d.examples * 3)
        #expect(d.counts.reduce(0, +) + d.outside == d.values)
        let z = trainer.preactivations(layer: 1)
        #expect(d.outside == z.filter { $0 < -1 || $0 > 1 }.count)
        #expect(d.counts[0] == z.filter { $0 >= -1 && Double($0) < -1 + 2.0 / Double(ZDistribution.bins) }.count)
        #expect(ZDistribution.make(trainer: trainer, layer: 9, range: -1...1)?.layer == 2)
        // Drawn under f and f′ in the activation panel, with its reading.
        var snapshot = Fixtures.snapshot(interpreter, width: 120, height: 40)
        let range = ZDistribution.panelRange(history: snapshot.history)
        snapshot.zDistribution = ZDistribution.make(trainer: trainer, layer: 1, range: range)
        let lines = Fixtures.render(ScreenModel(snapshot: snapshot), width: 120, height: 40)
        #expect(lines.containsText("z L1 histogram, 64 examples:"))
        #expect(lines.containsText("─ z L1"))
    }

    @Test("a network too large to draw still opens, with a summary")
    func largeNetwork() throws {
        let interpreter = try Fixtures.interpreter(dataset: "spiral", ["set layers 256,256"])
        let model = Self.model(interpreter, keys: [.character("n"), .right, .down], width: 80, height: 24)
        let picture = try #require(model.snapshot.network)
        #expect(picture.layers[1].weights == nil)
        let lines = Fixtures.render(model, width: 80, height: 24)
        #expect(lines.joined(separator: " ").contains("weights too many to draw"))
        #expect(lines.containsText("of 256"))
    }

    // MARK: Screens

    @Test("the network view at 80x24 and 120x40", arguments: [(80, 24), (120, 40)])
    func networkScreen(size: (Int, Int)) throws {
        let (width, height) = size
        let model = Self.model(try Self.xor(), keys: [.character("n"), .right, .down], width: width, height: height)
        let lines = Fixtures.render(model, width: width, height: height)
        try expectGolden(lines, "network-\(width)x\(height)")
        #expect(lines.containsText("Network 2-4-3-2"))
        #expect(lines.containsText("Neuron layer 2 unit 2"))
        // The selected neuron is marked and its thumbnail is drawn in colour.
        var buffer = Buffer(width: width, height: height)
        Screen.render(model: model, into: &buffer, theme: .rich)
        let marker = try #require((0..<height).lazy.flatMap { y in (0..<width).lazy.map { (x: $0, y: y) } }
            .first { buffer[$0.x, $0.y].character == "▶" })
        #expect(buffer[marker.x + 1, marker.y].character == "▀")
        #expect(buffer[marker.x + 1, marker.y].foreground != .default)
        // Its bias cell follows the thumbnail on the same row.
        #expect((marker.x + 2..<min(width, marker.x + 12)).contains { buffer[$0, marker.y].character == "b" })
    }

    @Test("the inspector at 80x24 and 120x40", arguments: [(80, 24), (120, 40)])
    func inspectorScreen(size: (Int, Int)) throws {
        let (width, height) = size
        let model = Self.model(try Self.xor(), keys: [.character("i"), .right, .right], width: width, height: height)
        let lines = Fixtures.render(model, width: width, height: height)
        try expectGolden(lines, "inspector-\(width)x\(height)")
        #expect(lines.containsText("Backprop: example 2 of"))
        #expect(lines.containsText("z⁽¹⁾ = W⁽¹⁾a⁽⁰⁾ + b⁽¹⁾"))
        #expect(lines.containsText("This example"))
        #expect(lines.containsText("true class"))
    }

    @Test("the inspector scrolls to the output layer and its reading")
    func inspectorScrolls() throws {
        let model = Self.model(try Self.xor(), keys: [.character("i")] + Array(repeating: Key.pageDown, count: 10), width: 120, height: 40)
        let lines = Fixtures.render(model, width: 120, height: 40)
        #expect(lines.containsText("p = softmax(s) = e / Σe") || lines.containsText("p = σ(s)"))
        #expect(lines.containsText("reading: δ"))
    }

    // MARK: Worker and replay

    @Test("the worker publishes the inspector and the picture while they are open")
    func workerComputesTheViews() throws {
        let interpreter = try Self.xor([])
        let worker = TrainingWorker(interpreter: interpreter, grid: GridSize(columns: 8, rows: 6))
        worker.start()
        defer { worker.stop() }
        worker.post(.setInside(InsideRequest(inspectedExample: 3)))
        worker.post(.line("step 2"))
        let deadline = ContinuousClock.now + .seconds(20)
        while worker.snapshot.epoch < 2 || worker.snapshot.inspector == nil, ContinuousClock.now < deadline { Thread.sleep(forTimeInterval: 0.01) }
        let snapshot = worker.snapshot
        #expect(snapshot.inspector?.inspection.example == 3)
        #expect(snapshot.inspector?.epoch == 2)
        #expect(snapshot.network == nil)
        #expect(snapshot.zDistribution?.layer == 1)
        worker.post(.setInside(InsideRequest(network: NeuronSelection(layer: 2, unit: 1))))
        while worker.snapshot.network == nil, ContinuousClock.now < deadline { Thread.sleep(forTimeInterval: 0.01) }
        #expect(worker.snapshot.network?.selected == NeuronSelection(layer: 2, unit: 1))
        #expect(worker.snapshot.inspector == nil)
    }

    @Test("in replay the views use the checkpoint at or before the shown epoch")
    func replayViews() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("sessions/xor-minimal.jsonl").path
        let viewer = try ReplayViewer(session: ReplaySession(path: path), grid: GridSize(columns: 20, rows: 10))
        #expect(!viewer.handle(.end))
        #expect(!viewer.handle(.character("i")))
        #expect(!viewer.handle(.tab))
        var model = viewer.model()
        #expect(model.inside.view == .inspector)
        #expect(model.snapshot.inspector?.inspection.example == 1)
        #expect(model.snapshot.inspector?.epoch == 300)
        #expect(!viewer.handle(.character("n")))
        #expect(!viewer.handle(.down))
        model = viewer.model()
        #expect(model.snapshot.network?.selected == NeuronSelection(layer: 1, unit: 1))
        let lines = Fixtures.render(model, width: 80, height: 24)
        #expect(lines.containsText("Network 2-3-1"))
        // ←/→ still move through the epochs; Esc closes the view, then q leaves.
        #expect(!viewer.handle(.home))
        #expect(!viewer.handle(.escape))
        #expect(viewer.model().inside.view == .overview)
        #expect(viewer.handle(.character("q")))
    }
}
