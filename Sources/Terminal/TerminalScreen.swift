import CNCursesW
import Glibc
import Render

/// Why the full-screen interface could not start.
public struct TerminalError: Error, CustomStringConvertible, Sendable {
    public let description: String
}

/// The full-screen terminal: starts ncurses, copies `Buffer`s to the screen, reads keys, and
/// restores the terminal on `stop()`, on SIGINT/SIGTERM/SIGHUP (via `pendingSignal`) and on crashes.
/// Use from one thread (the UI loop).
public final class TerminalScreen {
    private var screen: OpaquePointer?
    private var previous: Buffer?
    private var pairs: ColorPairCache
    /// The colour level in use (NO_COLOR forces monochrome).
    public let colorLevel: ColorLevel
    /// Colours and glyphs matching this terminal and locale.
    public let theme: Theme
    /// Whether the terminal reports mouse clicks (ncurses' `mousemask` took them).
    public private(set) var mouseEnabled = false

    /// Checks the terminal, installs signal handlers, then starts ncurses.
    /// Throws with a readable reason ("stdout is not a terminal", ...) when it cannot run.
    public init(environment: [String: String] = TerminalEnvironment.current()) throws(TerminalError) {
        if let problem = TerminalCheck.problem(environment: environment) {
            throw TerminalError(description: problem)
        }
        setlocale(LC_ALL, "")
        Signals.install()
        guard let screen = newterm(environment["TERM"], nn_stdout(), nn_stdin()) else {
            throw TerminalError(description: "unknown terminal type '\(environment["TERM"] ?? "")'")
        }
        self.screen = screen
        Signals.setScreenActive(true)
        set_escdelay(25)
        cbreak()
        noecho()
        nonl()
        keypad(nn_stdscr(), true)
        mouseEnabled = nn_enable_mouse() != 0
        curs_set(0)
        var defaults = false
        if has_colors() {
            start_color()
            defaults = use_default_colors() == OK
        }
        let colors = has_colors() ? Int(nn_colors()) : 0
        pairs = ColorPairCache(capacity: Int(nn_color_pairs()), colorCount: colors, hasDefaultColors: defaults)
        colorLevel = TerminalScreen.colorLevel(colorCount: colors, environment: environment)
        theme = Theme(palette: Palette(level: colorLevel), glyphs: .detect(environment: environment))
    }

    deinit {
        stop()
    }

    /// The colour level for a terminal with `colorCount` colours; NO_COLOR forces monochrome.
    public static func colorLevel(colorCount: Int, environment: [String: String]) -> ColorLevel {
        Palette.detect(environment: environment, colorCount: colorCount).level
    }

    /// SIGINT, SIGTERM or SIGHUP received since the last call (cleared by reading), for the UI loop
    /// to save its work and exit.
    public static var pendingSignal: Int32? {
        Signals.takePending()
    }

    /// Whether a signal is waiting, without clearing it.
    public static var hasPendingSignal: Bool {
        Signals.peekPending() != nil
    }

    /// The screen size in cells.
    public var size: (width: Int, height: Int) {
        guard screen != nil else { return (0, 0) }
        return (Int(getmaxx(nn_stdscr())), Int(getmaxy(nn_stdscr())))
    }

    /// A blank buffer the size of the screen.
    public func makeBuffer() -> Buffer {
        Buffer(width: size.width, height: size.height)
    }

    /// Copies `buffer` to the screen, sending only cells that changed since the last draw
    /// (everything after a size change), then refreshes.
    public func draw(_ buffer: Buffer) {
        guard screen != nil else { return }
        let window = nn_stdscr()
        let full = previous.map { $0.width != buffer.width || $0.height != buffer.height } ?? true
        if full { werase(window) }
        for y in 0..<buffer.height {
            for x in 0..<buffer.width {
                let cell = buffer[x, y]
                if cell.isContinuation { continue }
                if !full, let previous, previous[x, y] == cell { continue }
                put(cell, x: x, y: y, window: window)
            }
        }
        previous = buffer
        wrefresh(window)
    }

    /// Forces the next `draw` to repaint everything (after a resize or a suspected glitch).
    public func invalidate() {
        previous = nil
        if screen != nil { clearok(nn_stdscr(), true) }
    }

    /// Waits up to `timeoutMilliseconds` (negative: forever, 0: poll) for a key or a click.
    /// Returns nil on timeout, on keys and mouse events nnscope does not use, and when
    /// interrupted by a signal.
    public func readInput(timeoutMilliseconds: Int) -> InputEvent? {
        guard screen != nil else { return nil }
        let window = nn_stdscr()
        wtimeout(window, Int32(clamping: timeoutMilliseconds))
        var value: wint_t = 0
        let status = wget_wch(window, &value)
        if status == KEY_CODE_YES, Int32(bitPattern: UInt32(value)) == KEY_MOUSE {
            var x: Int32 = 0, y: Int32 = 0
            var state: mmask_t = 0
            guard nn_read_mouse(&x, &y, &state) != 0 else { return nil }
            return InputEvent.decodeMouse(x: Int(x), y: Int(y), buttonState: UInt(state))
        }
        guard let key = Key.decode(status: status, value: UInt32(value)) else { return nil }
        if key == .resize { previous = nil }
        return .key(key)
    }

    /// Restores the terminal (cursor visible, normal screen, original modes). Safe to call twice.
    public func stop() {
        guard let screen else { return }
        curs_set(1)
        if mouseEnabled {
            var old: mmask_t = 0
            mousemask(0, &old)
        }
        endwin()
        delscreen(screen)
        self.screen = nil
        Signals.setScreenActive(false)
        previous = nil
        pairs.reset()
    }

    private func put(_ cell: Cell, x: Int, y: Int, window: UnsafeMutablePointer<WINDOW>?) {
        var attributes = nn_a_normal()
        if cell.attributes.contains(.bold) { attributes |= nn_a_bold() }
        if cell.attributes.contains(.dim) { attributes |= nn_a_dim() }
        if cell.attributes.contains(.reverse) { attributes |= nn_a_reverse() }
        if cell.attributes.contains(.underline) { attributes |= nn_a_underline() }
        var pairNumber: Int16 = 0
        if colorLevel != .monochrome {
            let pair = pairs.pair(foreground: cell.foreground, background: cell.background)
            if pair.isNew { init_pair(pair.pair, pair.foreground, pair.background) }
            pairNumber = pair.pair
        }
        var characters: [wchar_t] = cell.character.unicodeScalars.prefix(4).map { wchar_t(bitPattern: $0.value) }
        characters.append(0)
        var complex = cchar_t()
        setcchar(&complex, characters, attributes, pairNumber, nil)
        mvwadd_wch(window, Int32(y), Int32(x), &complex)
    }
}
