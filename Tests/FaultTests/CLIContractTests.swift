import Foundation
import Testing

/// What the command line promises: exit statuses, no silent overwrites, every setting an option,
/// output that says what happened.
@Suite("command-line contract")
struct CLIContractTests {
    @Test("`train --record EXISTING` refuses and leaves the file; --force replaces it")
    func recordNeverOverwritesUnasked() throws {
        guard let binary = Faults.binaryOrIssue() else { return }
        let folder = temporaryFolder("cli")
        let path = folder + "/earlier.jsonl"
        try "an earlier run\n".write(toFile: path, atomically: true, encoding: .utf8)
        let refused = try run(binary, ["train", "--epochs", "1", "--record", path])
        #expect(refused.status == 4)
        #expect(refused.errors.contains("already exists") && refused.errors.contains("--resume") && refused.errors.contains("--force"))
        #expect(!refused.errors.contains("USAGE"))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "an earlier run\n")
        let forced = try run(binary, ["train", "--epochs", "1", "--record", path, "--force"])
        #expect(forced.status == 0, "\(forced.errors)")
        #expect(try String(contentsOfFile: path, encoding: .utf8).hasPrefix(#"{"type":"header""#))
    }

    @Test("a missing file is a runtime error (status 4, no usage); wrong arguments are status 64 with usage")
    func exitStatuses() throws {
        guard let binary = Faults.binaryOrIssue() else { return }
        let missing = try run(binary, ["replay", "--summary", "/nonexistent/nosuch.jsonl"])
        #expect(missing.status == 4)
        #expect(missing.errors.hasPrefix("nnscope: ") && missing.errors.contains("nosuch.jsonl"))
        #expect(!missing.errors.contains("USAGE"))
        let wrong = try run(binary, ["train", "--epochs", "many"])
        #expect(wrong.status == 64)
        #expect(wrong.errors.contains("Usage") || wrong.errors.contains("USAGE"))
    }

    @Test("a session recorded with a relative data path verifies from another folder, saying where it found the file")
    func relativeDataPaths() throws {
        guard let binary = Faults.binaryOrIssue() else { return }
        let folder = temporaryFolder("cli"), other = temporaryFolder("cli")
        let csv = "x1,x2,label\n" + (0..<20).map { "\(Double($0 % 5) / 4),\(Double($0 / 5) / 4),\($0 % 2)" }.joined(separator: "\n") + "\n"
        try csv.write(toFile: folder + "/points.csv", atomically: true, encoding: .utf8)
        let recorded = try run(binary, ["train", "--dataset", "csv:points.csv", "--epochs", "2", "--record", "run.jsonl"], in: folder)
        #expect(recorded.status == 0, "\(recorded.errors)")
        let verified = try run(binary, ["replay", "--verify", folder + "/run.jsonl"], in: other)
        #expect(verified.status == 0, "\(verified.output)\(verified.errors)")
        #expect(verified.output.contains("note: data file points.csv not found as typed; using \(folder)/points.csv"))
    }

    @Test("every setting `set` accepts is a `train` option, and train's header names per-layer units and the engine")
    func everySettingIsAnOption() throws {
        guard let binary = Faults.binaryOrIssue() else { return }
        let help = try run(binary, ["repl"], input: Data("help set\n".utf8))
        // A setting's line is "  KEY  summary" (two spaces, then the key); wrapped summaries are indented further.
        let keys = help.output.split(separator: "\n")
            .filter { $0.hasPrefix("  ") && !$0.hasPrefix("   ") }
            .compactMap { $0.split(separator: " ").first.map(String.init) }
        #expect(keys.count >= 20)
        let trainHelp = try run(binary, ["train", "--help"]).output
        let tuiHelp = try run(binary, ["tui", "--help"]).output
        // `speed` and `recording-budget` are the TUI's (its pace and its recording): options of `tui`.
        let interfaceKeys: Set = ["speed", "recording-budget"]
        for key in keys where !interfaceKeys.contains(key) { #expect(trainHelp.contains("--\(key) "), "train has no --\(key)") }
        for key in keys { #expect(tuiHelp.contains("--\(key) "), "tui has no --\(key)") }
        let header = try run(binary, ["train", "--epochs", "1", "--layer-activations", "1=tanh", "--engine", "autodiff", "--beta1", "0.8"])
        #expect(header.status == 0, "\(header.errors)")
        #expect(header.output.contains("tanh, relu") && header.output.contains("gradients by autodiff"))
    }

    @Test("`--jsonl --patience` marks the epoch that stops the run; `show activation elu:0.5` shows gamma = 0.5")
    func outputSaysWhatHappened() throws {
        guard let binary = Faults.binaryOrIssue() else { return }
        let stopped = try run(binary, ["train", "--epochs", "500", "--patience", "3", "--jsonl"])
        let lines = stopped.output.split(separator: "\n")
        #expect(lines.count < 500)
        #expect(lines.last?.contains(#""stopped_early":"stopped early at epoch"#) == true)
        #expect(lines.dropLast().allSatisfy { !$0.contains("stopped_early") })
        let shown = try run(binary, ["repl"], input: Data("show activation elu:0.5\n".utf8))
        #expect(shown.output.contains("(gamma = 0.5)"))
        #expect(!shown.output.contains("gamma = 1)"))
    }

    @Test("a dataset path with spaces is recorded quoted and replays: `replay --verify` passes")
    func pathsWithSpacesReplay() throws {
        guard let binary = Faults.binaryOrIssue() else { return }
        let folder = temporaryFolder("cli") + "/my data"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let csv = "x1,x2,label\n" + (0..<20).map { "\(Double($0 % 5) / 4),\(Double($0 / 5) / 4),\($0 % 2)" }.joined(separator: "\n") + "\n"
        try csv.write(toFile: folder + "/naïve points.csv", atomically: true, encoding: .utf8)
        let script = "step 1\ndataset \"csv:\(folder)/naïve points.csv\"\nstep 2\nquit\n"
        let recorded = try run(binary, ["repl", "--record", folder + "/run.jsonl"], input: Data(script.utf8))
        #expect(recorded.status == 0, "\(recorded.output)\(recorded.errors)")
        let verified = try run(binary, ["replay", "--verify", folder + "/run.jsonl"])
        #expect(verified.status == 0, "\(verified.output)\(verified.errors)")
        #expect(verified.output.contains("ok: 3 epochs reproduced bit for bit, 1 events applied"))
    }
}
