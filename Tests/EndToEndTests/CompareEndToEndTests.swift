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
        // The inspector follows the selected run: B switches to run B and its title says so.
        try session.send("i", literal: true)
        try session.waitFor(text: "Backprop of run A")
        try session.send("B", literal: true)
        screen = try session.waitFor(text: "Backprop of run B")
        #expect(screen.contains("inspector and network view: run B"))
        try session.send("i", literal: true)
        try session.waitFor(text: "Gradients |dL/dW|")
        // Both runs are recorded: the quit question names both files (Esc stays).
        try session.send("q", literal: true)
        screen = try session.waitFor(text: "Esc: stay")
        #expect(screen.replacingOccurrences(of: "\n", with: " ").contains("-B.jsonl"), "the quit question names B's file")
        try session.send("Escape")
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
        #expect(try session.capture().contains("run B of a comparison recorded in"))

        // Each run's file verifies on its own; B's names A's as its partner.
        let recorded = session.recordedSessions().sorted()
        #expect(recorded.count == 2, "\(recorded)")
        guard recorded.count == 2, let fileB = recorded.first(where: { $0.hasSuffix("-B.jsonl") }) else { return }
        let fileA = recorded.first { $0 != fileB }!
        #expect(fileB == String(fileA.dropLast(6)) + "-B.jsonl")
        #expect(try String(contentsOfFile: fileB, encoding: .utf8).contains("\"run\":\"B\",\"partner\":\"\((fileA as NSString).lastPathComponent)\""))
        for file in [fileA, fileB] {
            let verified = try EndToEnd.run(EndToEnd.binary, ["replay", "--verify", file])
            #expect(verified.status == 0 && verified.stdout.hasPrefix("ok: 4 epochs reproduced bit for bit"), "\(file): \(verified.stdout)\(verified.stderr)")
        }

        // The two files side by side in the replay screen, at their last epoch.
        let replay = try TmuxSession(arguments: ["replay", fileA, fileB])
        screen = try replay.waitFor(text: "Loss A and B")
        #expect(screen.components(separatedBy: "Gradients |dL/dW|").count == 3)
        try replay.send("End")
        screen = try replay.waitFor(text: "epoch A 4 B 4 (frame 4/4)")
        #expect(screen.contains("B activation relu") && screen.contains("replaying (paused)"))
        try replay.send("q", literal: true)
        #expect(try replay.waitForExit() == 0)
    }
}
