/// What running one command line did. The interpreter prints nothing itself: the REPL prints
/// `lines`, the TUI shows them in its message area.
public struct CommandResult: Equatable, Sendable {
    /// Output text, one entry per line (no trailing newlines). For an error: its message.
    public var lines: [String]
    /// Set when the line was rejected; nothing changed.
    public var error: CommandError?
    /// True when the experiment (settings, weights, epoch) or the recording changed.
    public var changedState: Bool
    /// True after `quit`.
    public var quit: Bool
    /// What the TUI's background training loop should do (`run`, `pause`); nil for other commands.
    public var runRequest: RunRequest?

    public init(lines: [String] = [], error: CommandError? = nil, changedState: Bool = false, quit: Bool = false, runRequest: RunRequest? = nil) {
        self.lines = lines
        self.error = error
        self.changedState = changedState
        self.quit = quit
        self.runRequest = runRequest
    }

    /// A rejected line.
    public static func failure(_ error: CommandError) -> CommandResult {
        CommandResult(lines: [error.message], error: error)
    }

    public var isError: Bool { error != nil }
}

/// A request to the TUI's background training loop.
public enum RunRequest: Equatable, Sendable {
    /// Train continuously; `epochs`: stop after that many (nil: until paused).
    case start(epochs: Int?)
    case pause
}
