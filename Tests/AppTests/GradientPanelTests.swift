import Activations
@testable import App
import Commands
import NeuralNetwork
import Render
import Sessions
import Testing

@Suite("Gradient panel: scale, ratio, warnings in words, every layer")
struct GradientPanelTests {
    static let packageRoot = String(#filePath.split(separator: "/").dropLast(3).joined(separator: "/")).prefixedWithSlash

    /// The last epoch of a shipped session.
    func lastEpoch(_ name: String) throws -> (EpochMetrics, TrainingConfiguration) {
        let contents = try SessionReader.read(path: GradientPanelTests.packageRoot + "/sessions/\(name).jsonl")
        return (try #require(contents.epochs.last).metrics, contents.header.configuration)
    }

    func layer(_ grad: Double, dead: Double = 0, saturated: Double = 0) -> LayerDiagnostics {
        LayerDiagnostics(gradNorm: grad, weightNorm: 1, deadFraction: dead, saturatedFraction: saturated)
    }

    func metrics(_ layers: [LayerDiagnostics]) -> EpochMetrics {
        EpochMetrics(epoch: 1, trainLoss: 1, valLoss: nil, trainAccuracy: nil, valAccuracy: nil, learningRate: 0.1, layers: layers)
    }

    @Test("the L1/output ratio reads back as the recorded norms' quotient; the warning says vanishing")
    func vanishingRatioIsRight() throws {
        let (m, configuration) = try lastEpoch("vanishing-logistic")
        let report = GradientReport(m, units: configuration.hiddenUnits)
        let first = m.layers[0].gradNorm, output = m.layers[m.layers.count - 1].gradNorm
        // Independent: the quotient of the two recorded norms, against the printed "1/N".
        let line = try #require(report.ratioLine)
        #expect(line.hasPrefix("gradient L1/L\(m.layers.count) (output): 1/"))
        let printed = try #require(Double(line.split(separator: "/").last!))
        #expect(abs(printed - output / first) <= output / first * 5e-3)
        let warning = try #require(report.warnings.first)
        #expect(warning.hasPrefix("layer 1 gets 1/"))
        #expect(warning.contains("of the output layer's gradient: vanishing"))
        #expect(warning.contains("try relu"))
        #expect(report.layerNotes[0].contains("saturated"), "logistic units saturate")
    }

    @Test("at 120x40 the vanishing warning is on screen whole, word-wrapped, every layer named, the scale labelled")
    func vanishingOnScreen() throws {
        let (m, configuration) = try lastEpoch("vanishing-logistic")
        let interpreter = try Fixtures.interpreter()
        var snapshot = Fixtures.snapshot(interpreter, width: 120, height: 40)
        snapshot.configuration = configuration
        snapshot.history = [m]
        let lines = Fixtures.render(ScreenModel(snapshot: snapshot), width: 120, height: 40)
        let panel = Screen.areas(width: 120, height: 40)!.gradients
        let inside = lines[(panel.y + 1)..<(panel.bottom - 1)].map { String(Array($0)[(panel.x + 1)..<(panel.right - 1)]) }
        for index in 1...m.layers.count {
            #expect(inside.contains { $0.hasPrefix("L\(index) ") }, "L\(index) shown")
        }
        #expect(inside.contains { $0.hasPrefix("log scale ") })
        let report = GradientReport(m, units: configuration.hiddenUnits)
        let text = inside.map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        for warning in report.warnings { #expect(text.contains(warning), "\(warning)") }
    }

    @Test("11 layers in a short panel: every layer still has a row, or a line names the hidden ones")
    func deepNetworkRows() {
        var snapshotLayers = (1...10).map { layer(1e-6 * Double($0), saturated: 0.2) }
        snapshotLayers.append(layer(0.5))
        let m = metrics(snapshotLayers)
        let units = Array(repeating: UnitKind.activation(Activation(.logistic)), count: 10)
        let report = GradientReport(m, units: units)
        #expect(report.layerNotes.count == 11)
        var buffer = Buffer(width: 54, height: 14)
        var snapshot = Fixtures.snapshot(try! Fixtures.interpreter(), width: 120, height: 40)
        snapshot.history = [m]
        snapshot.configuration.hidden = Array(repeating: 32, count: 10)
        snapshot.configuration.activation = units[0]
        GradientPanel(model: ScreenModel(snapshot: snapshot)).render(in: buffer.area, buffer: &buffer, theme: .rich)
        let lines = buffer.lines()
        let shownRows = (1...11).filter { index in lines.contains { $0.hasPrefix("│L\(index) ") } }
        let named = lines.contains { $0.contains("not shown") }
        #expect(shownRows.count == 11 || named)
        #expect(shownRows.count >= 8)
    }

    @Test("ReLU: inactive pairs, not saturation; all dead is said once, with a remedy; zeros are not '?'")
    func reluWording() throws {
        let relu = UnitKind.activation(Activation(.relu))
        let healthy = GradientReport(metrics([layer(0.1, saturated: 0.5), layer(0.3, saturated: 0.47), layer(0.2)]), units: [relu, relu])
        #expect(healthy.layerNotes[0] == "0.1 dead 0% inactive 50%")
        #expect(healthy.warnings.isEmpty)
        let pairs = GradientReport(metrics([layer(0.1, saturated: 0.94), layer(0.2)]), units: [relu])
        #expect(pairs.warnings == ["layer 1: inactive on 94% of (unit, example) pairs (f' below 5% of 1); try leaky-relu, a small positive bias-init (0.1), or a lower lr"])
        let dead = GradientReport(metrics([layer(0, dead: 1, saturated: 1), layer(0, dead: 1, saturated: 1), layer(0)]), units: [relu, relu])
        #expect(dead.warnings.count == 1)
        #expect(dead.warnings[0].hasPrefix("every hidden unit is dead"))
        #expect(dead.warnings[0].contains("leaky-relu"))
        #expect(!dead.warnings[0].contains("saturated"))
        var buffer = Buffer(width: 30, height: 2)
        Heatmap(values: [[0, 0, 0]], scale: .log10).render(in: buffer.area, buffer: &buffer, theme: .plain)
        #expect(!buffer.lines().joined().contains("?"))
        #expect(buffer.lines()[0].contains("000"))
        #expect(buffer.lines()[1].contains("every value is exactly 0"))
    }
}

extension String {
    var prefixedWithSlash: String { "/" + self }
}
