import Randomness
import Foundation
import Testing
@testable import Commands

/// Random command lines (10,000; 100,000 with NNSCOPE_LONG_FAULTS=1) through one `nnscope repl` process, piped, with --keep-going: the process
/// must read every line and end normally. Lines that would train long (step 100000), build wide
/// networks or quit are left out; everything else, including random bytes, goes in.
@Suite struct REPLFuzzTests {
    static let corpus = [
        "help", "help set", "show config", "show metrics", "show layers", "show activation elu:0.5",
        "set lr 0.05", "set act leaky-relu:0.1", "set layers 3,2", "set batch 8", "set optimizer adam",
        "set momentum 0.8", "set init he", "set bias-init 0.01", "set weight-decay 1e-4", "set clip 5",
        "set seed 42", "set val 0.25", "set patience 3", "set engine autodiff", "set loss auto", "set init-scale 1e5",
        "set standardize off", "set layer-activations 1=tanh", "dataset xor", "dataset sine", "dataset csv:nope.csv",
        "step 1", "batch 3", "run 2", "pause", "reset", "save s.jsonl", "load s.jsonl", "replay s.jsonl",
        "export e.csv", "gradcheck", "graph x*y+sin(x) at x=1,y=2", "graph exp(exp(exp(x))) at x=10", "set lr 1e6",
    ]
    static let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789 ,.:=-+*/^#'\"\\\t()_") + ["é", "\u{0}", "\u{1B}", "💥"]

    static func randomLine(_ g: inout SeededGenerator) -> String {
        if Int.random(in: 0..<4, using: &g) == 0 {
            return String(decoding: (0..<Int.random(in: 0..<40, using: &g)).map { _ in UInt8.random(in: 0...255, using: &g) }, as: UTF8.self)
        }
        var characters = Array(corpus.randomElement(using: &g)!)
        for _ in 0..<Int.random(in: 1...4, using: &g) {
            let position = Int.random(in: 0...characters.count, using: &g)
            switch Int.random(in: 0..<4, using: &g) {
            case 0: characters.insert(alphabet.randomElement(using: &g)!, at: position)
            case 1: if position < characters.count { characters.remove(at: position) }
            case 2: if position < characters.count { characters[position] = alphabet.randomElement(using: &g)! }
            default: characters = Array(String(characters).split(separator: " ").shuffled(using: &g).joined(separator: " "))
            }
        }
        return String(characters)
    }

    /// Whether a line goes into the piped script (see the type's note).
    static func admits(_ line: String) -> Bool {
        guard let command = try? CommandParser.parse(line) else { return true }
        switch command {
        case .quit: return false
        case let .step(epochs): return epochs <= 2
        case let .batch(count): return count <= 20
        case let .run(epochs): return (epochs ?? 1) <= 2
        case let .set(assignment):
            switch assignment.value {
            case let .widths(widths): return widths.count <= 4 && widths.allSatisfy { $0 <= 64 }
            case let .integer(n) where assignment.setting.key == "batch": return n <= 64
            default: return true
            }
        default: return true
        }
    }

    @Test func randomLinesThroughTheBinaryNeverCrashIt() throws {
        guard let binary = Faults.binaryOrIssue() else { return }
        var generator = SeededGenerator(seed: Faults.seed("repl lines"))
        let count = Faults.count(short: 10_000, long: 100_000)
        var lines: [String] = []
        while lines.count < count {
            let line = String(REPLFuzzTests.randomLine(&generator).map { $0 == "\n" || $0 == "\r" || $0 == "\r\n" ? " " : $0 })
            if REPLFuzzTests.admits(line) { lines.append(line) }
        }
        let folder = temporaryFolder("repl-fuzz")
        let outcome = try run(binary, ["repl", "--keep-going", "--dataset", "xor", "--layers", "4"],
                              input: Data((lines.joined(separator: "\n") + "\n").utf8), in: folder)
        #expect(outcome.reason == .exit && (outcome.status == 0 || outcome.status == 1), "status \(outcome.status), \(outcome.reason)")
        let errors = outcome.errors.split(separator: "\n").filter { $0.hasPrefix("nnscope: line ") }
        let last = errors.last.flatMap { $0.dropFirst("nnscope: line ".count).split(separator: ":").first }.flatMap { Int($0) } ?? 0
        #expect(last <= count && errors.count > count / 10, "\(errors.count) error lines")
        #expect(!outcome.errors.contains("Fatal error") && !outcome.errors.contains("Crash"))
        print("repl: \(count) random lines through one process, \(errors.count) reported as errors, exit status \(outcome.status)")
        try? FileManager.default.removeItem(atPath: folder)
    }
}
