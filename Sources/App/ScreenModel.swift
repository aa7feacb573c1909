import Lessons
import NeuralNetwork

/// Everything one frame of the TUI shows: the latest `Snapshot` plus the UI's own state (help,
/// command line, messages, log scale, replay position). A plain value, so `Screen.render` is a
/// pure function that tests can call without a terminal.
public struct ScreenModel: Sendable {
    /// Where the replay stands.
    public struct ReplayPosition: Sendable, Equatable {
        /// Index of the selected frame (a recorded epoch), 0-based.
        public var frame: Int
        public var frameCount: Int
        public var isPlaying: Bool
        /// Frames per second while playing.
        public var speed: Double
        /// The session file being replayed.
        public var source: String
        /// Opened from live training (`:replay FILE`): `q` and Esc return to it.
        public var returnsToTraining: Bool

        public init(frame: Int, frameCount: Int, isPlaying: Bool = false, speed: Double = 10, source: String,
                    returnsToTraining: Bool = false) {
            self.frame = frame
            self.frameCount = frameCount
            self.isPlaying = isPlaying
            self.speed = speed
            self.source = source
            self.returnsToTraining = returnsToTraining
        }
    }

    public enum Mode: Sendable, Equatable {
        case live
        case replay(ReplayPosition)

        public var isReplay: Bool {
            if case .replay = self { return true }
            return false
        }

        /// True for a replay opened from live training, which `q` and Esc leave.
        public var returnsToTraining: Bool {
            if case let .replay(position) = self { return position.returnsToTraining }
            return false
        }
    }

    /// Text shown in the message area: one line at the bottom, more in a box above it.
    public struct Message: Sendable, Equatable {
        public var lines: [String]
        public var isError: Bool

        public init(lines: [String], isError: Bool = false) {
            self.lines = lines
            self.isError = isError
        }
    }

    /// The command line being typed (after `:`).
    public struct CommandLine: Sendable, Equatable {
        public var text: String
        /// Cursor position in characters.
        public var cursor: Int

        public init(text: String, cursor: Int) {
            self.text = text
            self.cursor = cursor
        }
    }

    public var snapshot: Snapshot
    public var mode: Mode
    public var showsHelp: Bool
    public var commandLine: CommandLine?
    public var message: Message?
    /// A yes/no question waiting for an answer (quitting with an unsaved session).
    public var question: String?
    public var logScale: Bool
    /// How the data panel draws the map: validation points shown (`v`), output discretised (`o`).
    public var showsValidationPoints = true
    public var discretizesOutput = false
    /// The lesson opened with `nnscope lesson NAME`, if any (its pane, key line and help section).
    public var lesson: LessonSession?
    /// The landscape panel's job state while the panel is shown (key `L`); nil when it is not.
    public var landscape: LandscapeJob.State? = nil
    /// While comparing: every panel as A and B side by side (key `c`); otherwise the loss curves
    /// are overlaid in one chart.
    public var comparesSideBySide = false
    /// The network view or the backprop inspector, when one is open.
    public var inside = InsideViewState()

    public init(snapshot: Snapshot, mode: Mode = .live, showsHelp: Bool = false, commandLine: CommandLine? = nil,
                message: Message? = nil, question: String? = nil, logScale: Bool = false) {
        self.snapshot = snapshot
        self.mode = mode
        self.showsHelp = showsHelp
        self.commandLine = commandLine
        self.message = message
        self.question = question
        self.logScale = logScale
    }

    /// The state word of the status bar: replaying, diverged, stopped, running or paused.
    public var stateText: String {
        if case let .replay(position) = mode { return position.isPlaying ? "replaying" : "replaying (paused)" }
        switch snapshot.status {
        case .diverged: return "diverged"
        case .stoppedEarly: return "stopped early"
        case .ready: return snapshot.isRunning ? "running" : "paused"
        }
    }
}

extension ScreenModel {
    /// This model with the comparison layout set.
    func with(comparesSideBySide: Bool) -> ScreenModel {
        var copy = self
        copy.comparesSideBySide = comparesSideBySide
        return copy
    }
}
