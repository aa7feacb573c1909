/// What was wrong with a command line, in words a user can act on: what, where, and (when a word
/// was misspelt) the closest valid one. A command that fails changes nothing.
public struct CommandError: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String
    /// 1-based column of the offending character, for errors found while tokenizing.
    public var column: Int?
    /// What kind of failure, where a caller acts on it (not by matching the message).
    public var kind: Kind

    public enum Kind: Sendable, Equatable {
        case general
        /// A new recording refused to replace an existing file (the CLI adds "give --force").
        case existingFile
    }

    public init(_ message: String, column: Int? = nil, kind: Kind = .general) {
        self.message = message
        self.column = column
        self.kind = kind
    }

    public var description: String { message }
}
