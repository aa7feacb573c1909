import Randomness
import Testing
@testable import Commands

/// 100,000 random lines through the tokenizer, the parser and the interpreter: random bytes,
/// and valid commands with characters inserted, deleted, replaced and words swapped. Every line
/// must give a result or an error, never a crash.
///
/// To stay fast, every line is parsed, but only commands that neither train (step, batch, run N,
/// gradcheck, load, replay) nor touch files (save, load, replay, export, datasets other than a
/// built-in name) nor ask for wide layers are executed; the others are covered by their own tests.
struct FuzzTests {
    static let corpus = [
        "help", "help set", "show config", "show metrics", "show layers", "show activation elu:0.5",
        "set lr 0.05", "set act leaky-relu:0.1", "set layers 3,2", "set batch 8", "set optimizer adam",
        "set momentum 0.8", "set init he", "set bias-init 0.01", "set weight-decay 1e-4", "set clip 5",
        "set seed 42", "set val 0.25", "set patience 3", "set engine backprop", "set loss auto",
        "set standardize off", "set layer-activations 1=tanh", "set init-scale 2", "dataset xor",
        "dataset moons", "step 2", "batch 3", "run", "run 4", "pause", "reset", "save a.jsonl",
        "load a.jsonl", "replay a.jsonl", "export e.csv", "gradcheck", "inspect 2", "graph x*y+sin(x) at x=1,y=2",
        "set dataset \"spiral\" # comment", "quit",
    ]

    /// The project's seeded generator, with the one draw these tests need.
    struct Generator {
        var generator: SeededGenerator
        init(seed: UInt64) { generator = SeededGenerator(seed: seed) }
        mutating func next() -> UInt64 { generator.next() }
        mutating func below(_ n: Int) -> Int { generator.nextInt(below: n) }
    }

    static let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789 ,.:=-+*#'\"\\\t()_") + ["é", "\u{0}", "\u{1B}", "💥"]

    static func randomLine(_ g: inout Generator) -> String {
        if g.below(4) == 0 {
            let bytes = (0..<g.below(40)).map { _ in UInt8(truncatingIfNeeded: g.next()) }
            return String(decoding: bytes, as: UTF8.self)
        }
        var characters = Array(corpus[g.below(corpus.count)])
        for _ in 0..<(1 + g.below(4)) {
            let position = characters.isEmpty ? 0 : g.below(characters.count + 1)
            switch g.below(4) {
            case 0: characters.insert(alphabet[g.below(alphabet.count)], at: position)
            case 1: if position < characters.count { characters.remove(at: position) }
            case 2: if position < characters.count { characters[position] = alphabet[g.below(alphabet.count)] }
            default:
                let words = String(characters).split(separator: " ")
                characters = Array(words.shuffled(using: &g).joined(separator: " "))
            }
        }
        return String(characters)
    }

    /// Whether the fuzz test runs this command (see the type's note).
    static func executes(_ command: Command) -> Bool {
        switch command {
        case .step, .batch, .gradcheck, .save, .load, .replay, .export: return false
        case let .run(epochs): return epochs == nil
        case let .dataset(spec): return ["xor", "moons", "circle", "gaussian", "spiral"].contains(spec)
        case let .set(assignment):
            switch assignment.value {
            case let .dataset(spec): return ["xor", "moons", "circle", "gaussian", "spiral"].contains(spec)
            case let .widths(widths): return widths.allSatisfy { $0 <= 64 }
            default: return true
            }
        default: return true
        }
    }

    @Test func randomLinesNeverCrash() throws {
        let interpreter = try makeInterpreter()
        var g = Generator(seed: 2024)
        var parsed = 0, executed = 0, errors = 0
        var malformed: [String] = []
        for _ in 0..<100_000 {
            let line = FuzzTests.randomLine(&g)
            let command: Command?
            do {
                command = try CommandParser.parse(line)
            } catch {
                if error.message.isEmpty { malformed.append(line) }
                errors += 1
                continue
            }
            parsed += 1
            guard let command, FuzzTests.executes(command) else { continue }
            let result = interpreter.execute(command)
            // A result has output; an error's output is exactly its message.
            if result.lines.isEmpty || (result.error.map { result.lines != [$0.message] } ?? false) { malformed.append(line) }
            executed += 1
        }
        #expect(malformed.isEmpty, "lines without a proper result: \(malformed.prefix(5))")
        #expect(parsed > 10_000 && executed > 5_000 && errors > 10_000, "parsed \(parsed), executed \(executed), errors \(errors)")
    }
}

extension FuzzTests.Generator: RandomNumberGenerator {}
