import App
import Foundation
import NeuralNetwork
import Render
import Sessions
import Terminal
import Testing

/// The whole composed screen, cell by cell (text and style), against Tests/AppTests/Golden/screen-*.txt
/// for a fixed seed: fresh, after 20 epochs, diverged, a replay, the help overlay. Re-bless after an
/// intended change with `make bless`.
@Suite("Whole-screen golden buffers")
struct ScreenGoldenTests {
    static let sizes = [(80, 24), (120, 40), (200, 60)]

    static func render(_ model: ScreenModel, width: Int, height: Int) -> Buffer {
        var buffer = Buffer(width: width, height: height)
        Screen.render(model: model, into: &buffer, theme: .rich)
        return buffer
    }

    /// The live screen over `lines` run on the default spiral, after `keys`.
    static func live(_ lines: [String], keys: [Key] = [], width: Int, height: Int) throws -> Buffer {
        let interpreter = try Fixtures.interpreter(dataset: "spiral", lines)
        let snapshot = Fixtures.snapshot(interpreter, width: width, height: height)
        var controller = UIController()
        for key in keys { _ = controller.handle(key, snapshot: snapshot) }
        return render(controller.model(snapshot: snapshot), width: width, height: height)
    }

    @Test("fresh, after 20 epochs, help open", arguments: sizes)
    func live(width: Int, height: Int) throws {
        try GoldenScreen.expect(try Self.live([], width: width, height: height), named: "screen-fresh-\(width)x\(height)")
        try GoldenScreen.expect(try Self.live(["step 20"], width: width, height: height), named: "screen-20-epochs-\(width)x\(height)")
        try GoldenScreen.expect(try Self.live(["step 20"], keys: [.character("?")], width: width, height: height),
                                named: "screen-help-\(width)x\(height)")
    }

    @Test("diverged", arguments: sizes)
    func diverged(width: Int, height: Int) throws {
        let interpreter = try Fixtures.interpreter(dataset: "spiral", ["set lr 100000", "step 3"])
        guard case .diverged = interpreter.experiment.trainer.status else {
            Issue.record("the run did not diverge: \(interpreter.experiment.trainer.status)")
            return
        }
        let snapshot = Fixtures.snapshot(interpreter, width: width, height: height)
        try GoldenScreen.expect(Self.render(UIController().model(snapshot: snapshot), width: width, height: height),
                                named: "screen-diverged-\(width)x\(height)")
    }

    @Test("a replay of sessions/xor-minimal.jsonl, ten epochs in", arguments: sizes)
    func replay(width: Int, height: Int) throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        var records: [SessionRecord] = []
        try SessionReader.stream(path: root.appendingPathComponent("sessions/xor-minimal.jsonl").path) { item in
            if case let .record(record, _, _) = item { records.append(record) }
        }
        // The source as a relative path, so the screen is the same in every checkout.
        let session = ReplaySession(records: records, source: "sessions/xor-minimal.jsonl")
        let viewer = try ReplayViewer(session: session, grid: Screen.dataGrid(width: width, height: height))
        _ = viewer.handle(.pageDown)
        try GoldenScreen.expect(Self.render(viewer.model(), width: width, height: height), named: "screen-replay-\(width)x\(height)")
    }

    @Test("the golden format reads back what it writes")
    func roundTrip() {
        var buffer = Buffer(width: 6, height: 2)
        buffer.set(x: 0, y: 0, cell: Cell("a", style: Style(foreground: .red, attributes: .bold)))
        buffer.set(x: 1, y: 1, cell: Cell("b", style: Style(background: .indexed(200))))
        let golden = GoldenScreen(buffer)
        #expect(GoldenScreen(serialized: golden.serialized) == golden)
    }
}
