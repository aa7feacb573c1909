import Commands
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

    /// A TUI over `interpreter`, recording into `recording` (nil: not recorded, with
    /// `recordingProblem` saying why). Neither may be used elsewhere afterwards.
    public init(interpreter: Interpreter, recording: SessionRecording?, recordingProblem: String?) {
        self.interpreter = interpreter
        self.recording = recording
        self.recordingProblem = recordingProblem
    }

    /// Runs until the user quits or a signal arrives. Throws when the terminal cannot start.
    public func run(environment: [String: String] = TerminalEnvironment.current()) throws(TerminalError) -> Outcome {
        let screen = try TerminalScreen(environment: environment)
        let theme = screen.theme
        var size = screen.size
        let recordingPath = recording?.path
        let worker = TrainingWorker(interpreter: interpreter, recording: recording, grid: Screen.dataGrid(width: size.width, height: size.height))
        var controller = UIController(savePath: SessionFiles.savePath(), recordingPath: recordingPath)
        if let recordingProblem { controller.show(["not recording: \(recordingProblem)"], isError: true) }
        worker.start()

        var exitStatus: Int32 = 0
        var drawnVersion = -1
        var dirty = true
        var lastDraw = ContinuousClock.now - .seconds(1)
        var quitting = false
        while !quitting {
            if let signal = TerminalScreen.pendingSignal {
                exitStatus = 128 + signal
                break
            }
            var effects: [UIController.Effect] = []
            var answerNow = false
            if let key = screen.readKey(timeoutMilliseconds: 15) {
                if key != .resize { effects += controller.handle(key, snapshot: worker.snapshot) }
                dirty = true
                answerNow = true
            }
            let current = screen.size
            if current.width != size.width || current.height != size.height {
                size = current
                screen.invalidate()
                worker.post(.setGrid(Screen.dataGrid(width: size.width, height: size.height)))
                dirty = true
            }
            for reply in worker.takeReplies() {
                effects += controller.receive(reply)
                dirty = true
            }
            for effect in effects {
                switch effect {
                case let .post(request): worker.post(request)
                case .quit: quitting = true
                }
            }
            if quitting { break }
            let snapshot = worker.snapshot
            if snapshot.version != drawnVersion { dirty = true }
            let now = ContinuousClock.now
            // A key is answered at once; new snapshots alone redraw at most ~30 times a second.
            if dirty && (answerNow || now - lastDraw >= .milliseconds(33)) {
                var buffer = Buffer(width: size.width, height: size.height)
                Screen.render(model: controller.model(snapshot: snapshot), into: &buffer, theme: theme)
                screen.draw(buffer)
                drawnVersion = snapshot.version
                lastDraw = now
                dirty = false
            }
        }
        worker.stop()
        screen.stop()
        var farewell = worker.takeReplies().filter { reply in
            reply.isError || reply.lines.contains { $0.contains("saved") }
        }.flatMap(\.lines)
        if let recordingPath { farewell.append("session recorded in \(recordingPath)") }
        return Outcome(exitStatus: exitStatus, farewell: farewell, statistics: worker.runStatistics)
    }
}
