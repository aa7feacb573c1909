import Render
import Spelling

/// One row of the command table: what `help` prints and the TUI's help overlay shows.
public struct CommandHelp: Equatable, Sendable {
    public var name: String
    public var usage: String
    public var summary: String
}

extension CommandHelp {
    /// Every command, in the order `help` lists them.
    public static let table: [CommandHelp] = [
        CommandHelp(name: "help", usage: "help [COMMAND|SETTING]", summary: "list the commands, or explain one command or setting"),
        CommandHelp(name: "show", usage: "show config|metrics|layers|activation [NAME]", summary: "print the settings, the last epoch's metrics, the layers, or an activation function"),
        CommandHelp(name: "set", usage: "set KEY VALUE", summary: "change a training setting (set KEY alone prints it; `help set` lists the keys); "
                    + "set weight L I J VALUE / set bias L J VALUE set one parameter by hand (1-based: layer L, from unit I, to unit J)"),
        CommandHelp(name: "dataset", usage: "dataset NAME [OPTIONS]", summary: "switch to another dataset (re-initialises the network)"),
        CommandHelp(name: "step", usage: "step [N]", summary: "train N epochs (default 1), printing one line per epoch"),
        CommandHelp(name: "batch", usage: "batch [N]", summary: "train N mini-batches (default 1)"),
        CommandHelp(name: "run", usage: "run [N]", summary: "train continuously (TUI) or N epochs (elsewhere: the same as step N)"),
        CommandHelp(name: "pause", usage: "pause", summary: "stop continuous training (TUI)"),
        CommandHelp(name: "reset", usage: "reset", summary: "a new network with the current settings and seed (epoch 0)"),
        CommandHelp(name: "save", usage: "save [--force] FILE", summary: "write the session so far to FILE (atomically), with the current weights; never replaces a file this run did not save unless --force"),
        CommandHelp(name: "load", usage: "load FILE", summary: "continue a session file from its last checkpoint, recording into it"),
        CommandHelp(name: "replay", usage: "replay FILE", summary: "a session file's summary: configuration, best and final epochs, events, problems (the TUI opens its replay screen)"),
        CommandHelp(name: "export", usage: "export FILE.csv [from SESSION]", summary: "write this run's (or a session file's) epochs as CSV"),
        CommandHelp(name: "gradcheck", usage: "gradcheck", summary: "compare backprop's gradients with finite differences at the current weights"),
        CommandHelp(name: "inspect", usage: "inspect N", summary: "backprop on training example N at the current weights: z, a, f′, δ, ∂L/∂W per layer"),
        CommandHelp(name: "graph", usage: "graph EXPRESSION [at x=1,y=2]", summary: "build an expression's computational graph and its derivatives"),
        CommandHelp(name: "quit", usage: "quit", summary: "leave (also: exit, Ctrl-D on an empty line)"),
    ]

    /// Alternative command names.
    public static let aliases: [String: String] = ["exit": "quit", "?": "help", "q": "quit"]

    /// The command named `word`: an exact name, an alias, or an unambiguous prefix.
    public static func resolve(_ word: String) throws(CommandError) -> CommandHelp {
        let key = word.lowercased()
        if let exact = table.first(where: { $0.name == key }) { return exact }
        if let target = aliases[key], let aliased = table.first(where: { $0.name == target }) { return aliased }
        let matches = key.isEmpty ? [] : table.filter { $0.name.hasPrefix(key) }
        if matches.count == 1 { return matches[0] }
        if matches.count > 1 {
            throw CommandError("'\(word)' is ambiguous: it could be \(matches.map(\.name).joined(separator: ", "))")
        }
        throw CommandError("unknown command '\(word)'" + didYouMean(word, table.map(\.name)) + " (type `help` for the list)")
    }

    /// `help` with no topic: one aligned line per command.
    /// Summaries wrap at word boundaries under themselves at `width` columns (the REPL's `help`
    /// uses 80, so a terminal never breaks a word).
    public static func overview(width: Int = 80) -> [String] {
        let usageWidth = table.map(\.usage.count).max() ?? 0
        return table.flatMap { Paragraph.wrapHanging(prefix: $0.usage.padding(toWidth: usageWidth) + "  ", text: $0.summary, width: width) }
    }
}

extension String {
    /// The string padded with spaces on the right to `width` characters.
    public func padding(toWidth width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
