import Foundation
import Testing

@Suite("nnscope TUI in tmux", .serialized, .enabled(if: EndToEnd.canRun, "needs tmux and .build/debug/nnscope"))
struct TUIEndToEndTests {
    /// Asserts the terminal is as nnscope found it: same tty modes, normal screen, cursor visible.
    func expectRestored(_ session: TmuxSession) throws {
        let stty = try session.sttyBeforeAndAfter()
        #expect(stty.before == stty.after, "stty -g changed")
        #expect(try session.format("#{alternate_on}") == "0", "alternate screen still on")
        #expect(try session.format("#{cursor_flag}") == "1", "cursor hidden")
    }

    @Test("step, set an activation, help, resize, quit with q")
    func mainFlow() throws {
        let session = try TmuxSession()
        try session.waitFor(text: "epoch 0")
        for _ in 0..<3 { try session.send("Space") }
        var screen = try session.waitFor(text: "epoch 3")
        #expect(screen.contains("Loss"))
        #expect(screen.contains("Data: spiral"))

        try session.send(":set activation tanh", literal: true)
        try session.send("Enter")
        screen = try session.waitFor(text: "Activation: tanh")
        let statusBar = screen.split(separator: "\n", omittingEmptySubsequences: false).dropLast(2).last.map(String.init) ?? ""
        #expect(statusBar.contains("tanh"))
        #expect(screen.contains("network re-initialised"))

        try session.send("?", literal: true)
        try session.waitFor(text: "train one epoch")
        try session.send("Escape")
        try session.waitFor("help closed") { !$0.contains("train one epoch") }

        try session.resize(width: 80, height: 24)
        try session.waitFor("80x24 layout") { $0.contains("Loss") && $0.split(separator: "\n").allSatisfy { $0.count <= 80 } }
        try session.resize(width: 60, height: 20)
        try session.waitFor(text: "terminal too small: need 80x24")
        try session.resize(width: 120, height: 40)
        try session.waitFor("redrawn at 120x40") { $0.contains("Activation: tanh") && !$0.contains("too small") }

        try session.send("q", literal: true)
        try session.waitFor(text: "Esc: stay")
        try session.send("n", literal: true)
        #expect(try session.waitForExit() == 0)
        try expectRestored(session)

        // The session was recorded in the temporary data folder: 3 epochs, then the change.
        let recorded = session.recordedSessions()
        #expect(recorded.count == 1)
        if let file = recorded.first {
            let text = try String(contentsOfFile: file, encoding: .utf8)
            #expect(text.components(separatedBy: "\"type\":\"epoch\"").count - 1 == 3)
            #expect(text.contains("set activation tanh"))
            #expect(text.contains("\"type\":\"close\""))
        }
    }

    @Test("replay a file from sessions/ and step through it")
    func replay() throws {
        let folder = EndToEnd.packageRoot.appendingPathComponent("sessions")
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasSuffix(".jsonl") }.sorted()
        guard let name = files.first(where: { $0 == "spiral-relu.jsonl" }) ?? files.first else {
            FileHandle.standardError.write(Data("EndToEndTests: sessions/ has no .jsonl files: replay test skipped\n".utf8))
            return
        }
        let session = try TmuxSession(arguments: ["replay", folder.appendingPathComponent(name).path])
        let first = try session.waitFor(text: "replaying")
        #expect(first.contains("frame 1/"))
        try session.send("Right")
        try session.waitFor(text: "frame 2/")
        try session.send("NPage")
        try session.waitFor(text: "frame 12/")
        try session.send("End")
        let last = try session.waitFor("last frame") { $0.range(of: #"frame (\d+)/\1\)"#, options: .regularExpression) != nil }
        #expect(last.contains("Data: "))
        try session.send("Home")
        try session.waitFor(text: "frame 1/")
        try session.send("q", literal: true)
        #expect(try session.waitForExit() == 0)
        try expectRestored(session)
    }

    @Test(":replay FILE opens the replay and Esc returns; :load continues FILE, recorded once; every file verifies")
    func replayAndLoadInside() throws {
        let session = try TmuxSession()
        let earlier = session.directory.appendingPathComponent("earlier.jsonl").path
        let trained = try EndToEnd.run(EndToEnd.binary, ["train", "--dataset", "xor", "--layers", "4", "--epochs", "5", "--record", earlier])
        #expect(trained.status == 0, "\(trained.stderr)")
        try session.waitFor(text: "epoch 0")
        for _ in 0..<2 { try session.send("Space") }
        try session.waitFor(text: "epoch 2")

        try session.send(":replay earlier.jsonl", literal: true)
        try session.send("Enter")
        var screen = try session.waitFor(text: "(frame 1/5)")
        #expect(screen.contains("replaying"))
        #expect(screen.contains("q/Esc back to training"))
        try session.send("Right")
        try session.waitFor(text: "(frame 2/5)")
        try session.send("Escape")
        screen = try session.waitFor(text: "back to live training")
        #expect(screen.contains("epoch 2"))
        #expect(screen.contains("paused"))
        #expect(!screen.contains("replaying"))

        try session.send(":replay missing.jsonl", literal: true)
        try session.send("Enter")
        screen = try session.waitFor(text: "replay missing.jsonl:")
        #expect(screen.contains("epoch 2"))

        try session.send(":load earlier.jsonl", literal: true)
        try session.send("Enter")
        try session.waitFor(text: "loaded earlier.jsonl")
        for _ in 0..<2 { try session.send("Space") }
        try session.waitFor(text: "epoch 7")
        try session.send("q", literal: true)
        try session.waitFor(text: "Esc: stay")
        try session.send("n", literal: true)
        #expect(try session.waitForExit() == 0)
        try expectRestored(session)
        #expect(try session.capture().contains("continued session (after load) recorded in earlier.jsonl"))

        // The automatic recording holds the 2 epochs before `load`; earlier.jsonl its 5 and the 2 after.
        let recorded = try #require(session.recordedSessions().first)
        for (file, epochs) in [(recorded, 2), (earlier, 7)] {
            let text = try String(contentsOfFile: file, encoding: .utf8)
            #expect(text.components(separatedBy: "\"type\":\"epoch\"").count - 1 == epochs, "\(file)")
            let verified = try EndToEnd.run(EndToEnd.binary, ["replay", file, "--verify"])
            #expect(verified.status == 0, "\(file): \(verified.stdout) \(verified.stderr)")
            #expect(verified.stdout.contains("ok: \(epochs) epochs reproduced bit for bit"), "\(verified.stdout)")
        }
    }

    @Test("s saves the session into the working folder; q then quits without asking")
    func save() throws {
        let session = try TmuxSession()
        try session.waitFor(text: "epoch 0")
        try session.send("Space")
        try session.waitFor(text: "epoch 1")
        try session.send("s", literal: true)
        try session.waitFor(text: "saved the session to")
        try session.send("q", literal: true)
        #expect(try session.waitForExit() == 0)
        let saved = try FileManager.default.contentsOfDirectory(atPath: session.directory.path).filter { $0.hasPrefix("nnscope-session-") }
        #expect(saved.count == 1)
    }

    @Test("run, pause, and quit by SIGTERM restores the terminal")
    func sigterm() throws {
        let session = try TmuxSession()
        try session.waitFor(text: "epoch 0")
        try session.send("r", literal: true)
        try session.waitFor(text: "running")
        try session.waitFor("some epochs") { screen in
            screen.range(of: #"epoch [1-9]"#, options: .regularExpression) != nil
        }
        let pid = try session.nnscopePID()
        kill(pid, SIGTERM)
        let status = try session.waitForExit()
        #expect(status == 128 + SIGTERM)
        try expectRestored(session)
        // The recording was completed and closed on the way out.
        let recorded = try #require(session.recordedSessions().first)
        let text = try String(contentsOfFile: recorded, encoding: .utf8)
        #expect(text.contains("\"type\":\"epoch\""))
        #expect(text.contains("\"type\":\"close\""))
    }

    @Test("Ctrl-C quits cleanly; NO_COLOR with a non-UTF-8 locale draws ASCII")
    func interruptAndASCII() throws {
        let session = try TmuxSession(extraEnvironment: ["NO_COLOR": "1", "LANG": "C", "LC_ALL": "C", "TERM": "screen"])
        let screen = try session.waitFor(text: "epoch 0")
        #expect(screen.contains("+ Loss"))
        #expect(!screen.contains("┌"))
        try session.send("C-c")
        #expect(try session.waitForExit() == 128 + SIGINT)
        try expectRestored(session)
    }

    @Test("without a terminal nnscope says so, suggests repl and train, and exits with status 2")
    func notATerminal() throws {
        guard FileManager.default.isExecutableFile(atPath: EndToEnd.binary) else { return }
        var environment = ProcessInfo.processInfo.environment
        environment["SWIFT_BACKTRACE"] = "interactive=no"
        environment["TERM"] = "xterm-256color"
        let result = try EndToEnd.run(EndToEnd.binary, [], environment: environment)
        #expect(result.status == 2)
        #expect(result.stderr.contains("not a terminal"))
        #expect(result.stderr.contains("nnscope repl"))
        #expect(result.stderr.contains("nnscope train"))
        #expect(!result.stdout.contains("\u{1B}["), "no escape codes on a pipe")
    }

    @Test("TERM=dumb is refused with status 2")
    func dumbTerminal() throws {
        let session = try TmuxSession(extraEnvironment: ["TERM": "dumb"])
        #expect(try session.waitForExit() == 2)
        let screen = try session.capture()
        #expect(screen.contains("TERM=dumb"))
        #expect(screen.contains("nnscope repl"))
    }
}
