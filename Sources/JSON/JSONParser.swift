#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A parse failure: what was wrong and at which byte of the input.
public struct JSONError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Byte offset (from 0) of the problem in the parsed text.
    public var offset: Int
    public var message: String

    public init(offset: Int, message: String) {
        self.offset = offset
        self.message = message
    }

    public var description: String { "byte \(offset): \(message)" }
}

/// A strict RFC 8259 parser.
///
/// - Nesting deeper than `maximumDepth` is an error (the parser is iterative, so even a
///   100,000-deep input cannot overflow the stack).
/// - Duplicate keys in an object are an error.
/// - Numbers that overflow a Double (`1e400`) or underflow to zero while having non-zero digits
///   (`1e-400`) are errors, never a silent infinity or zero. Integers that fit in `Int` become
///   `.int`; every other number becomes `.number`.
/// - Strings must be valid UTF-8; unescaped control characters and lone surrogates are errors.
/// - Only whitespace may follow the value.
public struct JSONParser: Sendable {
    public var maximumDepth: Int

    public init(maximumDepth: Int = 512) {
        self.maximumDepth = maximumDepth
    }

    /// Parses UTF-8 JSON text.
    public func parse(_ text: String) throws(JSONError) -> JSONValue {
        var copy = text
        let result: Result<JSONValue, JSONError> = copy.withUTF8 { bytes in
            do throws(JSONError) { return .success(try parse(bytes: UnsafeRawBufferPointer(bytes))) } catch { return .failure(error) }
        }
        return try result.get()
    }

    /// Parses UTF-8 JSON bytes.
    public func parse(_ bytes: [UInt8]) throws(JSONError) -> JSONValue {
        let result: Result<JSONValue, JSONError> = bytes.withUnsafeBytes { raw in
            do throws(JSONError) { return .success(try parse(bytes: raw)) } catch { return .failure(error) }
        }
        return try result.get()
    }

    /// Parses UTF-8 JSON bytes in place.
    public func parse(bytes: UnsafeRawBufferPointer) throws(JSONError) -> JSONValue {
        var scanner = JSONScanner(bytes: bytes, maximumDepth: maximumDepth)
        return try scanner.parseDocument()
    }
}

extension JSONValue {
    /// Parses strict JSON text (see `JSONParser`).
    public init(parsing text: String) throws(JSONError) {
        self = try JSONParser().parse(text)
    }
}

/// One open container while parsing.
private enum OpenContainer {
    case array([JSONValue])
    case object([(String, JSONValue)], pendingKey: String, keys: Set<String>?)
}

private struct JSONScanner {
    let bytes: UnsafeRawBufferPointer
    let maximumDepth: Int
    var index = 0

    init(bytes: UnsafeRawBufferPointer, maximumDepth: Int) {
        self.bytes = bytes
        self.maximumDepth = maximumDepth
    }

    func fail(_ message: String, at offset: Int? = nil) -> JSONError {
        JSONError(offset: offset ?? index, message: message)
    }

    mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    func describeByte(at i: Int) -> String {
        guard i < bytes.count else { return "end of input" }
        let b = bytes[i]
        if b >= 0x21 && b < 0x7F { return "'\(Character(Unicode.Scalar(b)))'" }
        return "byte 0x" + String(b, radix: 16)
    }

    mutating func parseDocument() throws(JSONError) -> JSONValue {
        skipWhitespace()
        guard index < bytes.count else { throw fail("empty input: expected a JSON value") }
        let value = try parseValue()
        skipWhitespace()
        guard index == bytes.count else { throw fail("unexpected \(describeByte(at: index)) after the JSON value") }
        return value
    }

    /// The iterative core: scalars are parsed directly, containers are kept on an explicit stack.
    mutating func parseValue() throws(JSONError) -> JSONValue {
        var stack: [OpenContainer] = []
        while true {
            // Parse one value (or open a container).
            skipWhitespace()
            guard index < bytes.count else { throw fail("unexpected end of input: expected a value") }
            var value: JSONValue
            switch bytes[index] {
            case UInt8(ascii: "{"):
                guard stack.count < maximumDepth else { throw fail("nesting deeper than \(maximumDepth) levels") }
                index += 1
                skipWhitespace()
                if index < bytes.count && bytes[index] == UInt8(ascii: "}") {
                    index += 1
                    value = .object([])
                } else {
                    let key = try parseKey()
                    var pairs: [(String, JSONValue)] = []
                    pairs.reserveCapacity(8)
                    stack.append(.object(pairs, pendingKey: key, keys: nil))
                    continue
                }
            case UInt8(ascii: "["):
                guard stack.count < maximumDepth else { throw fail("nesting deeper than \(maximumDepth) levels") }
                index += 1
                skipWhitespace()
                if index < bytes.count && bytes[index] == UInt8(ascii: "]") {
                    index += 1
                    value = .array([])
                } else {
                    var items: [JSONValue] = []
                    items.reserveCapacity(8)
                    stack.append(.array(items))
                    continue
                }
            case UInt8(ascii: "\""): value = .string(try parseString())
            case UInt8(ascii: "t"): try expectLiteral("true"); value = .bool(true)
            case UInt8(ascii: "f"): try expectLiteral("false"); value = .bool(false)
            case UInt8(ascii: "n"): try expectLiteral("null"); value = .null
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): value = try parseNumber()
            default: throw fail("unexpected \(describeByte(at: index)): expected a value")
            }
            // Attach the value to the innermost container, closing containers as they end.
            while true {
                guard let top = stack.popLast() else { return value }
                skipWhitespace()
                switch top {
                case var .array(items):
                    items.append(value)
                    guard index < bytes.count else { throw fail("unexpected end of input in an array: expected ',' or ']'") }
                    if bytes[index] == UInt8(ascii: ",") {
                        index += 1
                        stack.append(.array(items))
                    } else if bytes[index] == UInt8(ascii: "]") {
                        index += 1
                        value = .array(items)
                        continue
                    } else {
                        throw fail("unexpected \(describeByte(at: index)) in an array: expected ',' or ']'")
                    }
                case .object(var pairs, let key, var keys):
                    pairs.append((key, value))
                    if pairs.count == 16 { keys = Set(pairs.map(\.0)) }
                    guard index < bytes.count else { throw fail("unexpected end of input in an object: expected ',' or '}'") }
                    if bytes[index] == UInt8(ascii: ",") {
                        index += 1
                        skipWhitespace()
                        let keyOffset = index
                        let next = try parseKey()
                        if var set = keys {
                            guard set.insert(next).inserted else { throw fail("duplicate key \"\(next)\"", at: keyOffset) }
                            keys = set
                        } else if pairs.contains(where: { $0.0 == next }) {
                            throw fail("duplicate key \"\(next)\"", at: keyOffset)
                        }
                        stack.append(.object(pairs, pendingKey: next, keys: keys))
                    } else if bytes[index] == UInt8(ascii: "}") {
                        index += 1
                        value = .object(pairs)
                        continue
                    } else {
                        throw fail("unexpected \(describeByte(at: index)) in an object: expected ',' or '}'")
                    }
                }
                break
            }
        }
    }

    /// `"key"` then `:`.
    mutating func parseKey() throws(JSONError) -> String {
        skipWhitespace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
            throw fail("unexpected \(describeByte(at: index)): expected a string key")
        }
        let key = try parseString()
        skipWhitespace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else {
            throw fail("unexpected \(describeByte(at: index)) after key \"\(key)\": expected ':'")
        }
        index += 1
        return key
    }

    mutating func expectLiteral(_ word: StaticString) throws(JSONError) {
        let start = index
        let count = word.utf8CodeUnitCount
        guard bytes.count - index >= count else { throw fail("unexpected end of input: expected \(word)", at: start) }
        for i in 0..<count where bytes[index + i] != word.utf8Start[i] {
            throw fail("invalid literal: expected \(word)", at: start)
        }
        index += count
    }

    mutating func parseString() throws(JSONError) -> String {
        let start = index
        index += 1  // opening quote
        var out: [UInt8] = []
        var runStart = index
        var ascii = true
        while true {
            guard index < bytes.count else { throw fail("unterminated string", at: start) }
            let b = bytes[index]
            if b == UInt8(ascii: "\"") {
                if out.isEmpty && runStart == start + 1 {
                    // No escapes: ASCII needs no validation; anything else is validated in place.
                    let run = UnsafeRawBufferPointer(rebasing: bytes[runStart..<index])
                    let s = ascii ? String(decoding: run, as: UTF8.self) : String(validating: run, as: UTF8.self)
                    index += 1
                    guard let s else { throw fail("string is not valid UTF-8", at: start) }
                    return s
                }
                out.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[runStart..<index]))
                index += 1
                break
            }
            if b >= 0x80 { ascii = false }
            if b < 0x20 { throw fail("unescaped control character 0x\(String(b, radix: 16)) in a string") }
            if b == UInt8(ascii: "\\") {
                out.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[runStart..<index]))
                try parseEscape(into: &out)
                runStart = index
                continue
            }
            index += 1
        }
        guard let s = String(validating: out, as: UTF8.self) else {
            throw fail("string is not valid UTF-8", at: start)
        }
        return s
    }

    mutating func hex4() throws(JSONError) -> UInt32 {
        guard bytes.count - index >= 4 else { throw fail("truncated \\u escape") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let b = bytes[index]
            let d: UInt8
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): d = b - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): d = b - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): d = b - UInt8(ascii: "A") + 10
            default: throw fail("invalid hex digit \(describeByte(at: index)) in a \\u escape")
            }
            v = v * 16 + UInt32(d)
            index += 1
        }
        return v
    }

    mutating func parseEscape(into out: inout [UInt8]) throws(JSONError) {
        let start = index
        index += 1
        guard index < bytes.count else { throw fail("unterminated escape", at: start) }
        let c = bytes[index]
        index += 1
        switch c {
        case UInt8(ascii: "\""): out.append(0x22)
        case UInt8(ascii: "\\"): out.append(0x5C)
        case UInt8(ascii: "/"): out.append(0x2F)
        case UInt8(ascii: "b"): out.append(0x08)
        case UInt8(ascii: "f"): out.append(0x0C)
        case UInt8(ascii: "n"): out.append(0x0A)
        case UInt8(ascii: "r"): out.append(0x0D)
        case UInt8(ascii: "t"): out.append(0x09)
        case UInt8(ascii: "u"):
            var code = try hex4()
            if code >= 0xD800 && code < 0xDC00 {
                guard bytes.count - index >= 6, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                    throw fail("lone high surrogate in a \\u escape", at: start)
                }
                index += 2
                let low = try hex4()
                guard low >= 0xDC00 && low < 0xE000 else { throw fail("high surrogate not followed by a low surrogate", at: start) }
                code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
            } else if code >= 0xDC00 && code < 0xE000 {
                throw fail("lone low surrogate in a \\u escape", at: start)
            }
            guard let scalar = Unicode.Scalar(code) else { throw fail("invalid code point in a \\u escape", at: start) }
            out.append(contentsOf: String(Character(scalar)).utf8)
        default:
            throw fail("invalid escape \\\(describeByte(at: index - 1))", at: start)
        }
    }

    mutating func parseNumber() throws(JSONError) -> JSONValue {
        let start = index
        var negative = false
        if bytes[index] == UInt8(ascii: "-") { negative = true; index += 1 }
        func isDigit(_ i: Int) -> Bool { i < bytes.count && bytes[i] >= 0x30 && bytes[i] <= 0x39 }
        guard isDigit(index) else { throw fail("invalid number: expected a digit", at: index) }
        var nonZeroDigit = false
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
            if isDigit(index) { throw fail("invalid number: leading zero", at: start) }
        } else {
            while isDigit(index) { index += 1 }
            nonZeroDigit = true
        }
        let integerEnd = index
        var isInteger = true
        if index < bytes.count && bytes[index] == UInt8(ascii: ".") {
            isInteger = false
            index += 1
            guard isDigit(index) else { throw fail("invalid number: expected a digit after '.'", at: index) }
            while isDigit(index) {
                if bytes[index] != 0x30 { nonZeroDigit = true }
                index += 1
            }
        }
        if index < bytes.count && (bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E")) {
            isInteger = false
            index += 1
            if index < bytes.count && (bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-")) { index += 1 }
            guard isDigit(index) else { throw fail("invalid number: expected a digit in the exponent", at: index) }
            while isDigit(index) { index += 1 }
        }
        if isInteger && integerEnd - start <= 19 {
            // Exact integers: accumulate negatively so Int.min parses too.
            var value = 0
            var overflow = false
            for i in (negative ? start + 1 : start)..<integerEnd {
                let (m, o1) = value.multipliedReportingOverflow(by: 10)
                let (s, o2) = m.subtractingReportingOverflow(Int(bytes[i] - 0x30))
                if o1 || o2 { overflow = true; break }
                value = s
            }
            if !overflow {
                if negative { return .int(value) }
                if value != Int.min { return .int(-value) }
            }
        }
        // strtod on a NUL-terminated copy: correctly rounded, no String allocation for short numbers.
        let length = index - start
        let x: Double = withUnsafeTemporaryAllocation(of: CChar.self, capacity: length + 1) { buffer in
            for i in 0..<length { buffer[i] = CChar(bitPattern: bytes[start + i]) }
            buffer[length] = 0
            return strtod(buffer.baseAddress!, nil)
        }
        guard x.isFinite else {
            throw fail("number \(String(decoding: bytes[start..<index], as: UTF8.self)) is out of range for a 64-bit float", at: start)
        }
        if x == 0 && nonZeroDigit { throw fail("number \(String(decoding: bytes[start..<index], as: UTF8.self)) underflows to zero", at: start) }
        return .number(x)
    }
}
