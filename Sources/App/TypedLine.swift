import Commands

/// The lines only the TUI's comparison understands (`compare KEY VALUE`, `compare off`,
/// `set both KEY VALUE`): run B lives in the training worker, not in the interpreter.
public enum ComparisonCommand: Sendable, Equatable {
    /// `compare KEY VALUE`: start run B with KEY set to VALUE.
    case start(key: String, value: String)
    /// `compare off`.
    case off
    /// `set both KEY VALUE`: the same change in A and B.
    case setBoth(key: String, value: String)

    /// The canonical line (`TypedLine.parse` reads it back).
    public var text: String {
        switch self {
        case let .start(key, value): "compare \(Tokenizer.quote(key)) \(Tokenizer.quote(value))"
        case .off: "compare off"
        case let .setBoth(key, value): "set both \(Tokenizer.quote(key)) \(Tokenizer.quote(value))"
        }
    }
}

/// A line typed in the TUI (the `:` line, a lesson page's line), understood once, where it is
/// typed: a command of the command language or one of the comparison's lines. What travels to
/// the worker is this value, never the text.
public enum TypedLine: Sendable, Equatable {
    case command(Command)
    case comparison(ComparisonCommand)

    /// The line's meaning; nil for a blank line or a comment.
    public static func parse(_ line: String) throws(CommandError) -> TypedLine? {
        let tokens = try Tokenizer.tokenize(line)
        let words = tokens.map(\.text)
        if words.first == "compare" {
            if words.dropFirst() == ["off"] { return .comparison(.off) }
            guard words.count >= 3 else {
                throw CommandError("compare: give a setting and the value run B uses (compare activation relu), or compare off")
            }
            return .comparison(.start(key: words[1], value: words.dropFirst(2).joined(separator: " ")))
        }
        if words.first == "set", words.count >= 2, words[1] == "both" {
            guard words.count >= 4 else { throw CommandError("set both: give a setting and a value (set both lr 0.05)") }
            return .comparison(.setBoth(key: words[2], value: words.dropFirst(3).joined(separator: " ")))
        }
        return try CommandParser.parse(tokens: tokens).map(TypedLine.command)
    }

    /// The request that hands this line to the training worker.
    public var request: WorkerRequest {
        switch self {
        case let .command(command): .command(command)
        case let .comparison(comparison): .comparison(comparison)
        }
    }

    /// The canonical line.
    public var text: String {
        switch self {
        case let .command(command): command.text
        case let .comparison(comparison): comparison.text
        }
    }
}
