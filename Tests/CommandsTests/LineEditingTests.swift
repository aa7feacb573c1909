import Foundation
import Testing
@testable import Commands

struct CompleterTests {
    static let cases: [(String, [String])] = [
        ("", CommandHelp.table.map(\.name)),
        ("st", ["step"]),
        ("s", ["show", "set", "step", "save"]),
        ("set ac", ["activation"]),
        ("set act le", ["leaky-relu"]),
        ("set activation ", ["identity", "logistic", "tanh", "hard-logistic", "hard-tanh", "relu", "leaky-relu", "prelu", "elu", "softplus", "swish", "gelu", "gelu-tanh", "maxout"]),
        ("set opt a", ["adam"]),
        ("show ", ["config", "metrics", "layers", "activation"]),
        ("show act re", ["relu"]),
        ("dataset mo", ["moons"]),
        ("set clip ", []),
        ("frobnicate ", []),
    ]

    @Test(arguments: cases)
    func completes(line: String, expected: [String]) {
        #expect(Completer.complete(line: line, cursor: line.count) == expected)
    }

    @Test func completesTheWordAtTheCursor() {
        #expect(Completer.complete(line: "set ac tanh", cursor: 6) == ["activation"])
        #expect(Completer.commonPrefix(["hard-tanh", "hard-logistic"]) == "hard-")
    }
}

struct LineEditStateTests {
    func type(_ text: String, into state: inout LineEditState) {
        for c in text { _ = state.handle(.character(c)) }
    }

    @Test func editsAndSubmits() {
        var state = LineEditState()
        type("stp 3", into: &state)
        for _ in 0..<3 { _ = state.handle(.left) }
        _ = state.handle(.character("e"))
        #expect(state.line == "step 3" && state.cursor == 3)
        _ = state.handle(.end)
        _ = state.handle(.backspace)
        _ = state.handle(.character("5"))
        _ = state.handle(.home)
        _ = state.handle(.delete)
        #expect(state.line == "tep 5" && state.cursor == 0)
        _ = state.handle(.control("e"))
        #expect(state.handle(.enter) == .submit("tep 5"))
        #expect(state.line == "" && state.cursor == 0)
    }

    @Test func killCommands() {
        var state = LineEditState()
        type("set lr 0.05", into: &state)
        _ = state.handle(.control("w"))
        #expect(state.line == "set lr ")
        _ = state.handle(.control("a"))
        _ = state.handle(.right)
        _ = state.handle(.control("k"))
        #expect(state.line == "s")
        _ = state.handle(.control("e"))
        _ = state.handle(.control("u"))
        #expect(state.line == "" && state.cursor == 0)
        type("abc", into: &state)
        _ = state.handle(.control("c"))
        #expect(state.line == "")
        #expect(state.handle(.control("d")) == .endOfInput)
    }

    @Test func historyBrowsingKeepsTheDraft() {
        var state = LineEditState(history: ["step 1", "show config"])
        type("set", into: &state)
        _ = state.handle(.up)
        #expect(state.line == "show config")
        _ = state.handle(.up)
        #expect(state.line == "step 1")
        #expect(state.handle(.up) == .bell)
        _ = state.handle(.down)
        _ = state.handle(.down)
        #expect(state.line == "set")
        state.remember("reset")
        state.remember("reset")
        state.remember("   ")
        #expect(state.history == ["step 1", "show config", "reset"])
    }

    @Test func historyIsCapped() {
        var state = LineEditState()
        for i in 0..<1005 { state.remember("step \(i)") }
        #expect(state.history.count == 1000 && state.history.first == "step 5")
    }

    @Test func tabCompletes() {
        var state = LineEditState()
        type("set ac", into: &state)
        #expect(state.handle(.tab) == .redraw)
        #expect(state.line == "set activation ")
        type("hard", into: &state)
        #expect(state.handle(.tab) == .showCandidates(["hard-logistic", "hard-tanh"]))
        #expect(state.line == "set activation hard-")
    }
}

struct KeyDecoderTests {
    static let sequences: [([UInt8], [EditorKey])] = [
        ([0x61], [.character("a")]),
        ([0x0D], [.enter]),
        ([0x09], [.tab]),
        ([0x7F], [.backspace]),
        ([0x01], [.control("a")]),
        ([0x1B, 0x5B, 0x41], [.up]),
        ([0x1B, 0x5B, 0x44], [.left]),
        ([0x1B, 0x4F, 0x48], [.home]),
        ([0x1B, 0x5B, 0x34, 0x7E], [.end]),
        ([0x1B, 0x5B, 0x33, 0x7E], [.delete]),
        ([0xC3, 0xA9], [.character("é")]),
        ([0x1B, 0x61], [.unknown, .character("a")]),
        ([0xC3, 0x61], [.unknown, .character("a")]),
    ]

    @Test(arguments: sequences)
    func decodes(bytes: [UInt8], keys: [EditorKey]) {
        var decoder = KeyDecoder()
        #expect(bytes.flatMap { decoder.feed($0) } == keys)
    }
}

struct HistoryFileTests {
    @Test func pathFollowsXDG() {
        #expect(History.defaultPath(environment: ["XDG_STATE_HOME": "/s", "HOME": "/h"]) == "/s/nnscope/history")
        #expect(History.defaultPath(environment: ["HOME": "/h"]) == "/h/.local/state/nnscope/history")
        #expect(History.defaultPath(environment: [:]) == nil)
    }

    @Test func savesAndLoadsCreatingFolders() throws {
        let folder = NSTemporaryDirectory() + "nnscope-history-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let history = History(path: folder + "/a/b/history")
        try history.save((0..<1200).map { "step \($0)" })
        let loaded = history.load()
        #expect(loaded.count == 1000 && loaded.first == "step 200" && loaded.last == "step 1199")
    }
}
