import Foundation
import Testing

@Suite("Speed keys in the TUI (tmux)", .serialized)
struct SpeedKeysEndToEndTests {
    @Test("keys do nothing behind the too-small screen")
    func tooSmallIgnoresKeys() throws {
        let session = try TmuxSession()
        try session.waitFor(text: "epoch 0")
        try session.resize(width: 60, height: 20)
        try session.waitFor(text: "keys wait")
        try session.send("Space")
        try session.send("Space")
        try session.resize(width: 120, height: 40)
        try session.waitFor(text: "speed 10 epochs/s")
        try session.send(":show metrics", literal: true)
        try session.send("Enter")
        try session.waitFor(text: "no epochs trained yet")
        try session.send("q", literal: true)
        #expect(try session.waitForExit() == 0)
    }

    @Test("the TUI starts at 10 epochs/s; ] and [ step the speed live; :set speed max; the status bar says so")
    func speedKeys() throws {
        let session = try TmuxSession()
        try session.waitFor(text: "speed 10 epochs/s")
        try session.send("]", literal: true)
        try session.waitFor(text: "speed 30 epochs/s")
        try session.send("[", literal: true)
        try session.send("[", literal: true)
        try session.waitFor(text: "speed 5 epochs/s")
        try session.send("r", literal: true)
        try session.waitFor(text: "running")
        try session.send(":set speed max", literal: true)
        try session.send("Enter")
        try session.waitFor(text: "speed max")
        try session.send("r", literal: true)
        try session.waitFor(text: "paused")
        try session.send("q", literal: true)
        try session.waitFor(text: "Esc: stay")
        try session.send("n", literal: true)
        #expect(try session.waitForExit() == 0)
    }
}
