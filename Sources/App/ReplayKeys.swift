import Terminal

/// What a key does on the replay screen (`ReplayController` performs it; `toggleSideBySide` is
/// the viewer's, which shows two sessions or says it shows one).
public enum ReplayKeyCommand: Sendable, Equatable {
    case move(by: Int)
    case first, last
    case togglePlay
    case slower, faster
    case toggleLogScale
    case cycleLandscape
    case toggleSideBySide
    /// Opens the go-to prompt with this text already typed (the digit pressed, or nothing after `:`).
    case goTo(String)
    case openHelp
    /// Leave the replay: quit `nnscope replay`, or go back to live training.
    case leave
}

/// What a key does while the replay's "go to epoch" prompt is open.
public enum GoToKeyCommand: Sendable, Equatable {
    case digit(Character)
    case erase
    case go
    case cancel
    /// A letter: a command typed where only an epoch number goes (the prompt closes and says so).
    case refuse
}

/// The replay's keys, declared once: `ReplayController` looks them up here, and the help overlay,
/// the bottom line and the README list these rows. A replay of two sessions
/// (`ComparedReplayViewer`) has the same keys: `c` and the inside views' `B` act there, and a
/// single session's replay says what they would do.
public enum ReplayKeys {
    /// The playback rows, the same whichever way the replay was opened.
    static let playback: [KeyRow<ReplayKeyCommand>] = [
        KeyRow("<- / ->", "one epoch back / forward", hint: "epoch", [(.left, .move(by: -1)), (.right, .move(by: 1))]),
        KeyRow("PgUp / PgDn", "ten epochs back / forward", hint: "10", [(.pageUp, .move(by: -10)), (.pageDown, .move(by: 10))]),
        KeyRow("Home / End", "first / last epoch", hint: "", [(.home, .first), (.end, .last)]),
        KeyRow("space", "play / pause", hint: "play", [(.character(" "), .togglePlay)]),
        KeyRow("[ / ]", "slower / faster", hint: "speed", [(.character("["), .slower), (.character("]"), .faster)]),
        KeyRow("0-9 or :", "go to epoch N (type it, Enter)",
               (0...9).map { (Key.character(Character(String($0))), ReplayKeyCommand.goTo(String($0))) } + [(.character(":"), .goTo(""))]),
        KeyRow("l", "loss chart: log / linear scale", [(.character("l"), .toggleLogScale)]),
        KeyRow("L", "landscape panel: random directions, then pca, then off", [(.character("L"), .cycleLandscape)]),
        KeyRow("c", "two sessions (nnscope replay A.jsonl B.jsonl): loss curves overlaid / every panel side by side",
               [(.character("c"), .toggleSideBySide)]),
    ]

    /// The rows after the inside views' in the help overlay.
    static func interface(returnsToTraining: Bool) -> [KeyRow<ReplayKeyCommand>] {
        [KeyRow("?", "this help (? or Esc closes)", hint: "help", [(.character("?"), .openHelp)]),
         returnsToTraining
            ? KeyRow("q / Esc", "back to live training (left as it was)", hint: "back to training", [(.character("q"), .leave), (.escape, .leave)])
            : KeyRow("q", "quit", hint: "quit", [(.character("q"), .leave)])]
    }

    /// `nnscope replay FILE` (and `A.jsonl B.jsonl`).
    public static let standalone = KeyTable("replay", playback + interface(returnsToTraining: false))
    /// A replay opened with `:replay FILE` during live training.
    public static let fromTraining = KeyTable("replay from live training", playback + interface(returnsToTraining: true))

    public static func table(returnsToTraining: Bool) -> KeyTable<ReplayKeyCommand> {
        returnsToTraining ? fromTraining : standalone
    }

    /// The "go to epoch" prompt.
    public static let goTo = KeyTable<GoToKeyCommand>("go to epoch", [
        KeyRow("0-9", "type the epoch number (up to 9 digits)", (0...9).map { (Key.character(Character(String($0))), GoToKeyCommand.digit(Character(String($0)))) }),
        KeyRow("Backspace", "erase a digit (on an empty prompt: cancel)", [(.backspace, .erase)]),
        KeyRow("Enter", "go to that epoch", hint: "goes there", [(.enter, .go)]),
        KeyRow("Esc", "cancel", hint: "cancels", [(.escape, .cancel)]),
        KeyRow("a-z, A-Z", "a command: refused (a replay's : takes an epoch number only)",
               (Array("abcdefghijklmnopqrstuvwxyz") + Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ")).map { (Key.character($0), GoToKeyCommand.refuse) }),
    ])

    /// The help overlay's keys on the replay screen: `q` leaves from there too.
    public static func helpOverlay(returnsToTraining: Bool) -> KeyTable<HelpKeyCommand> {
        returnsToTraining ? helpFromTraining : helpStandalone
    }

    private static let helpStandalone = KeyTable<HelpKeyCommand>("replay help overlay", [
        KeyRow("? / Esc", "close this help", hint: "closes", [(.character("?"), .close), (.escape, .close)]),
        KeyRow("q", "quit", [(.character("q"), .leave)]),
    ])
    private static let helpFromTraining = KeyTable<HelpKeyCommand>("replay help overlay (from live training)", [
        KeyRow("? / Esc", "close this help", hint: "closes", [(.character("?"), .close), (.escape, .close)]),
        KeyRow("q", "back to live training (left as it was)", [(.character("q"), .leave)]),
    ])
}
