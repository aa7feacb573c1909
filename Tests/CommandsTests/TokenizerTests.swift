import Testing
@testable import Commands

struct TokenizerTests {
    static let valid: [(String, [String])] = [
        ("step 3", ["step", "3"]),
        ("  set   lr\t0.05  ", ["set", "lr", "0.05"]),
        ("dataset \"csv:my data.csv\"", ["dataset", "csv:my data.csv"]),
        ("set dataset 'a \"b\" c'", ["set", "dataset", "a \"b\" c"]),
        ("say \"a\\\"b\\\\c\\nd\"", ["say", "a\"b\\c\nd"]),
        ("one\\ word", ["one word"]),
        ("step 2 # train a bit", ["step", "2"]),
        ("# only a comment", []),
        ("set dataset csv:a#b.csv", ["set", "dataset", "csv:a#b.csv"]),
        ("x \"#not a comment\"", ["x", "#not a comment"]),
        ("empty \"\" ''", ["empty", "", ""]),
        ("", []),
    ]

    @Test(arguments: valid)
    func tokenizes(line: String, words: [String]) throws {
        #expect(try Tokenizer.tokenize(line).map(\.text) == words)
    }

    @Test func recordsColumns() throws {
        #expect(try Tokenizer.tokenize("  set lr  0.1").map(\.column) == [3, 7, 11])
    }

    static let invalid: [(String, String, Int)] = [
        ("set lr \"0.1", "unterminated \" quote starting at column 8", 8),
        ("show 'config", "unterminated ' quote starting at column 6", 6),
        ("step\\", "a backslash at the end of the line escapes nothing (column 5)", 5),
        ("step \u{01}", "unexpected control character (code 1) at column 6", 6),
    ]

    @Test(arguments: invalid)
    func rejects(line: String, message: String, column: Int) {
        #expect(throws: CommandError(message, column: column)) { try Tokenizer.tokenize(line) }
    }

    @Test(arguments: ["plain", "two words", "quote\"d", "back\\slash", "#hash", "", "new\nline"])
    func quoteRoundTrips(word: String) throws {
        #expect(try Tokenizer.tokenize(Tokenizer.quote(word)).map(\.text) == [word])
    }
}
