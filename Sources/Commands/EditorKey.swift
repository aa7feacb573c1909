/// A key press as the line editor sees it.
public enum EditorKey: Equatable, Sendable {
    case character(Character)
    case enter, tab, backspace, delete
    case left, right, home, end, up, down
    /// Ctrl-A … Ctrl-Z by letter (those without a dedicated case).
    case control(Character)
    /// An escape sequence the editor does not use.
    case unknown
}

/// Turns the bytes a terminal sends into key presses: UTF-8 characters, control keys, and the
/// ANSI/xterm escape sequences for arrows, Home/End and Delete (`ESC [ A`, `ESC O H`, `ESC [ 3 ~`, ...).
public struct KeyDecoder: Sendable {
    private var pending: [UInt8] = []

    public init() {}

    /// Feeds one byte; returns the keys it completes (usually zero or one).
    public mutating func feed(_ byte: UInt8) -> [EditorKey] {
        pending.append(byte)
        let first = pending[0]
        if first == 0x1B {
            if pending.count == 1 { return [] }
            let second = pending[1]
            guard second == UInt8(ascii: "[") || second == UInt8(ascii: "O") else {
                pending.removeAll()
                return [.unknown] + feed(second)
            }
            if pending.count == 2 { return [] }
            let last = pending[pending.count - 1]
            // Parameters are digits and ';'; anything in 0x40...0x7E ends the sequence.
            guard (0x40...0x7E).contains(last) else {
                if pending.count > 16 { pending.removeAll(); return [.unknown] }
                return []
            }
            let parameters = String(decoding: pending[2..<(pending.count - 1)], as: UTF8.self)
            pending.removeAll()
            switch (Character(UnicodeScalar(last)), parameters) {
            case ("A", _): return [.up]
            case ("B", _): return [.down]
            case ("C", _): return [.right]
            case ("D", _): return [.left]
            case ("H", _): return [.home]
            case ("F", _): return [.end]
            case ("~", "1"), ("~", "7"): return [.home]
            case ("~", "4"), ("~", "8"): return [.end]
            case ("~", "3"): return [.delete]
            default: return [.unknown]
            }
        }
        if first < 0x80 {
            pending.removeAll()
            switch first {
            case 0x0D, 0x0A: return [.enter]
            case 0x09: return [.tab]
            case 0x7F, 0x08: return [.backspace]
            case 0x01...0x1A: return [.control(Character(UnicodeScalar(first + 0x60)))]
            case 0x00, 0x1C...0x1F: return [.unknown]
            default: return [.character(Character(UnicodeScalar(first)))]
            }
        }
        // UTF-8: the lead byte says how many bytes the character has.
        let length = first >= 0xF0 ? 4 : first >= 0xE0 ? 3 : first >= 0xC0 ? 2 : 1
        if length == 1 { pending.removeAll(); return [.unknown] }
        if pending.count > 1 && (pending.last! & 0xC0) != 0x80 {
            let stray = pending.removeLast()
            pending.removeAll()
            return [.unknown] + feed(stray)
        }
        guard pending.count == length else { return [] }
        let text = String(decoding: pending, as: UTF8.self)
        pending.removeAll()
        return text.first.map { [.character($0)] } ?? [.unknown]
    }
}
