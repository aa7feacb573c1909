/// One word of a command line and the 1-based column where it starts.
public struct Token: Equatable, Sendable {
    public var text: String
    public var column: Int

    public init(_ text: String, column: Int) {
        self.text = text
        self.column = column
    }
}

/// Splits a command line into words, shell-style: whitespace separates words; '…' and "…" quote
/// (both keep spaces and `#`); outside quotes and inside double quotes a backslash escapes the next
/// character (`\n` and `\t` inside double quotes mean newline and tab); inside single quotes every
/// character is literal; `#` at the start of a word starts a comment that runs to the end of the
/// line. Control characters other than tab are rejected, with their column.
public enum Tokenizer {
    public static func tokenize(_ line: String) throws(CommandError) -> [Token] {
        var tokens: [Token] = []
        var current = ""
        var start: Int?
        var quote: Character?
        var quoteColumn = 0
        var escaped = false
        var column = 0
        for character in line {
            column += 1
            if let scalar = character.unicodeScalars.first, character.unicodeScalars.count == 1,
               scalar.value < 0x20 || scalar.value == 0x7F, character != "\t" {
                throw CommandError("unexpected control character (code \(scalar.value)) at column \(column)", column: column)
            }
            if escaped {
                if quote == "\"" && character == "n" {
                    current.append("\n")
                } else if quote == "\"" && character == "t" {
                    current.append("\t")
                } else {
                    current.append(character)
                }
                escaped = false
                continue
            }
            if let q = quote {
                if character == q {
                    quote = nil
                } else if character == "\\" && q == "\"" {
                    escaped = true
                } else {
                    current.append(character)
                }
                continue
            }
            switch character {
            case " ", "\t", "\r\n":
                if let s = start {
                    tokens.append(Token(current, column: s))
                    current = ""
                    start = nil
                }
            case "#" where start == nil:
                return tokens
            case "\"", "'":
                if start == nil { start = column }
                quote = character
                quoteColumn = column
            case "\\":
                if start == nil { start = column }
                escaped = true
            default:
                if start == nil { start = column }
                current.append(character)
            }
        }
        if escaped { throw CommandError("a backslash at the end of the line escapes nothing (column \(column))", column: column) }
        if let q = quote { throw CommandError("unterminated \(q) quote starting at column \(quoteColumn)", column: quoteColumn) }
        if let s = start { tokens.append(Token(current, column: s)) }
        return tokens
    }

    /// `word` written so that `tokenize` reads it back as one word (quoted when needed).
    public static func quote(_ word: String) -> String {
        let plain = !word.isEmpty && !word.contains { " \t\"'\\#".contains($0) || $0.isNewline || ($0.asciiValue.map { $0 < 0x20 || $0 == 0x7F } ?? false) }
        if plain { return word }
        var out = "\""
        for c in word {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default: out.append(c)
            }
        }
        return out + "\""
    }
}
