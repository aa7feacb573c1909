import Foundation
import Render
import Terminal

/// The full-screen replay of a session file: the same screen as live training, showing the state
/// of the selected epoch. Runs on the UI thread alone (replay trains nothing).
public final class ReplayApp {
    /// The viewer for the screen's data grid (checked before the terminal starts).
    private let makeViewer: (GridSize) throws -> any ReplayScreenViewer
    private let check: () throws -> Void

    public init(session: ReplaySession) {
        makeViewer = { grid in try ReplayViewer(session: session, grid: grid) }
        check = {
            guard !session.frames.isEmpty else { throw SessionFileError(description: "\(session.source) has no recorded epochs to replay") }
        }
    }

    /// Two sessions side by side (`nnscope replay A.jsonl B.jsonl`).
    public init(a: ReplaySession, b: ReplaySession) {
        makeViewer = { grid in try ComparedReplayViewer(a: a, b: b, grid: grid) }
        check = { try ComparedReplayViewer.check(a: a, b: b) }
    }

    /// Runs until `q` or a signal; returns the exit status (0, or 128 + the signal). Throws
    /// `SessionFileError` for a session without epochs, `TerminalError` when the terminal cannot start.
    public func run(environment: [String: String] = TerminalEnvironment.current()) throws -> Int32 {
        try check()
        let screen = try TerminalScreen(environment: environment)
        defer { screen.stop() }
        var size = screen.size
        let viewer = try makeViewer(Screen.dataGrid(width: size.width, height: size.height))
        var dirty = true
        var lastTick = ContinuousClock.now
        var lastDraw = ContinuousClock.now - .seconds(1)
        while true {
            if let signal = TerminalScreen.pendingSignal { return 128 + signal }
            var answerNow = false
            if let event = screen.readInput(timeoutMilliseconds: 15) {
                switch event {
                case .key(.resize): break
                case let .key(key): if viewer.handle(key) { return 0 }
                case let .click(x, y): viewer.handleClick(x: x, y: y, width: size.width, height: size.height)
                }
                dirty = true
                answerNow = true
            }
            let now = ContinuousClock.now
            if viewer.tick(seconds: (now - lastTick).seconds) { dirty = true }
            lastTick = now
            let current = screen.size
            if current.width != size.width || current.height != size.height {
                size = current
                screen.invalidate()
                viewer.resize(grid: Screen.dataGrid(width: size.width, height: size.height))
                dirty = true
            }
            // Keys are answered at once; playback redraws at most ~30 times a second.
            if dirty, answerNow || now - lastDraw >= .milliseconds(33) {
                lastDraw = now
                var buffer = Buffer(width: size.width, height: size.height)
                Screen.render(model: viewer.model(), into: &buffer, theme: screen.theme)
                screen.draw(buffer)
                dirty = false
            }
        }
    }
}
