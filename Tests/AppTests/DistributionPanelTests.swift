import App
import Commands
import NeuralNetwork
import Render
import Foundation
import Sessions
import Testing

/// The distribution charts (`D`): percentile bands per epoch, drawn from the history's records,
/// compared as whole panels.
@Suite("Distribution charts")
struct DistributionPanelTests {
    /// Epochs 1-4 of a 2-layer network whose layer 1 widens every epoch: z's percentiles are
    /// ±(epoch · [3, 2, 1, 0]) around 0, a = tanh-like (z halved), ∂L/∂W shrinking.
    static func history() -> [EpochMetrics] {
        (1...4).map { epoch in
            let e = Double(epoch)
            let z = [-3 * e, -2 * e, -e, 0, e, 2 * e, 3 * e]
            let layer1 = LayerDiagnostics(gradNorm: 1, weightNorm: 1, deadFraction: 0, saturatedFraction: 0,
                                          distributions: LayerDistributions(z: z, a: z.map { $0 / 2 }, gradient: z.map { $0 / (e * e) }))
            let output = LayerDiagnostics(gradNorm: 1, weightNorm: 1, deadFraction: 0, saturatedFraction: 0,
                                          distributions: LayerDistributions(z: z, a: z, gradient: z))
            return EpochMetrics(epoch: epoch, trainLoss: 1 / e, valLoss: nil, trainAccuracy: nil, valAccuracy: nil,
                                learningRate: 0.1, layers: [layer1, output])
        }
    }

    static func activationPanel(history: [EpochMetrics], width: Int = 80, height: Int = 24, theme: Theme = .plain) throws -> [String] {
        var snapshot = Fixtures.snapshot(try Fixtures.interpreter(dataset: "xor:points=40", ["set layers 4"]), width: width, height: height)
        snapshot.history = history
        var model = ScreenModel(snapshot: snapshot, mode: .live)
        model.inside.showsDistributions = true
        var buffer = Buffer(width: width, height: height)
        Screen.render(model: model, into: &buffer, theme: theme)
        let area = try #require(Screen.areas(width: width, height: height)).activation
        return buffer.lines()[area.y..<area.bottom].map { String($0.prefix(area.width)) }
    }

    @Test("bands at 80x24: the range widens to the right, the median row is solid")
    func bands80x24() throws {
        let lines = try Self.activationPanel(history: Self.history())
        #expect(lines == [
            "+ Distributions over epochs: layer 1 ------+",
            "|z    12  ::+                              |",
            "|        ####                              |",
            "|    -12  ::+                              |",
            "|a     6  ::+                              |",
            "|        ####                              |",
            "|     -6  ::+                              |",
            "|dL/dW 3 ####                              |",
            "|     -3 ####                              |",
            "|.:+# 0-100 10-90 25-75 50%; epochs 1-4    |",
            "+-------------------------------- D closes +",
        ])
    }

    @Test("at 120x40 in colour: more rows, a longer key")
    func bands120x40() throws {
        let lines = try Self.activationPanel(history: Self.history(), width: 120, height: 40, theme: .rich)
        #expect(lines[0].hasPrefix("┌ Distributions over epochs: layer 1 "))
        #expect(lines[17].contains("░ all ▒ 10-90% ▓ 25-75% █ median; epochs 1-4; last batch"))
        // 16 chart rows: z gets 6, a and ∂L/∂W 5. Epoch 1 (±3 of ±12) stays in the middle rows;
        // epoch 4's whole range reaches the top and bottom rows.
        #expect(lines[1] == "│z    12   ░▒" + String(repeating: " ", count: 52) + "│")
        #expect(lines[3].hasPrefix("│        ████ "))
        #expect(lines[6].hasPrefix("│    -12   ░▒ "))
        #expect(lines[7].hasPrefix("│a     6   ░▒ "))
        #expect(lines[12].hasPrefix("│∂L/∂W 3 ▒ "))
        #expect(lines[16].hasPrefix("│     -3 ▒ "))
    }

    @Test("a session recorded before the percentiles says so")
    func nothingRecorded() throws {
        var old = Self.history()
        for i in old.indices { for l in old[i].layers.indices { old[i].layers[l].distributions = nil } }
        let lines = try Self.activationPanel(history: old)
        #expect(lines.joined().contains("no percentiles recorded for this layer"))
    }

    @Test("a recorded session's percentiles are the live run's, drawn in replay with D")
    func replayDrawsRecordedPercentiles() throws {
        let folder = try Fixtures.Folder()
        defer { folder.remove() }
        let path = folder.file("bands.jsonl")
        let interpreter = try Fixtures.smallInterpreter()
        let worker = try Fixtures.recordingWorker(path, interpreter: interpreter)
        worker.post(.line("step 6"))
        let deadline = Date().addingTimeInterval(60)
        while worker.snapshot.epoch < 6 && Date() < deadline { usleep(10_000) }
        let live = worker.snapshot.history.map { $0.layers.map(\.distributions) }
        worker.stop()
        #expect(live.count == 6 && live.allSatisfy { $0.allSatisfy { $0 != nil } })
        let viewer = try ReplayViewer(session: ReplaySession(path: path), grid: GridSize(columns: 20, rows: 10))
        #expect(!viewer.handle(.end))
        #expect(!viewer.handle(.character("D")))
        let model = viewer.model()
        #expect(model.snapshot.history.map { $0.layers.map(\.distributions) } == live)
        let lines = Fixtures.render(model, width: 80, height: 24)
        #expect(lines.containsText("Distributions over epochs: layer 1"))
        #expect(lines.containsText("epochs 1-6"))
        #expect(try SessionVerifier.verify(path: path).succeeded)
    }
}
