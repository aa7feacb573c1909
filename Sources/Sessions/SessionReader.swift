#if canImport(Glibc)
import Glibc
#endif
import JSON
import LinearAlgebra

/// One item of a streamed session: a record or a problem, in file order.
public enum SessionItem: Sendable {
    /// `number` counts lines from 1 (the header); `byteOffset` is the record's first byte.
    case record(SessionRecord, number: Int, byteOffset: Int)
    case problem(SessionProblem)
}

/// How a streamed read ended.
public struct SessionStreamEnd: Sendable, Equatable {
    /// Lines seen, complete or not.
    public var records: Int
    /// Length of the file up to the end of its last complete line (where a torn record starts).
    public var completeBytes: Int
    /// The format version's minor number the header declared.
    public var minorVersion: Int
}

/// A session file read back in full (all epochs; only the last checkpoint).
public struct SessionContents: Sendable {
    public var header: SessionHeader
    /// Every epoch record, in file order.
    public var epochs: [SessionEpoch]
    public var events: [SessionEvent]
    public var divergences: [SessionDivergence]
    public var resumes: [SessionResume]
    public var lastCheckpoint: SessionCheckpoint?
    /// The last closing record, if any.
    public var close: SessionClose?
    /// True when the last record is a closing record.
    public var closed: Bool
    /// Torn tail, corrupt records, skipped unknown records, over-long lines.
    public var problems: [SessionProblem]
    /// Bytes up to the end of the last complete line.
    public var completeBytes: Int

    public init(header: SessionHeader) {
        self.header = header
        epochs = []
        events = []
        divergences = []
        resumes = []
        closed = false
        problems = []
        completeBytes = 0
    }

    /// Adds a streamed item.
    public mutating func add(_ item: SessionItem) {
        switch item {
        case let .problem(p):
            problems.append(p)
        case let .record(record, _, _):
            closed = false
            switch record {
            case .header: break
            case let .epoch(e): epochs.append(e)
            case let .event(e): events.append(e)
            case let .divergence(d): divergences.append(d)
            case let .checkpoint(c): lastCheckpoint = c
            case let .resume(r): resumes.append(r)
            case let .close(c): close = c; closed = true
            }
        }
    }
}

/// Reads session files: streaming (`stream`, memory bounded by one line) or in full (`read`).
public enum SessionReader {
    /// Lines longer than this are skipped and reported rather than read into memory.
    public static let defaultMaximumLineLength = 64 << 20

    /// Streams the file at `path`: `visit` gets the header record first, then every record and
    /// problem in order. Throws only when nothing usable is there: a missing or unreadable file, a
    /// first record that is not a valid header, a newer major version.
    @discardableResult
    public static func stream(path: String, maximumLineLength: Int = defaultMaximumLineLength,
                              visit: (SessionItem) throws -> Void) throws -> SessionStreamEnd {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw SessionError("\(path): cannot open: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var reader = LineReader(fileDescriptor: fd, maximumLineLength: maximumLineLength)
        return try stream(reader: &reader, name: path, visit: visit)
    }

    /// Streams a session held in memory (`name` appears in messages).
    @discardableResult
    public static func stream(bytes: [UInt8], name: String, maximumLineLength: Int = defaultMaximumLineLength,
                              visit: (SessionItem) throws -> Void) throws -> SessionStreamEnd {
        var reader = LineReader(bytes: bytes, maximumLineLength: maximumLineLength)
        return try stream(reader: &reader, name: name, visit: visit)
    }

    /// Reads the whole file. Throws only when nothing usable is there (see `stream`).
    public static func read(path: String, maximumLineLength: Int = defaultMaximumLineLength) throws -> SessionContents {
        var contents: SessionContents?
        let end = try stream(path: path, maximumLineLength: maximumLineLength) { item in collect(item, into: &contents) }
        return finish(contents, end, name: path)
    }

    /// Reads a session held in memory.
    public static func read(bytes: [UInt8], name: String, maximumLineLength: Int = defaultMaximumLineLength) throws -> SessionContents {
        var contents: SessionContents?
        let end = try stream(bytes: bytes, name: name, maximumLineLength: maximumLineLength) { item in collect(item, into: &contents) }
        return finish(contents, end, name: name)
    }

    private static func collect(_ item: SessionItem, into contents: inout SessionContents?) {
        if case let .record(.header(h), _, _) = item { contents = SessionContents(header: h) } else { contents?.add(item) }
    }

    private static func finish(_ contents: SessionContents?, _ end: SessionStreamEnd, name: String) -> SessionContents {
        var c = contents!  // `stream` returns only after visiting a header
        c.completeBytes = end.completeBytes
        return c
    }

    private static func stream(reader: inout LineReader, name: String, visit: (SessionItem) throws -> Void) throws -> SessionStreamEnd {
        var number = 0
        var minor = -1
        var completeBytes = 0
        let limit = reader.maximumLineLength
        try reader.forEach { item in
            number += 1
            func problem(_ kind: SessionProblem.Kind, _ offset: Int, _ message: String) -> SessionProblem {
                SessionProblem(kind: kind, file: name, record: number, byteOffset: offset, message: message)
            }
            switch item {
            case let .torn(offset, length):
                if minor < 0 {
                    throw SessionError("\(name): record 1 (byte 0): the header is incomplete (\(length) bytes without a line end); the writer was killed before it finished")
                }
                try visit(.problem(problem(.tornTail, offset, "torn record: \(length) bytes without a line end (the writer was killed while writing it); dropped")))
            case let .tooLong(offset, length):
                completeBytes = offset + length + 1
                if minor < 0 { throw SessionError("\(name): record 1 (byte 0): the first line is longer than \(limit) bytes; not a session") }
                try visit(.problem(problem(.lineTooLong, offset, "line of \(length) bytes exceeds the limit of \(limit) bytes; skipped")))
            case let .line(bytes, offset):
                completeBytes = offset + bytes.count + 1
                if minor < 0 {
                    let decoded: DecodedHeader
                    do {
                        decoded = try SessionRecord.decodeHeader(try SessionLine.decode(bytes))
                    } catch {
                        throw SessionError("\(name): record 1 (byte 0): \(error)")
                    }
                    minor = decoded.minor
                    try visit(.record(.header(decoded.header), number: 1, byteOffset: 0))
                    for key in decoded.unknownKeys {
                        try visit(.problem(problem(.unknownRecordType, 0, "configuration key \"\(key)\" from format \(decoded.header.formatVersion) is unknown to this version; ignored")))
                    }
                    return
                }
                let json: JSONValue
                let record: SessionRecord?
                do {
                    json = try SessionLine.decode(bytes)
                    record = try SessionRecord.decodeBody(json)
                } catch {
                    try visit(.problem(problem(.corrupt, offset, "\(error); skipped")))
                    return
                }
                if let record {
                    try visit(.record(record, number: number, byteOffset: offset))
                } else {
                    let type = json["type"]?.stringValue ?? "?"
                    if minor > SessionFormat.minor {
                        try visit(.problem(problem(.unknownRecordType, offset, "record type \"\(type)\" from format 1.\(minor) is unknown to this version; skipped")))
                    } else {
                        try visit(.problem(problem(.corrupt, offset, "record type \"\(type)\" is not part of format \(SessionFormat.major).\(minor); skipped")))
                    }
                }
            }
        }
        guard minor >= 0 else { throw SessionError("\(name): empty file; not a session") }
        return SessionStreamEnd(records: number, completeBytes: completeBytes, minorVersion: minor)
    }
}
