import Commands
import Sessions
import Lessons
import Foundation
import Render
import Terminal

/// The full-screen interface: starts the terminal and the training worker, runs the UI loop
/// (keys with a short timeout, redraws at most ~30 times a second when something changed, pending
/// signals checked every iteration) and restores everything on the way out.
public final class TUIApp {
    /// How the UI loop ended.
    public struct Outcome: Sendable {
        /// 0 after `q`; 128 + the signal number after SIGINT, SIGTERM or SIGHUP.
        public var exitStatus: Int32
        /// Lines to print once the terminal is restored (where the session went, save results).
        public var farewell: [String]
        public var statistics: TrainingWorker.RunStatistics
    }

    private let interpreter: Interpreter
    private let recording: SessionRecording?
    private let recordingProblem: String?
    private let lesson: Lesson?

    /// A TUI over `interpreter`, recording into `recording` (nil: not recorded, with
    /// `recordingProblem` saying why). Neither may be used elsewhere afterwards.
    public init(interpreter: Interpreter, recording: SessionRecording?, recordingProblem: String?, lesson: Lesson? = nil) {
        self.lesson = lesson
        self.interpreter = interpreter
        self.recording = recording
        self.recordingProblem = recordingProblem
    }

    /// Runs until the user quits or a signal arrives. Throws when the terminal cannot start.
    public func run(environment: [String: String] = TerminalEnvironment.current()) throws(TerminalError) -> Outcome {
        let screen = try TerminalScreen(environment: environment)
        let theme = screen.theme
        var size = screen.size
        let grid = Screen.dataGrid(width: size.width, height: size.height)
        let worker = TrainingWorker(interpreter: interpreter, recording: recording, grid: grid)
        let state = TUIState(controller: UIController(), grid: grid)
        if let recordingProblem { state.show(["not recording: \(recordingProblem)"], isError: true) }
        worker.start()
        if let lesson {
            for case let .post(request) in state.open(LessonSession(lesson: lesson)) { worker.post(request) }
        }

        var exitStatus: Int32 = 0
        var drawnVersion = -1
        var dirty = true
        var lastDraw = ContinuousClock.now - .seconds(1)
        var lastTick = ContinuousClock.now
        var quitting = false
        var drawnLandscape = -1
        var lastLandscapeRequest = ContinuousClock.now
        while !quitting {
            if let signal = TerminalScreen.pendingSignal {
                exitStatus = 128 + signal
                break
            }
            var effects: [UIController.Effect] = []
            var answerNow = false
            if let key = screen.readKey(timeoutMilliseconds: 15) {
                // Behind the "terminal too small" screen keys do nothing: nothing happens unseen.
                if key != .resize && Screen.acceptsKeys(width: size.width, height: size.height) {
                    effects += state.handle(key, snapshot: worker.snapshot)
                }
                dirty = true
                answerNow = true
            }
            let current = screen.size
            if current.width != size.width || current.height != size.height {
                size = current
                screen.invalidate()
                let grid = Screen.dataGrid(width: size.width, height: size.height)
                worker.post(.setGrid(grid))
                state.resize(grid: grid)
                dirty = true
            }
            for reply in worker.takeReplies() {
                effects += state.receive(reply)
                dirty = true
            }
            for effect in effects {
                switch effect {
                case let .post(request): worker.post(request)
                case .quit: quitting = true
                case .openReplay: break  // opened by `state`
                }
            }
            if quitting { break }
            let now = ContinuousClock.now
            if state.tick(seconds: (now - lastTick).seconds) { dirty = true }
            lastTick = now
            let snapshot = worker.snapshot
            // While a replay is shown, new live snapshots change nothing on the screen.
            if snapshot.version != drawnVersion && !state.isReplaying { dirty = true }
            let landscape = worker.landscape.state
            if let directions = state.controller.landscapeDirections {
                if landscape.version != drawnLandscape { dirty = true }
                if effects.contains(.post(.landscape(directions))) { lastLandscapeRequest = now }
                // While the panel is open it follows training, at most every two seconds.
                if case let .finished(outcome) = landscape.state, outcome.epoch != snapshot.epoch || outcome.generation != snapshot.generation,
                   now - lastLandscapeRequest >= .seconds(2) {
                    worker.post(.landscape(directions))
                    lastLandscapeRequest = now
                }
            }
            // A key is answered at once; new snapshots alone redraw at most ~30 times a second.
            if dirty && (answerNow || now - lastDraw >= .milliseconds(33)) {
                var buffer = Buffer(width: size.width, height: size.height)
                var model = state.model(snapshot: snapshot)
                if !state.isReplaying, state.controller.landscapeDirections != nil { model.landscape = landscape.state }
                Screen.render(model: model, into: &buffer, theme: theme)
                screen.draw(buffer)
                drawnVersion = snapshot.version
                drawnLandscape = landscape.version
                lastDraw = now
                dirty = false
            }
        }
        worker.landscape.cancel()
        worker.stop()
        screen.stop()
        var farewell = worker.takeReplies().filter { reply in
            reply.isError || reply.lines.contains { $0.contains("saved") }
        }.flatMap(\.lines)
        let recorded = worker.recordingPaths
        if let first = recorded.first { farewell.append("session recorded in \(first)") }
        farewell += recorded.dropFirst().map { "continued session (after load) recorded in \($0)" }
        return Outcome(exitStatus: exitStatus, farewell: farewell, statistics: worker.runStatistics)
    }
}
