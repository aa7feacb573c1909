/// What was wrong with a command line, in words a user can act on: what, where, and (when a word
/// was misspelt) the closest valid one. A command that fails changes nothing.
public struct CommandError: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String
    /// 1-based column of the offending character, for errors found while tokenizing.
    public var column: Int?

    public init(_ message: String, column: Int? = nil) {
        self.message = message
        self.column = column
    }

    public var description: String { message }
}
