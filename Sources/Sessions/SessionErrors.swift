/// A session file that cannot be used at all, or an operation on one that failed. The message says
/// what and where: "run.jsonl: record 1 (byte 0): checksum mismatch".
public struct SessionError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Something wrong with part of a session file that did not stop the rest from being read.
public struct SessionProblem: Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable, Equatable {
        /// The last record has no line end: the writer was killed while writing it. It is dropped.
        case tornTail = "torn"
        /// A complete line that is not a valid record (bad JSON, checksum mismatch, bad fields). Skipped.
        case corrupt
        /// A record type this version does not know (from a newer minor version). Skipped.
        case unknownRecordType = "unknown"
        /// A line longer than the reader's limit. Skipped without being held in memory.
        case lineTooLong = "too-long"
    }

    public var kind: Kind
    /// The file's name as given to the reader.
    public var file: String
    /// Record number: line number, from 1 (the header).
    public var record: Int
    /// Byte offset of the record's first byte.
    public var byteOffset: Int
    public var message: String

    public init(kind: Kind, file: String, record: Int, byteOffset: Int, message: String) {
        self.kind = kind
        self.file = file
        self.record = record
        self.byteOffset = byteOffset
        self.message = message
    }

    /// True for problems that lose data (everything but skipped unknown record types).
    public var losesData: Bool { kind != .unknownRecordType }

    public var description: String { "\(file): record \(record) (byte \(byteOffset)): \(message)" }
}

extension SessionError {
    /// Why a new recording refuses an existing file (callers add how to continue or replace it).
    public static let existingFileMessage = "the file already exists and is left as it is (a recording never replaces a file unasked)"
}

/// A new recording refused to replace an existing file: its own type, so callers that add "give
/// --force" or "continue it with --resume" recognise it by type, not by matching its text.
public struct ExistingSessionFileError: Error, Sendable, Equatable, CustomStringConvertible {
    public var path: String
    public init(path: String) { self.path = path }
    public var description: String { "\(path): \(SessionError.existingFileMessage)" }
}
