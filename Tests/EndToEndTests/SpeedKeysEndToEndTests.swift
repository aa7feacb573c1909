import Foundation
import Testing

@Suite("Speed keys in the TUI (tmux)", .serialized)
struct SpeedKeysEndToEndTests {
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
        try session.waitFor(text: "Everything is recorded in")
        try session.send("n", literal: true)
        #expect(try session.waitForExit() == 0)
    }
}
