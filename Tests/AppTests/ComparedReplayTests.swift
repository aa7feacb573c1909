import App
import Commands
import Foundation
import NeuralNetwork
import Render
import Sessions
import Terminal
import Testing
@testable import App

@Suite("two sessions replayed side by side")
struct ComparedReplayTests {
    static let grid = Screen.dataGrid(width: 120, height: 40)

    /// A deep logistic XOR network compared with ReLU in the TUI's worker, `epochs` epochs, both
    /// runs recorded: the paths of A's and B's files.
    func recorded(_ folder: Fixtures.Folder, epochs: Int = 4) throws -> (String, String) {
        var configuration = TrainingConfiguration()
        try configuration.set("dataset", "xor:points=40")
        try configuration.set("layers", "6,6,6")
        try configuration.set("activation", "logistic")
        let interpreter = Interpreter(experiment: try Experiment(configuration: configuration), programVersion: "test")
        let worker = try Fixtures.recordingWorker(folder.file("a.jsonl"), interpreter: interpreter)
        worker.post(.line("compare activation relu"))
        worker.post(.line("step \(epochs)"))
        worker.stop()
        return (folder.file("a.jsonl"), folder.file("a-B.jsonl"))
    }

    func lines(_ viewer: ComparedReplayViewer) -> [String] {
        Fixtures.render(viewer.model(), width: 120, height: 40)
    }

    @Test("120x40: both runs' panels at one epoch, the readouts and gradient norms of each file, a status bar naming both")
    func screen() throws {
        let folder = try Fixtures.Folder()
        defer { folder.remove() }
        let (pathA, pathB) = try recorded(folder)
        let a = try ReplaySession(path: pathA), b = try ReplaySession(path: pathB)
        let viewer = try ComparedReplayViewer(a: a, b: b, grid: Self.grid)
        #expect(viewer.rows.map(\.epoch) == [1, 2, 3, 4])
        #expect(viewer.handle(.end) == false)
        var screen = lines(viewer)
        #expect(screen.count == 40 && screen.allSatisfy { CharacterWidth.of($0) == 120 })
        #expect(screen[0].hasPrefix("┌ Loss A and B") && screen[0].components(separatedBy: "Data: xor").count == 3)
        #expect(screen[0].contains("[A]┐┌") && screen[0].hasSuffix("[B]┐"))
        for part in ["A activation logistic", "B activation relu", "epoch A 4 B 4 (frame 4/4)", "replaying (paused)"] {
            #expect(screen[38].contains(part), "status bar: \(part) in \(screen[38])")
        }
        // The numbers are the files' own: each readout, each run's layer-1 gradient norm.
        let lastA = try #require(a.frames.last?.metrics), lastB = try #require(b.frames.last?.metrics)
        let panel = LossPanel(model: viewer.model())
        #expect(screen.contains { $0.contains("│A " + panel.readout(lastA)) })
        #expect(screen.contains { $0.contains("│B " + panel.readout(lastB)) })
        #expect(screen.joined().contains(NumberFormat.compact(lastA.layers[0].gradNorm)))
        #expect(lastA.layers[0].gradNorm != lastB.layers[0].gradNorm)

        // Home, go to epoch, a missing epoch, c.
        _ = viewer.handle(.home)
        screen = lines(viewer)
        #expect(screen[38].contains("epoch A 1 B 1 (frame 1/4)"))
        #expect(screen.contains { $0.contains("│B " + panel.readout(b.frames[0].metrics)) })
        for key in [Key.character("3"), .enter] { _ = viewer.handle(key) }
        #expect(lines(viewer)[38].contains("epoch A 3 B 3 (frame 3/4)"))
        for key in [Key.character("9"), .enter] { _ = viewer.handle(key) }
        screen = lines(viewer)
        #expect(screen[39].hasPrefix("no epoch 9 in these sessions (epochs 1 to 4)") && screen[38].contains("frame 3/4"))
        _ = viewer.handle(.character("c"))
        #expect(lines(viewer)[0].components(separatedBy: "┌ Loss ").count == 3, "c: every panel side by side")
        // The replay's : prompt takes epochs only; a command typed there says why.
        for key in [Key.character(":"), .character("c")] { _ = viewer.handle(key) }
        #expect(lines(viewer)[39].hasPrefix("a replay's : takes an epoch number only: :compare"))
        #expect(viewer.handle(.character("q")))
    }

    @Test("a run that ended earlier stays at its last epoch while the other goes on")
    func unevenLengths() throws {
        let folder = try Fixtures.Folder()
        defer { folder.remove() }
        let (pathA, pathB) = try recorded(folder)
        var records: [SessionRecord] = []
        try SessionReader.stream(path: pathB) { item in
            if case let .record(record, _, _) = item {
                if case let .epoch(e) = record, e.metrics.epoch > 2 { return }
                if case let .checkpoint(c) = record, c.position.epoch > 2 { return }
                records.append(record)
            }
        }
        let viewer = try ComparedReplayViewer(a: try ReplaySession(path: pathA), b: ReplaySession(records: records, source: "b-short"), grid: Self.grid)
        #expect(viewer.rows == [.init(epoch: 1, a: 0, b: 0), .init(epoch: 2, a: 1, b: 1), .init(epoch: 3, a: 2, b: 1), .init(epoch: 4, a: 3, b: 1)])
        _ = viewer.handle(.end)
        #expect(lines(viewer)[38].contains("epoch A 4 B 2"))
    }

    @Test("sessions of different datasets open side by side, each panel on its own data, and the bottom line says what differs")
    func differentDatasets() throws {
        let folder = try Fixtures.Folder()
        defer { folder.remove() }
        let sessions = ReplayTests.sessionsFolder
        let xor = sessions.appendingPathComponent("xor-minimal.jsonl").path, spiral = sessions.appendingPathComponent("spiral-relu.jsonl").path
        try #require(FileManager.default.fileExists(atPath: xor) && FileManager.default.fileExists(atPath: spiral))
        let viewer = try ComparedReplayViewer(a: try ReplaySession(path: xor), b: try ReplaySession(path: spiral), grid: Self.grid)
        let screen = lines(viewer)
        #expect(screen[39].hasPrefix("the sessions train on different datasets (xor and spiral"), "\(screen[39])")
        #expect(screen[0].contains("Data: xor") && screen[0].contains("Data: spiral"))
        #expect(screen[38].hasPrefix(" xor | spiral"))
        // A session without epochs cannot be shown: the error names it.
        let empty = ReplaySession(records: [], source: "empty.jsonl")
        #expect(throws: SessionFileError.self) { try ComparedReplayViewer(a: try ReplaySession(path: xor), b: empty, grid: Self.grid) }
    }

    @Test("the inspector follows run B on B, from B's recorded checkpoint")
    func inspectorOfB() throws {
        let folder = try Fixtures.Folder()
        defer { folder.remove() }
        let (pathA, pathB) = try recorded(folder)
        let b = try ReplaySession(path: pathB)
        let viewer = try ComparedReplayViewer(a: try ReplaySession(path: pathA), b: b, grid: Self.grid)
        _ = viewer.handle(.end)
        _ = viewer.handle(.character("i"))
        _ = viewer.handle(.character("B"))
        let screen = lines(viewer)
        #expect(screen[0].hasPrefix("┌ Backprop of run B: example 0 of "), "\(screen[0])")
        let single = try #require(b.snapshot(frame: b.frames.count - 1, grid: Self.grid, inside: InsideRequest(inspectedExample: 0)))
        #expect(viewer.model().snapshot.compared?.b.inspector?.inspection == single.inspector?.inspection)
    }

    @Test("a single replay's c and B say that comparing needs two sessions")
    func singleReplayRefuses() throws {
        let folder = try Fixtures.Folder()
        defer { folder.remove() }
        let (pathA, _) = try recorded(folder, epochs: 2)
        let viewer = try ReplayViewer(session: try ReplaySession(path: pathA), grid: Self.grid)
        _ = viewer.handle(.character("c"))
        #expect(viewer.model().message?.lines == ["c: this replay shows one session; two recorded runs open side by side with nnscope replay A.jsonl B.jsonl"])
        for key in [Key.character(":"), .character("c")] { _ = viewer.handle(key) }
        #expect(viewer.model().message?.lines == [ReplayController.commandRefusal])
    }
}
