import App
import Commands
import Foundation
import Render
import Sessions
import Terminal
import Testing

@Suite("Replay: go to epoch, marks on the time axis")
struct ReplayMarksTests {
    static var grid: GridSize { Screen.dataGrid(width: 120, height: 40) }

    /// A session with `step 3`, `set lr 0.05`, `step 3`, `reset`, `step 2`.
    func recorded(_ folder: Fixtures.Folder) throws -> String {
        let path = folder.file("marks.jsonl")
        let worker = try Fixtures.recordingWorker(path)
        for line in ["step 3", "set lr 0.05", "step 3", "reset", "step 2"] { worker.post(.line(line)) }
        worker.stop()
        return path
    }

    @Test("digits open `go to epoch`, Enter jumps to it in the frame's generation; a missing epoch says so")
    func goToEpoch() throws {
        let folder = try Fixtures.Folder()
        defer { folder.remove() }
        let viewer = try ReplayViewer(session: ReplaySession(path: try recorded(folder)), grid: Self.grid)
        #expect(viewer.controller.frame == 0)
        _ = viewer.handle(.character("5"))
        #expect(viewer.model().question?.hasPrefix("go to epoch: 5") == true)
        _ = viewer.handle(.enter)
        #expect(viewer.controller.frame == 4, "epoch 5 of the first network is the fifth frame")
        #expect(viewer.model().snapshot.epoch == 5)
        _ = viewer.handle(.end)
        _ = viewer.handle(.character(":"))
        _ = viewer.handle(.character("1"))
        _ = viewer.handle(.enter)
        #expect(viewer.controller.frame == 6, "epoch 1 of the network after the reset, the one shown")
        for key: Key in [.character("9"), .character("9"), .enter] { _ = viewer.handle(key) }
        #expect(viewer.controller.frame == 6)
        let model = viewer.model()
        #expect(model.message?.isError == true)
        #expect(model.message?.lines.first == "no epoch 99 in this session (epochs 1 to 6)")
        _ = viewer.handle(.character("3"))
        _ = viewer.handle(.escape)
        #expect(viewer.model().question == nil)
        #expect(viewer.controller.frame == 6)
    }

    @Test("events are marked on the loss chart's axis and named when the replay passes them")
    func marks() throws {
        let folder = try Fixtures.Folder()
        defer { folder.remove() }
        let session = try ReplaySession(path: try recorded(folder))
        #expect(session.marks.map(\.text) == ["set lr 0.05", "reset"])
        #expect(session.marks.map(\.frame) == [3, 6])
        let viewer = try ReplayViewer(session: session, grid: Self.grid)
        _ = viewer.handle(.pageDown)  // to the last frame, past both marks
        let model = viewer.model()
        #expect(model.message?.lines == ["epoch 4: set lr 0.05; epoch 1: reset"])
        _ = viewer.handle(.home)
        for _ in 0..<4 { _ = viewer.handle(.right) }
        let atFive = viewer.model()
        #expect(atFive.message?.lines == ["epoch 4: set lr 0.05"])
        #expect(atFive.snapshot.axisMarks == [4])
        let lines = Fixtures.render(atFive, width: 120, height: 40)
        #expect(lines.containsText("▲"), "the mark is drawn on the time axis")
        _ = viewer.handle(.left)
        _ = viewer.handle(.left)
        #expect(viewer.model().message == nil, "back before the mark: no longer named")
    }
}
