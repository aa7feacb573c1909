import App
import Foundation
import Render
import Terminal
import Testing

@Suite("Replay")
struct ReplayTests {
    static let sessionsFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("sessions")

    @Test("keys move through the frames within bounds")
    func controllerKeys() {
        var controller = ReplayController(frameCount: 25, source: "s.jsonl")
        #expect(controller.frame == 0)
        _ = controller.handle(.left)
        #expect(controller.frame == 0)
        _ = controller.handle(.right)
        _ = controller.handle(.pageDown)
        #expect(controller.frame == 11)
        _ = controller.handle(.end)
        #expect(controller.frame == 24)
        _ = controller.handle(.pageUp)
        #expect(controller.frame == 14)
        _ = controller.handle(.home)
        #expect(controller.frame == 0)
        _ = controller.handle(.character("]"))
        #expect(controller.speed == 20)
        _ = controller.handle(.character("["))
        _ = controller.handle(.character("["))
        #expect(controller.speed == 5)
        let outcome31 = controller.handle(.character("q"))
        #expect(outcome31)
    }

    @Test("playback advances by speed x time and stops at the end")
    func playback() {
        var controller = ReplayController(frameCount: 10, source: "s.jsonl")
        _ = controller.handle(.character(" "))
        #expect(controller.isPlaying)
        let outcome40 = controller.tick(seconds: 0.05)
        #expect(!outcome40)
        let outcome42 = controller.tick(seconds: 0.06)
        #expect(outcome42)
        #expect(controller.frame == 1)
        _ = controller.tick(seconds: 5)
        #expect(controller.frame == 9)
        #expect(!controller.isPlaying)
    }

    @Test("every example session replays: each frame renders its own epoch", arguments: ["spiral-relu.jsonl", "sine-fit.jsonl", "dying-relu.jsonl"])
    func exampleSessions(name: String) throws {
        let path = Self.sessionsFolder.appendingPathComponent(name).path
        guard FileManager.default.fileExists(atPath: path) else { return }
        let session = try ReplaySession(path: path)
        #expect(!session.frames.isEmpty)
        for frame in [0, session.frames.count / 2, session.frames.count - 1] {
            let snapshot = try #require(session.snapshot(frame: frame, grid: Screen.dataGrid(width: 120, height: 40)))
            #expect(snapshot.history.count >= 1)
            #expect(snapshot.history.last == session.frames[frame].metrics)
            let controller = ReplayController(frameCount: session.frames.count, source: path)
            let model = ScreenModel(snapshot: snapshot, mode: .replay(controller.position))
            let lines = Fixtures.render(model, width: 120, height: 40)
            #expect(lines[38].contains("epoch \(session.frames[frame].metrics.epoch)"))
            #expect(lines[38].contains("replaying"))
        }
        // The last frame has the final checkpoint, so the data panel draws the network.
        let last = try #require(session.snapshot(frame: session.frames.count - 1, grid: GridSize(columns: 10, rows: 10)))
        if case .unavailable(let reason) = last.dataView { Issue.record("no data view at the last frame: \(reason)") }
    }
}
