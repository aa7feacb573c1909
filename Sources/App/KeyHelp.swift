import Commands
import Lessons
import Render

/// The keys of the TUI, as the help overlay and the README list them.
public enum KeyHelp {
    /// Keys while training live: `KeyMap`'s rows, the inside views' keys between them.
    public static let live: [(key: String, action: String)] =
        KeyMap.training.map { ($0.label, $0.summary) } + InsideViewState.keys(replay: false) + KeyMap.session.map { ($0.label, $0.summary) }

    /// Keys while replaying a session.
    public static let replay: [(key: String, action: String)] = [
        ("<- / ->", "one epoch back / forward"),
        ("PgUp / PgDn", "ten epochs back / forward"),
        ("Home / End", "first / last epoch"),
        ("space", "play / pause"),
        ("[ / ]", "slower / faster"),
        ("0-9 or :", "go to epoch N (type it, Enter)"),
        ("l", "loss chart: log / linear scale"),
        ("L", "landscape panel: random directions, then pca, then off"),
    ] + InsideViewState.keys(replay: true) + [
        ("?", "this help (? or Esc closes)"),
        ("q", "quit"),
    ]

    /// Keys while replaying a session opened with `:replay FILE` during live training.
    public static var replayFromTraining: [(key: String, action: String)] {
        replay.dropLast() + [("q / Esc", "back to live training (left as it was)")]
    }

    /// The open lesson's keys, in its language, then a blank line: the overlay's first lines.
    static func lessonLines(_ strings: LessonStrings) -> [String] {
        let width = strings.helpKeys.map { CharacterWidth.of($0.key) }.max() ?? 0
        return [strings.helpHeading] + strings.helpKeys.map {
            "  " + $0.key + String(repeating: " ", count: width - CharacterWidth.of($0.key)) + "  " + $0.action
        } + [""]
    }

    /// The overlay's lines: keys, then the command table.
    /// Descriptions wider than `width` wrap at word boundaries under themselves; in `language` (a
    /// lesson's), the headings and key descriptions are translated.
    public static func lines(isReplay: Bool, returnsToTraining: Bool = false, language: LessonLanguage = .en, width: Int = .max) -> [String] {
        let keys = isReplay ? (returnsToTraining ? replayFromTraining : replay) : live
        let keyWidth = keys.map(\.key.count).max() ?? 0
        var lines = [translated("Keys", language)]
        for entry in keys {
            let prefix = "  " + entry.key + String(repeating: " ", count: keyWidth - entry.key.count) + "  "
            lines += Paragraph.wrapHanging(prefix: prefix, text: translated(entry.action, language), width: width)
        }
        if !isReplay {
            lines.append("")
            lines.append(translated("Commands (after :)", language))
            let usageWidth = CommandHelp.table.map(\.usage.count).max() ?? 0
            for entry in CommandHelp.table {
                let prefix = "  " + entry.usage + String(repeating: " ", count: usageWidth - entry.usage.count) + "  "
                lines += Paragraph.wrapHanging(prefix: prefix, text: entry.summary, width: width)
            }
        }
        return lines
    }
}
