import Foundation
import Testing

@Suite("nnscope TUI comparison in tmux", .serialized, .enabled(if: EndToEnd.canRun, "needs tmux and .build/debug/nnscope"))
struct CompareEndToEndTests {
    @Test(":compare activation relu on a deep logistic network shows both gradient panels, stepping both in lock-step")
    func vanishingGradients() throws {
        let session = try TmuxSession(arguments: ["--layers", "16,16,16,16,16", "--activation", "logistic"])
        try session.waitFor(text: "epoch 0")
        try session.send(":compare activation relu", literal: true)
        try session.send("Enter")
        var screen = try session.waitFor(text: "B activation relu")
        #expect(screen.contains("same initial weights"))
        for _ in 0..<4 { try session.send("Space") }
        screen = try session.waitFor(text: "epoch A 4 B 4")
        #expect(screen.components(separatedBy: "Gradients |dL/dW|").count == 3, "both gradient panels")
        #expect(screen.contains("Activation: logistic") && screen.contains("Activation: relu"))
        #expect(screen.contains("─ A train") && screen.contains("─ B train"))
        try session.send("c", literal: true)
        screen = try session.waitFor(text: "c: overlay")
        #expect(screen.components(separatedBy: "┌ Loss ").count == 3)
        try session.send(":compare off", literal: true)
        try session.send("Enter")
        screen = try session.waitFor("one gradient panel after :compare off") {
            $0.contains("comparison ended") && $0.components(separatedBy: "Gradients |dL/dW|").count == 2
        }
        #expect(!screen.contains("B activation relu"))
        try session.send("q", literal: true)
        try session.waitFor(text: "Esc: stay")
        try session.send("n", literal: true)
        #expect(try session.waitForExit() == 0)
    }
}
