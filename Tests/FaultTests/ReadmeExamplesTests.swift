import Foundation
import Testing

/// The README cannot go stale: every command in its fenced `sh` blocks runs (with epochs capped by
/// NNSCOPE_MAX_EPOCHS) and succeeds, and every subcommand its command table lists exists.
@Suite("README examples")
struct ReadmeExamplesTests {
    static let readme = (try? String(contentsOfFile: Faults.packageRoot + "/README.md", encoding: .utf8)) ?? ""

    /// The commands of each ```sh block, comments and blank lines dropped.
    static var blocks: [[String]] {
        var blocks: [[String]] = [], current: [String]?
        for line in readme.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if current == nil, line == "```sh" { current = []; continue }
            if current != nil, line.hasPrefix("```") { blocks.append(current!); current = nil; continue }
            guard current != nil else { continue }
            let command = stripComment(line).trimmingCharacters(in: .whitespaces)
            if !command.isEmpty { current!.append(command) }
        }
        return blocks
    }

    /// `line` without a trailing `# comment` (a `#` outside quotes that starts a word).
    static func stripComment(_ line: String) -> String {
        var quote: Character?
        var previous: Character = " "
        for (offset, c) in line.enumerated() {
            if let q = quote { if c == q { quote = nil } } else if c == "'" || c == "\"" { quote = c } else if c == "#" && previous == " " {
                return String(line.prefix(offset))
            }
            previous = c
        }
        return line
    }

    /// Why a README command is not run here, or nil to run it. Each reason is a kind of command the
    /// suite checks elsewhere or that cannot run unattended.
    static func skipReason(_ command: String) -> String? {
        let words = command.split(separator: " ").map(String.init)
        if words.first == "make" { return "the build itself (CI runs `make test`)" }
        if command.hasPrefix("swift ") || command.hasPrefix("cd Benchmarks") { return "a build (Benchmarks/ has its own package)" }
        if command.hasPrefix("bash bench/") { return "timing scripts compare two release binaries over minutes" }
        if command.hasPrefix("python3 bench/") { return "the peer comparison installs PyPI packages and takes minutes" }
        if command.hasPrefix("python3 "), command.contains("_torch.py") { return "needs PyTorch (WeightExchangeTests run the script where torch imports)" }
        if words.count >= 2, words[1] == "bench" { return "benchmarks take minutes in a release build" }
        let opensTUI = words.count == 1 || words[1] == "tui"
            || (words[1] == "replay" && !words.contains("--summary") && !words.contains("--verify"))
            || (words[1] == "lesson" && words.count >= 3 && !words[2].hasPrefix("-") && !words.contains("--check"))
        if words.first == "nnscope" || words.first == ".build/release/nnscope", opensTUI { return "opens the full-screen interface (the tmux suite drives it)" }
        return nil
    }

    @Test("the README has runnable examples")
    func readmeHasExamples() {
        #expect(Self.blocks.flatMap { $0 }.filter { Self.skipReason($0) == nil }.count >= 10)
    }

    @Test("every command of the README's sh blocks runs and succeeds")
    func everyExampleRuns() throws {
        guard let binary = Faults.binaryOrIssue() else { return }
        // A bin folder with `nnscope` first on PATH, so the examples run as written.
        let bin = temporaryFolder("readme-bin")
        try FileManager.default.createSymbolicLink(atPath: bin + "/nnscope", withDestinationPath: binary)
        for block in Self.blocks {
            // Each block runs in a fresh folder with the files the README refers to.
            let folder = temporaryFolder("readme")
            try FileManager.default.createDirectory(atPath: folder + "/docs", withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: Faults.packageRoot + "/docs/examples", toPath: folder + "/docs/examples")
            try FileManager.default.copyItem(atPath: Faults.packageRoot + "/sessions", toPath: folder + "/sessions")
            for command in block where Self.skipReason(command) == nil {
                let line = command.replacingOccurrences(of: ".build/release/nnscope", with: "nnscope")
                let outcome = try run("/usr/bin/env", ["PATH=\(bin):/usr/bin:/bin", "NNSCOPE_MAX_EPOCHS=3", "TERM=dumb", "/bin/sh", "-c", line], in: folder)
                let files = (try? FileManager.default.contentsOfDirectory(atPath: folder))?.sorted().joined(separator: " ") ?? ""
                #expect(outcome.status == 0, "README example `\(command)` exited \(outcome.status): \(outcome.errors.prefix(400)) (folder: \(files))")
            }
        }
    }

    @Test("every subcommand the README's command table lists exists")
    func commandTable() throws {
        guard let binary = Faults.binaryOrIssue() else { return }
        let rows = Self.readme.split(separator: "\n").filter { $0.hasPrefix("| `nnscope ") }
        #expect(rows.count >= 8)
        for row in rows {
            let name = row.dropFirst(2).prefix { $0 != "`" && $0 != " " }.isEmpty ? "" : String(row.split(separator: "`")[1])
            for command in name.split(separator: "/").map({ $0.trimmingCharacters(in: CharacterSet(charactersIn: " `")) }) {
                let words = command.split(separator: " ").map(String.init)
                guard words.first == "nnscope" else { continue }
                let outcome = try run(binary, Array(words.dropFirst()) + ["--help"])
                #expect(outcome.status == 0, "`\(command) --help` exited \(outcome.status)")
            }
        }
    }
}
