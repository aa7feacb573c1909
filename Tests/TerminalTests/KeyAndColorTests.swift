import CNCursesW
import Render
import Testing
@testable import Terminal

@Suite struct KeyDecodingTests {
    @Test func charactersAndControlKeys() {
        #expect(Key.decode(status: OK, value: 97) == .character("a"))
        #expect(Key.decode(status: OK, value: 0x65E5) == .character("日"))
        #expect(Key.decode(status: OK, value: 13) == .enter)
        #expect(Key.decode(status: OK, value: 10) == .enter)
        #expect(Key.decode(status: OK, value: 9) == .tab)
        #expect(Key.decode(status: OK, value: 27) == .escape)
        #expect(Key.decode(status: OK, value: 127) == .backspace)
        #expect(Key.decode(status: OK, value: 23) == .ctrl("w"))
        #expect(Key.decode(status: OK, value: 0) == nil)
        #expect(Key.decode(status: OK, value: 0xD800) == nil)
        #expect(Key.decode(status: ERR, value: 97) == nil)
    }

    @Test func keyCodes() {
        let code = { (value: Int32) in Key.decode(status: KEY_CODE_YES, value: UInt32(value)) }
        #expect(code(KEY_UP) == .up)
        #expect(code(KEY_NPAGE) == .pageDown)
        #expect(code(KEY_BTAB) == .backTab)
        #expect(code(KEY_RESIZE) == .resize)
        #expect(code(KEY_DC) == .delete)
        #expect(code(KEY_BACKSPACE) == .backspace)
        #expect(code(KEY_F0 + 5) == .function(5))
        #expect(code(KEY_F0) == nil)
        #expect(code(KEY_MOUSE) == nil)
    }
}

@Suite struct ColorPairTests {
    @Test func pairsAreAllocatedOnceAndDefaultIsZero() {
        var cache = ColorPairCache(capacity: 4, colorCount: 256, hasDefaultColors: true)
        #expect(cache.pair(foreground: .default, background: .default).pair == 0)
        let first = cache.pair(foreground: .red, background: .default)
        #expect(first.pair == 1 && first.isNew && first.foreground == 1 && first.background == -1)
        #expect(cache.pair(foreground: .red, background: .default) == (1, false, 1, -1))
        #expect(cache.pair(foreground: .indexed(200), background: .blue).pair == 2)
        #expect(cache.pair(foreground: .green, background: .blue).pair == 3)
        // Capacity 4 means pairs 0-3: the next combination falls back to the default pair.
        #expect(cache.pair(foreground: .cyan, background: .blue).pair == 0)
        cache.reset()
        #expect(cache.pair(foreground: .cyan, background: .blue) == (1, true, 6, 4))
    }

    @Test func coloursFoldIntoWhatTheTerminalHas() {
        let eight = ColorPairCache(capacity: 64, colorCount: 8, hasDefaultColors: false)
        #expect(eight.cursesColor(.indexed(200), isForeground: true) == 0)
        #expect(eight.cursesColor(.indexed(9), isForeground: true) == 1)
        #expect(eight.cursesColor(.default, isForeground: true) == 7)
        #expect(eight.cursesColor(.default, isForeground: false) == 0)
        let rich = ColorPairCache(capacity: 64, colorCount: 256, hasDefaultColors: true)
        #expect(rich.cursesColor(.indexed(200), isForeground: true) == 200)
        #expect(rich.cursesColor(.default, isForeground: false) == -1)
    }

    @Test func colourLevelDetection() {
        #expect(TerminalScreen.colorLevel(colorCount: 256, environment: [:]) == .c256)
        #expect(TerminalScreen.colorLevel(colorCount: 8, environment: [:]) == .c8)
        #expect(TerminalScreen.colorLevel(colorCount: 0, environment: [:]) == .monochrome)
        #expect(TerminalScreen.colorLevel(colorCount: 256, environment: ["NO_COLOR": "1"]) == .monochrome)
    }
}

@Suite struct TerminalCheckTests {
    @Test func reasons() {
        #expect(TerminalCheck.problem(stdinIsTerminal: true, stdoutIsTerminal: false, term: "xterm") == "stdout is not a terminal")
        #expect(TerminalCheck.problem(stdinIsTerminal: false, stdoutIsTerminal: true, term: "xterm") == "stdin is not a terminal")
        #expect(TerminalCheck.problem(stdinIsTerminal: true, stdoutIsTerminal: true, term: nil) == "TERM is not set")
        #expect(TerminalCheck.problem(stdinIsTerminal: true, stdoutIsTerminal: true, term: "dumb")
            == "TERM=dumb cannot show a full-screen interface")
        #expect(TerminalCheck.problem(stdinIsTerminal: true, stdoutIsTerminal: true, term: "xterm-256color") == nil)
    }

    @Test func terminfoLookup() {
        #expect(nn_terminal_support("xterm-256color") == 0)
        #expect(nn_terminal_support("bogus-terminal-type") == 1)
    }
}
