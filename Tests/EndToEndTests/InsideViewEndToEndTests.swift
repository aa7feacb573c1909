import Foundation
import Testing

@Suite("network view and inspector in tmux", .serialized, .enabled(if: EndToEnd.canRun, "needs tmux and .build/debug/nnscope"))
struct InsideViewEndToEndTests {
    @Test("n opens the network view, arrows select, i inspects, Esc closes, q quits")
    func networkViewAndInspector() throws {
        let session = try TmuxSession(arguments: ["--layers", "5,4", "--activation", "tanh"], width: 100, height: 30)
        try session.waitFor(text: "epoch 0")
        try session.send("Space")
        try session.waitFor(text: "epoch 1")

        try session.send("n", literal: true)
        var screen = try session.waitFor(text: "Neuron layer 1 unit 1: its output")
        #expect(screen.contains("Network 2-5-4-3"))
        #expect(screen.contains("Selected neuron"))
        try session.send("Right")
        try session.send("Down")
        screen = try session.waitFor(text: "Neuron layer 2 unit 2")
        #expect(screen.contains("incoming weights (5 from layer 1)"))
        // Training goes on with the view open.
        try session.send("Space")
        try session.waitFor(text: "epoch 2")

        try session.send("i", literal: true)
        screen = try session.waitFor(text: "Backprop: example 0 of")
        #expect(screen.contains("z⁽¹⁾ = W⁽¹⁾a⁽⁰⁾ + b⁽¹⁾"))
        #expect(screen.contains("This example"))
        try session.send("Right")
        try session.waitFor(text: "Backprop: example 1 of")
        try session.send("Left")
        try session.send("Left")
        try session.waitFor("wrapped to the last example") { $0.contains("Backprop: example") && !$0.contains("example 0 of") && !$0.contains("example 1 of") }

        try session.send("Escape")
        try session.waitFor("back to the overview") { $0.contains("Loss") && !$0.contains("Backprop:") }
        try session.send("q", literal: true)
        try session.waitFor(text: "Esc: stay")
        try session.send("n", literal: true)
        #expect(try session.waitForExit() == 0)
        #expect(try session.format("#{alternate_on}") == "0")
    }

    @Test("replay: n and i show the checkpoint's network")
    func replay() throws {
        let file = EndToEnd.packageRoot.appendingPathComponent("sessions/xor-minimal.jsonl").path
        let session = try TmuxSession(arguments: ["replay", file], width: 100, height: 30)
        try session.waitFor(text: "replaying")
        try session.send("End")
        try session.send("n", literal: true)
        var screen = try session.waitFor(text: "Selected neuron")
        #expect(screen.contains("Network 2-3-1"))
        #expect(!screen.contains("no weights recorded"))
        try session.send("i", literal: true)
        screen = try session.waitFor(text: "Backprop: example 0 of")
        #expect(screen.contains("epoch 300"))
        try session.send("q", literal: true)
        #expect(try session.waitForExit() == 0)
    }
}
