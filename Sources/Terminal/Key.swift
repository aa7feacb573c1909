import CNCursesW

/// A key press read from the terminal.
public enum Key: Hashable, Sendable {
    case character(Character)
    case enter, escape, backspace, tab, backTab
    case up, down, left, right
    case pageUp, pageDown, home, end, delete, insert
    /// The terminal was resized; read `TerminalScreen.size` again.
    case resize
    /// Function key F`n`.
    case function(Int)
    /// Ctrl plus a letter, given in lower case (Ctrl-W is `.ctrl("w")`).
    case ctrl(Character)

    /// Decodes a `wget_wch` result: `status` is `OK` (a character) or `KEY_CODE_YES` (a key code).
    /// Returns nil for `ERR` (timeout) and codes nnscope does not use.
    public static func decode(status: Int32, value: UInt32) -> Key? {
        if status == KEY_CODE_YES {
            return decodeKeyCode(Int32(bitPattern: value))
        }
        guard status == OK else { return nil }
        switch value {
        case 10, 13: return .enter
        case 9: return .tab
        case 27: return .escape
        case 8, 127: return .backspace
        case 1...26:
            guard let scalar = Unicode.Scalar(value + 96) else { return nil }
            return .ctrl(Character(scalar))
        case 0..<32: return nil
        default:
            guard let scalar = Unicode.Scalar(value) else { return nil }
            return .character(Character(scalar))
        }
    }

    static func decodeKeyCode(_ code: Int32) -> Key? {
        switch code {
        case KEY_UP: return .up
        case KEY_DOWN: return .down
        case KEY_LEFT: return .left
        case KEY_RIGHT: return .right
        case KEY_PPAGE: return .pageUp
        case KEY_NPAGE: return .pageDown
        case KEY_HOME: return .home
        case KEY_END: return .end
        case KEY_DC: return .delete
        case KEY_IC: return .insert
        case KEY_BACKSPACE: return .backspace
        case KEY_ENTER: return .enter
        case KEY_BTAB: return .backTab
        case KEY_RESIZE: return .resize
        case KEY_F0 + 1...KEY_F0 + 63: return .function(Int(code - KEY_F0))
        default: return nil
        }
    }
}
