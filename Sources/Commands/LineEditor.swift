#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A small raw-mode line editor for the REPL on a terminal: left/right, Home/End, Backspace,
/// Delete, up/down through the history, Tab completion (listing candidates when several fit),
/// Ctrl-A/E/K/U/W, Ctrl-C clears the line, Ctrl-D on an empty line ends input. The editing rules
/// live in `LineEditState`; this type only switches the terminal to raw mode and draws.
public final class LineEditor {
    public let prompt: String
    public private(set) var state: LineEditState
    private let input: Int32
    private let output: Int32

    /// An editor reading `input` and drawing on `output` (both must be a terminal: see `isTerminal`).
    public init(prompt: String, history: [String] = [], input: Int32 = 0, output: Int32 = 1) {
        self.prompt = prompt
        state = LineEditState(history: history)
        self.input = input
        self.output = output
    }

    /// True when `descriptor` is a terminal.
    public static func isTerminal(_ descriptor: Int32) -> Bool { isatty(descriptor) == 1 }

    /// The history including the lines read so far.
    public var history: [String] { state.history }

    /// Reads one line; nil at end of input (Ctrl-D on an empty line, or the input closed).
    public func readLine() -> String? {
        var saved = termios()
        guard tcgetattr(input, &saved) == 0 else { return nil }
        var raw = saved
        raw.c_lflag &= ~tcflag_t(ECHO | ICANON | ISIG | IEXTEN)
        raw.c_iflag &= ~tcflag_t(IXON | ICRNL | INPCK | ISTRIP | BRKINT)
        raw.c_oflag &= ~tcflag_t(OPOST)
        raw.c_cflag |= tcflag_t(CS8)
        withUnsafeMutableBytes(of: &raw.c_cc) { cc in
            cc[Int(VMIN)] = 1
            cc[Int(VTIME)] = 0
        }
        guard tcsetattr(input, TCSAFLUSH, &raw) == 0 else { return nil }
        defer { _ = tcsetattr(input, TCSAFLUSH, &saved) }

        var decoder = KeyDecoder()
        redraw()
        var byte: UInt8 = 0
        while true {
            let n = read(input, &byte, 1)
            if n < 0 && errno == EINTR { continue }
            guard n == 1 else {
                emit("\r\n")
                return nil
            }
            for key in decoder.feed(byte) {
                switch state.handle(key) {
                case .redraw:
                    redraw()
                case let .submit(text):
                    emit("\r\n")
                    state.remember(text)
                    return text
                case .endOfInput:
                    emit("\r\n")
                    return nil
                case let .showCandidates(words):
                    emit("\r\n" + words.joined(separator: "  ") + "\r\n")
                    redraw()
                case .bell:
                    emit("\u{07}")
                }
            }
        }
    }

    /// Draws the prompt and the line, and puts the terminal cursor at the editing position.
    private func redraw() {
        let characters = state.characters
        let behind = characters.count - state.cursor
        var text = "\r" + prompt + String(characters) + "\u{1B}[K"
        if behind > 0 { text += "\u{1B}[\(behind)D" }
        emit(text)
    }

    private func emit(_ text: String) {
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeMutableBytes { write(output, $0.baseAddress! + offset, $0.count - offset) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return }
            offset += n
        }
    }
}
