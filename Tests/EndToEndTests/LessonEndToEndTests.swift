import Foundation
import Testing

/// `nnscope lesson vanishing --lang zh` at 80x24 in tmux, walked to its last page and left with
/// the run kept: the pane's Chinese text in a real terminal, the comparison its second page starts
/// (logistic against ReLU side by side), its command lines recorded.
@Suite(.serialized) struct LessonEndToEndTests {
    @Test("walk the vanishing lesson in Chinese to its end (logistic and ReLU side by side), hide it, keep training, quit")
    func walkVanishingLesson() throws {
        guard EndToEnd.canRun else { return }
        let session = try TmuxSession(arguments: ["lesson", "vanishing", "--lang", "zh"], width: 80, height: 24)
        var screen = try session.waitFor(text: "页 1/3")
        #expect(screen.contains("课程: 梯度消失"))
        #expect(screen.contains("误差项 δ"))
        try session.waitFor(text: "layers 8,8,8,8,8,8,8,8,8,8: network re-initialised")
        screen = try session.waitFor(text: "logistic")
        #expect(screen.split(separator: "\n").allSatisfy { $0.count <= 80 })

        try session.send("Space")
        try session.waitFor(text: "epoch 1")
        try session.send(">", literal: true)
        try session.waitFor(text: "页 2/3")
        // Page 2 compares: run A (logistic) goes back to epoch 0, run B is the same network with ReLU.
        screen = try session.waitFor(text: "comparing A (activation logistic) with B (activation relu)")
        #expect(screen.contains("run A reset to epoch 0"))
        try session.waitFor(text: "Activation: relu[B]")
        #expect(try session.capture().contains("Activation: logi[A]"))
        try session.send(">", literal: true)
        screen = try session.waitFor(text: "页 3/3")
        #expect(screen.contains("课程结束"))

        // Leave the script: the pane goes, the comparison stays and trains on in lock-step.
        try session.send("x", literal: true)
        screen = try session.waitFor(text: "课程已隐藏")
        #expect(screen.contains("Loss A and B"))
        try session.send("Space")
        screen = try session.waitFor(text: "epoch 1  loss")
        #expect(screen.contains("Gradients |d[B]"))

        try session.send("q", literal: true)
        try session.waitFor("the quit question") { $0.contains("Quit? y") }
        try session.send("n", literal: true)
        #expect(try session.waitForExit() == 0)

        // Two files: run A's and run B's (the comparison records both, B's header names A's file).
        let recorded = session.recordedSessions()
        #expect(recorded.count == 2)
        let runA = recorded.filter { file in
            (try? String(contentsOfFile: file, encoding: .utf8))?.contains("\"run\":\"B\"") == false
        }
        #expect(runA.count == 1)
        if let file = runA.first {
            let text = try String(contentsOfFile: file, encoding: .utf8)
            // Run A's session: the lesson's lines, the reset that started the comparison, two epochs
            // of A (one before the comparison, one after).
            #expect(text.contains("set layers 8,8,8,8,8,8,8,8,8,8"))
            #expect(text.contains("\"command\":\"reset\""))
            #expect(text.components(separatedBy: "\"type\":\"epoch\"").count - 1 == 2)
        }
    }

    @Test("walk the activations lesson in English at 80x24: its drawings appear beside the pane and go with it")
    func walkActivationsLessonDrawings() throws {
        guard EndToEnd.canRun else { return }
        let session = try TmuxSession(arguments: ["lesson", "activations", "--lang", "en"], width: 80, height: 24)
        try session.waitFor(text: "page 1/5")
        try session.send(">", literal: true)
        try session.send(">", literal: true)
        var screen = try session.waitFor(text: "page 3/5")
        screen = try session.waitFor(text: "tanh(x) = 2σ(2x) - 1 ─")
        #expect(screen.contains("max |tanh(x) - (2σ(2x) - 1)| on [-4, 4]:"))
        try session.send(">", literal: true)
        screen = try session.waitFor(text: "swish(x) = x·σ(βx)")
        #expect(screen.contains("β=0.01 is within 0.04 of x/2"))
        try session.send(">", literal: true)
        screen = try session.waitFor(text: "Two weights of one neuron")
        #expect(screen.contains("100% of 64"))
        #expect(screen.split(separator: "\n").allSatisfy { $0.count <= 80 })
        // x hides the pane and its drawing: the activation panel is back.
        try session.send("x", literal: true)
        screen = try session.waitFor(text: "Activation: logistic")
        #expect(!screen.contains("Two weights of one neuron"))
        try session.send("q", literal: true)
        try session.waitFor("the quit question") { $0.contains("Quit? y") }
        try session.send("n", literal: true)
        #expect(try session.waitForExit() == 0)
    }

    @Test("nnscope lesson lists the lessons; --check exits 0 and prints the measurement")
    func listAndCheck() throws {
        guard EndToEnd.canRun else { return }
        let list = try EndToEnd.run(EndToEnd.binary, ["lesson", "--lang", "en"])
        #expect(list.status == 0)
        #expect(list.stdout.contains("vanishing"))
        #expect(list.stdout.contains("dead-relu"))
        let check = try EndToEnd.run(EndToEnd.binary, ["lesson", "vanishing", "--check"])
        #expect(check.status == 0, "\(check.stderr)")
        #expect(check.stdout.hasPrefix("vanishing: layer 1 gets "))
        let unknown = try EndToEnd.run(EndToEnd.binary, ["lesson", "vanish"])
        #expect(unknown.status == 4)
        #expect(unknown.stderr.contains("unknown lesson 'vanish'"))
        let badLanguage = try EndToEnd.run(EndToEnd.binary, ["lesson", "--lang", "fr"])
        #expect(badLanguage.status == 64)
    }
}
