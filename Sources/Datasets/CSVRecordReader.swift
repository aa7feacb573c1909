/// Splits CSV bytes into records of fields (RFC 4180: quoted fields may hold commas, doubled quotes
/// and line breaks; lines end with LF, CRLF or CR). Works on byte ranges, so a huge line is never
/// copied into a String, and refuses records with more than `maximumFields` fields as it reads them.
struct CSVRecordReader {
    /// One field: its byte range in the file (without quotes) and whether it was quoted.
    struct Field {
        var start: Int
        var end: Int
        var quoted: Bool
    }

    let path: String
    let bytes: [UInt8]
    let maximumFields: Int
    private var position = 0
    /// Line number (1-based) at `position`.
    private var line = 1

    init(path: String, bytes: [UInt8], maximumFields: Int) {
        self.path = path
        self.bytes = bytes
        self.maximumFields = maximumFields
        // Skip a UTF-8 byte order mark.
        if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { position = 3 }
    }

    private static let comma = UInt8(ascii: ","), quote = UInt8(ascii: "\""), newline = UInt8(ascii: "\n"),
                        carriageReturn = UInt8(ascii: "\r"), space = UInt8(ascii: " "), tab = UInt8(ascii: "\t")

    private func isBlank(_ byte: UInt8) -> Bool { byte == Self.space || byte == Self.tab }

    /// Skips blank (empty or whitespace-only) lines; true when a record follows.
    private mutating func skipBlankLines() -> Bool {
        while position < bytes.count {
            var probe = position
            while probe < bytes.count && isBlank(bytes[probe]) { probe += 1 }
            if probe == bytes.count { position = probe; return false }
            guard bytes[probe] == Self.newline || bytes[probe] == Self.carriageReturn else { return true }
            position = probe
            consumeLineEnd()
        }
        return false
    }

    /// Consumes LF, CRLF or CR at `position` (which must be at one of them).
    private mutating func consumeLineEnd() {
        if bytes[position] == Self.carriageReturn { position += 1 }
        if position < bytes.count && bytes[position] == Self.newline { position += 1 }
        line += 1
    }

    /// The next record into `fields` (cleared first); returns the record's first line, or nil at the end.
    mutating func nextRecord(into fields: inout [Field]) throws(DatasetError) -> Int? {
        fields.removeAll(keepingCapacity: true)
        guard skipBlankLines() else { return nil }
        let recordLine = line
        while true {
            if fields.count == maximumFields {
                throw .csv(path: path, line: recordLine, column: nil,
                           message: "more than \(maximumFields) fields on one line (is this really a CSV file?)")
            }
            fields.append(try nextField(recordLine: recordLine, column: fields.count + 1))
            if position < bytes.count && bytes[position] == Self.comma {
                position += 1
                continue
            }
            if position < bytes.count { consumeLineEnd() }
            return recordLine
        }
    }

    /// One field starting at `position`; leaves `position` at the following comma, line end or end of file.
    private mutating func nextField(recordLine: Int, column: Int) throws(DatasetError) -> Field {
        while position < bytes.count && isBlank(bytes[position]) { position += 1 }
        if position < bytes.count && bytes[position] == Self.quote {
            let openingLine = line
            position += 1
            let start = position
            while true {
                guard position < bytes.count else {
                    throw .csv(path: path, line: openingLine, column: column,
                               message: "quoted field is never closed (missing '\"')")
                }
                let byte = bytes[position]
                if byte == Self.quote {
                    if position + 1 < bytes.count && bytes[position + 1] == Self.quote {
                        position += 2
                        continue
                    }
                    break
                }
                if byte == Self.newline || (byte == Self.carriageReturn
                    && !(position + 1 < bytes.count && bytes[position + 1] == Self.newline)) {
                    line += 1
                }
                position += 1
            }
            let end = position
            position += 1
            while position < bytes.count && isBlank(bytes[position]) { position += 1 }
            if position < bytes.count {
                let next = bytes[position]
                guard next == Self.comma || next == Self.newline || next == Self.carriageReturn else {
                    throw .csv(path: path, line: line, column: column,
                               message: "unexpected text after a closing quote (a quote inside a quoted field is written \"\")")
                }
            }
            return Field(start: start, end: end, quoted: true)
        }
        let start = position
        while position < bytes.count {
            let byte = bytes[position]
            if byte == Self.comma || byte == Self.newline || byte == Self.carriageReturn { break }
            position += 1
        }
        var end = position
        while end > start && isBlank(bytes[end - 1]) { end -= 1 }
        return Field(start: start, end: end, quoted: false)
    }

    /// The text of `field` (doubled quotes in a quoted field become one).
    func text(of field: Field) -> String {
        let raw = bytes[field.start..<field.end]
        guard field.quoted, raw.contains(Self.quote) else { return String(decoding: raw, as: UTF8.self) }
        var unescaped: [UInt8] = []
        unescaped.reserveCapacity(raw.count)
        var index = raw.startIndex
        while index < raw.endIndex {
            unescaped.append(raw[index])
            index += raw[index] == Self.quote ? 2 : 1
        }
        return String(decoding: unescaped, as: UTF8.self)
    }

    /// The field as a finite number, or nil. Uses Swift's locale-independent parser ('.' decimals).
    func number(in field: Field) -> Double? {
        let raw = bytes[field.start..<field.end]
        guard !raw.isEmpty, raw.count <= 64 else { return nil }
        var start = raw.startIndex, end = raw.endIndex
        while start < end && isBlank(raw[start]) { start += 1 }
        while end > start && isBlank(raw[end - 1]) { end -= 1 }
        guard let value = Double(String(decoding: raw[start..<end], as: UTF8.self)), value.isFinite else { return nil }
        return value
    }
}
