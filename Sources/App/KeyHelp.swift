import Commands

/// The keys of the TUI, as the help overlay and the README list them.
public enum KeyHelp {
    /// Keys while training live.
    public static let live: [(key: String, action: String)] = [
        ("space", "train one epoch"),
        ("b", "train one mini-batch"),
        ("r", "run / pause continuous training"),
        ("a / A", "next / previous activation (re-initialises the network)"),
        ("+ / -", "learning rate x2 / /2"),
        ("d", "next dataset"),
        ("g", "regenerate the data: next data seed (re-initialises the network)"),
        ("R", "reset: a new network, epoch 0"),
        ("[ / ]", "slower / faster training (epochs a second, up to max)"),
        ("l", "loss chart: log / linear scale"),
        ("L", "landscape panel: random directions, then pca, then off"),
        ("c", "comparing (:compare KEY VALUE): loss curves overlaid / every panel side by side"),
    ] + InsideViewState.keys(replay: false) + [
        ("s", "save the session"),
        (":", "command line (Tab completes, Up/Down history)"),
        ("?", "this help (? or Esc closes)"),
        ("q", "quit (asks to save an unsaved session)"),
    ]

    /// Keys while replaying a session.
    public static let replay: [(key: String, action: String)] = [
        ("<- / ->", "one epoch back / forward"),
        ("PgUp / PgDn", "ten epochs back / forward"),
        ("Home / End", "first / last epoch"),
        ("space", "play / pause"),
        ("[ / ]", "slower / faster"),
        ("l", "loss chart: log / linear scale"),
    ] + InsideViewState.keys(replay: true) + [
        ("?", "this help (? or Esc closes)"),
        ("q", "quit"),
    ]

    /// Keys while replaying a session opened with `:replay FILE` during live training.
    public static var replayFromTraining: [(key: String, action: String)] {
        replay.dropLast() + [("q / Esc", "back to live training (left as it was)")]
    }

    /// The overlay's lines: keys, then the command table.
    public static func lines(isReplay: Bool, returnsToTraining: Bool = false) -> [String] {
        let keys = isReplay ? (returnsToTraining ? replayFromTraining : replay) : live
        let width = keys.map(\.key.count).max() ?? 0
        var lines = ["Keys"]
        lines += keys.map { "  " + $0.key + String(repeating: " ", count: width - $0.key.count) + "  " + $0.action }
        if !isReplay {
            lines.append("")
            lines.append("Commands (after :)")
            let usageWidth = CommandHelp.table.map(\.usage.count).max() ?? 0
            lines += CommandHelp.table.map { "  " + $0.usage + String(repeating: " ", count: usageWidth - $0.usage.count) + "  " + $0.summary }
        }
        return lines
    }
}
