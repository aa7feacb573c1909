import Foundation
import Testing

/// Every numeric option of the binary takes a negative value as written (`--bias-init -5`), not
/// only as `--bias-init=-5`.
@Suite("Negative numbers in options") struct NegativeOptionTests {
    func nnscope(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        var environment = ProcessInfo.processInfo.environment
        environment["SWIFT_BACKTRACE"] = "interactive=no"
        return try EndToEnd.run(EndToEnd.binary, arguments, environment: environment)
    }

    @Test func activationsFromANegativeX() throws {
        guard FileManager.default.isExecutableFile(atPath: EndToEnd.binary) else { return }
        let result = try nnscope(["activations", "--csv", "--only", "relu", "--from", "-5", "--to", "-1", "--points", "3"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.split(separator: "\n").dropFirst().map { $0.split(separator: ",")[1] } == ["-5.0", "-3.0", "-1.0"])
    }

    @Test func trainingOptionsTakeNegativeValues() throws {
        guard FileManager.default.isExecutableFile(atPath: EndToEnd.binary) else { return }
        let spaced = try nnscope(["train", "--bias-init", "-5", "--epochs", "2", "--jsonl"])
        let joined = try nnscope(["train", "--bias-init=-5", "--epochs", "2", "--jsonl"])
        #expect(spaced.status == 0, "\(spaced.stderr)")
        #expect(!spaced.stderr.contains("Missing value"))
        #expect(spaced.stdout == joined.stdout, "the same run either way")
        // A negative value that is out of range is refused by the setting's own rule, by name.
        let seed = try nnscope(["train", "--seed", "-1", "--epochs", "1"])
        #expect(seed.status != 0)
        #expect(seed.stderr.contains("seed -1"))
        let epochs = try nnscope(["train", "--epochs", "-3"])
        #expect(epochs.status != 0)
        #expect(!epochs.stderr.contains("Missing value"))
    }
}
