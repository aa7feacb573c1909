import Foundation
import Testing

/// Clicks in a real terminal: the xterm mouse report is written to the pane as a terminal would
/// (tmux's `send-keys` cannot click), in the encoding ncurses asked for: X10 (`ESC [ M`, what
/// `screen-256color` declares) and SGR 1006 (`ESC [ <`, `xterm-256color`).
@Suite("mouse clicks in tmux", .serialized, .enabled(if: EndToEnd.canRun, "needs tmux and .build/debug/nnscope"))
struct MouseEndToEndTests {
    /// A left-button press and release at column `x`, row `y` (from 0).
    static func click(x: Int, y: Int, sgr: Bool) -> String {
        if sgr { return "\u{1B}[<0;\(x + 1);\(y + 1)M\u{1B}[<0;\(x + 1);\(y + 1)m" }
        let cx = Character(Unicode.Scalar(UInt8(33 + x))), cy = Character(Unicode.Scalar(UInt8(33 + y)))
        return "\u{1B}[M \(cx)\(cy)\u{1B}[M#\(cx)\(cy)"
    }

    @Test("a click selects a neuron and explains a data point", arguments: [("screen-256color", false), ("xterm-256color", true)])
    func clicks(term: String, sgr: Bool) throws {
        let session = try TmuxSession(arguments: ["--layers", "5,4", "--activation", "tanh"], width: 100, height: 30,
                                      extraEnvironment: ["TERM": term])
        try session.waitFor(text: "epoch 0")
        try session.send("n", literal: true)
        try session.waitFor(text: "Neuron layer 1 unit 1: its output")
        // Layer 2's column starts at x 26; its second neuron's thumbnail is on rows 6-8.
        try session.send(Self.click(x: 28, y: 7, sgr: sgr), literal: true)
        let screen = try session.waitFor(text: "Neuron layer 2 unit 2: its output")
        #expect(screen.contains("incoming weights (5 from layer 1)"))
        try session.send("Escape")
        try session.waitFor("back to the overview") { $0.contains("Data: spiral") && !$0.contains("Selected neuron") }
        // The middle of the overview's data panel.
        try session.send(Self.click(x: 77, y: 7, sgr: sgr), literal: true)
        try session.waitFor(text: "the nearest to the click")
        try session.waitFor(text: "Backprop: example")
        try session.send("q", literal: true)
        #expect(try session.waitForExit() == 0)
        #expect(try session.format("#{alternate_on}") == "0")
    }
}
