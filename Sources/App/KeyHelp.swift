import Commands
import Render

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
        ("R", "reset: a new network, epoch 0"),
        ("[ / ]", "slower / faster training (epochs a second, up to max)"),
        ("l", "loss chart: log / linear scale"),
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
        ("0-9 or :", "go to epoch N (type it, Enter)"),
        ("l", "loss chart: log / linear scale"),
        ("?", "this help (? or Esc closes)"),
        ("q", "quit"),
    ]

    /// Keys while replaying a session opened with `:replay FILE` during live training.
    public static var replayFromTraining: [(key: String, action: String)] {
        replay.dropLast() + [("q / Esc", "back to live training (left as it was)")]
    }

    /// The overlay's lines: keys, then the command table.
    /// Descriptions wider than `width` wrap at word boundaries under themselves.
    public static func lines(isReplay: Bool, returnsToTraining: Bool = false, width: Int = .max) -> [String] {
        let keys = isReplay ? (returnsToTraining ? replayFromTraining : replay) : live
        let keyWidth = keys.map(\.key.count).max() ?? 0
        var lines = ["Keys"]
        for entry in keys {
            let prefix = "  " + entry.key + String(repeating: " ", count: keyWidth - entry.key.count) + "  "
            lines += Paragraph.wrapHanging(prefix: prefix, text: entry.action, width: width)
        }
        if !isReplay {
            lines.append("")
            lines.append("Commands (after :)")
            let usageWidth = CommandHelp.table.map(\.usage.count).max() ?? 0
            for entry in CommandHelp.table {
                let prefix = "  " + entry.usage + String(repeating: " ", count: usageWidth - entry.usage.count) + "  "
                lines += Paragraph.wrapHanging(prefix: prefix, text: entry.summary, width: width)
            }
        }
        return lines
    }
}
