import Commands
import Lessons
import Render

/// The keys of the TUI as the help overlay, the bottom line and the README show them: generated
/// from the contexts' key tables (`KeyMap`, `InsideKeys`, `ReplayKeys`, `LessonSession.keys`).
public enum KeyHelp {
    /// Keys while training live: `KeyMap`'s rows, the inside views' keys between them.
    public static let live: [(key: String, action: String)] =
        KeyMap.training.map { ($0.label, $0.summary) } + InsideKeys.helpEntries(replay: false) + KeyMap.session.map { ($0.label, $0.summary) }

    /// Keys while replaying a session: the playback rows, the inside views', then help and quit.
    public static func replay(returnsToTraining: Bool) -> [(key: String, action: String)] {
        ReplayKeys.playback.map { ($0.label, $0.summary) } + InsideKeys.helpEntries(replay: true)
            + ReplayKeys.interface(returnsToTraining: returnsToTraining).map { ($0.label, $0.summary) }
    }

    /// The open lesson's keys, in its language, then a blank line: the overlay's first lines.
    static func lessonLines(_ strings: LessonStrings) -> [String] {
        let rows = LessonSession.keys.rows
        let width = rows.map { CharacterWidth.of($0.label) }.max() ?? 0
        return [strings.helpHeading] + rows.map {
            "  " + $0.label + String(repeating: " ", count: width - CharacterWidth.of($0.label)) + "  " + translated($0.summary, strings.language)
        } + [""]
    }

    /// The overlay's lines: keys, then the command table.
    /// Descriptions wider than `width` wrap at word boundaries under themselves; in `language` (a
    /// lesson's), the headings and key descriptions are translated.
    public static func lines(isReplay: Bool, returnsToTraining: Bool = false, language: LessonLanguage = .en, width: Int = .max) -> [String] {
        let keys = isReplay ? replay(returnsToTraining: returnsToTraining) : live
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

    /// The hint line of `table`: each row with a hint as its keys and its word
    /// (`space step  b batch`), in `language` (the keys' names too: `空格 训练一轮`).
    public static func hintLine<Command>(_ table: KeyTable<Command>, language: LessonLanguage = .en, separator: String = "  ") -> String {
        table.rows.compactMap { row in
            row.hint.map { hint in
                let keys = translated(row.hintLabel, language)
                return hint.isEmpty ? keys : keys + " " + translated(hint, language)
            }
        }.joined(separator: separator)
    }

    /// The bottom line's hint when there is nothing else to show.
    static func bottomHint(mode: ScreenModel.Mode) -> String {
        mode == .live ? hintLine(KeyMap.live) : hintLine(ReplayKeys.table(returnsToTraining: mode.returnsToTraining))
    }

    /// The help overlay's footer: how it closes.
    static func overlayFooter(isReplay: Bool, returnsToTraining: Bool, language: LessonLanguage) -> String {
        hintLine(isReplay ? ReplayKeys.helpOverlay(returnsToTraining: returnsToTraining) : KeyMap.helpOverlay, language: language)
    }

    /// The status bar's pointer to the help (`? help`).
    static let statusHint = KeyMap.live.row(of: .openHelp).map { hintLine(KeyTable("status bar", [$0])) } ?? ""

    /// The key of `command` as the hint line names it ("c"), for the texts that mention a key.
    static func keyName<Command>(_ command: Command, in table: KeyTable<Command>) -> String {
        table.row(of: command)?.hintLabel ?? ""
    }

    /// The keys of the comparison's `c` and `l` on this screen (live or replay: the same keys, each
    /// context's own row).
    private static func comparisonKeys(_ mode: ScreenModel.Mode) -> (sideBySide: String, logScale: String) {
        guard mode.isReplay else { return (keyName(.toggleSideBySide, in: KeyMap.live), keyName(.toggleLogScale, in: KeyMap.live)) }
        let table = ReplayKeys.table(returnsToTraining: mode.returnsToTraining)
        return (keyName(.toggleSideBySide, in: table), keyName(.toggleLogScale, in: table))
    }

    /// The comparison's status bar: what `c` switches to.
    static func sideBySideHint(_ model: ScreenModel) -> String {
        comparisonKeys(model.mode).sideBySide + ": " + (model.comparesSideBySide ? "overlay" : "side by side")
    }

    /// The overlaid loss chart's footer: `c: side by side  l: log scale`.
    static func comparedLossFooter(_ model: ScreenModel) -> String {
        let keys = comparisonKeys(model.mode)
        return "\(keys.sideBySide): side by side  \(keys.logScale): log scale"
    }

    /// `rows` as a Markdown table for the README (`| Key | heading |`): keys in backticks, arrows as arrows.
    public static func markdown(_ rows: [(key: String, action: String)], heading: String) -> String {
        var lines = ["| Key | \(heading) |", "|-----|\(String(repeating: "-", count: heading.count + 2))|"]
        for row in rows {
            let indented = row.key.hasPrefix("  ")
            lines.append("| \(indented ? "… " : "")\(markdownKeys(row.key)) | \(row.action) |")
        }
        return lines.joined(separator: "\n")
    }

    /// "a / A" → "`a` / `A`"; names of keys (space, Esc, PgUp, …) stay words; <- and -> become arrows.
    static func markdownKeys(_ label: String) -> String {
        let words: Set<String> = ["space", "Esc", "Enter", "Backspace", "PgUp", "PgDn", "Home", "End", "Tab", "S-Tab", "click", "or"]
        let symbols = ["<-": "←", "->": "→", "Up": "↑", "Down": "↓", "/": "/"]
        return label.split(separator: " ").map { token -> String in
            let word = String(token)
            let comma = word.hasSuffix(",") && word.count > 1
            let bare = comma ? String(word.dropLast()) : word
            let shown = symbols[bare] ?? (words.contains(bare) ? bare : "`\(bare)`")
            return shown + (comma ? "," : "")
        }.joined(separator: " ")
    }
}

extension KeyHelp {
    /// The README's key tables, generated from the rows: each goes between
    /// `<!-- keys: NAME -->` and `<!-- /keys: NAME -->` in `file` (under docs/readme;
    /// `ReadmeKeyTablesTests` checks them, and rewrites them with NNSCOPE_UPDATE_GOLDEN=1).
    public static let readmeTables: [(file: String, name: String, text: String)] = [
        ("tui.md", "live", markdown(KeyMap.live.entries, heading: "Live training")),
        ("tui.md", "replay", markdown(ReplayKeys.playback.map { ($0.label, $0.summary) }
            + (ReplayKeys.interface(returnsToTraining: false) + ReplayKeys.interface(returnsToTraining: true).suffix(1)).map { ($0.label, $0.summary) },
            heading: "Replay")),
        ("tui.md", "go-to", markdown(ReplayKeys.goTo.entries, heading: "Replay's go-to-epoch prompt")),
        ("tui.md", "help", markdown(KeyMap.helpOverlay.entries, heading: "Help overlay (live)")
            + "\n\n" + markdown(ReplayKeys.helpOverlay(returnsToTraining: false).entries, heading: "Help overlay (replay)")),
        ("inside.md", "inside-live", markdown(InsideKeys.helpEntries(replay: false), heading: "Live training")),
        ("inside.md", "inside-replay", markdown(InsideKeys.helpEntries(replay: true), heading: "Replay")),
        ("lessons.md", "lesson", markdown(LessonSession.keys.entries, heading: "Lesson pane")),
    ]
}
