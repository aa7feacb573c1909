import ArgumentParser
import NeuralNetwork
import Autodiff
import Foundation
import Sessions
import Terminal

struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Summarise or verify a recorded session.",
        discussion: """
            --summary prints the configuration, the number of epochs, the best and final metrics, the events \
            and anything torn or corrupt. --verify re-runs the session from its configuration, seed and events \
            and checks that every recorded epoch and checkpoint is reproduced bit for bit (exit status 1 at the \
            first mismatch). Without a flag, opens the session in the full-screen replay (on a terminal; \
            elsewhere prints the summary). Given two files (e.g. the two runs of `train --compare` or of the TUI's \
            :compare), no flag opens them side by side in the full-screen replay, aligned by epoch (on a terminal; \
            elsewhere it says so, exit status 2), --summary prints a comparison table (settings that differ, final \
            and best losses and accuracies, per-layer gradient norms at the epochs --at names), and --verify \
            verifies each file on its own.
            """
    )

    @Argument(help: "The session file (.jsonl), or two to compare.", completion: ShellCompletions.sessionFile)
    var files: [String]

    @Option(help: ArgumentHelp("With two files: the epochs whose per-layer gradient norms the table lists, comma-separated (default: the first, middle and last epoch both reached); implies --summary.", valueName: "epochs"))
    var at: String?

    var file: String { files[0] }

    func validate() throws {
        guard files.count == 1 || files.count == 2 else { throw ValidationError("give one session file, or two to compare (got \(files.count))") }
        if at != nil && files.count != 2 { throw ValidationError("--at applies to the comparison of two files") }
        _ = try chosenEpochs()
    }

    /// `--at 1,10,40`.
    func chosenEpochs() throws -> [Int]? {
        guard let at else { return nil }
        let parts = at.split(separator: ",", omittingEmptySubsequences: false)
        let epochs = parts.compactMap { Int($0) }.filter { $0 >= 1 }
        guard epochs.count == parts.count, !epochs.isEmpty, epochs.count <= 64 else {
            throw ValidationError("--at expects epoch numbers from 1, comma-separated (at most 64), got '\(at)'")
        }
        return epochs
    }

    @Flag(help: "Print the session's summary.")
    var summary = false

    @Flag(help: "Re-run the session and compare every epoch bit for bit.")
    var verify = false

    func run() throws {
        if files.count == 2 { return try runComparison() }
        if verify {
            let report: VerificationReport
            do { report = try SessionVerifier.verify(path: file, engineFactory: Experiment.autodiffEngines) } catch { throw CLIError("\(error)") }
            print(report.description)
            if !report.succeeded { throw ExitCode(ExitStatus.checkFailed) }
            if summary { print(""); try printSummary() }
            return
        }
        if !summary, TerminalCheck.problem() == nil {
            try TUIReplay.open(file)
            return
        }
        try printSummary()
    }

    /// Two sessions: each verified alone (--verify), the comparison table (--summary), or without a
    /// flag the side-by-side replay screen (a terminal needed).
    private func runComparison() throws {
        if !verify && !summary && at == nil {
            if let problem = TerminalCheck.problem() {
                FileHandle.standardError.write(Data("""
                    nnscope: cannot open the side-by-side replay: \(problem).
                    `nnscope replay \(files[0]) \(files[1]) --summary` prints the comparison table instead.

                    """.utf8))
                throw ExitCode(ExitStatus.noTerminal)
            }
            return try TUIReplay.open(files[0], files[1])
        }
        if verify {
            var failed = false
            for path in files {
                let report: VerificationReport
                do { report = try SessionVerifier.verify(path: path, engineFactory: Experiment.autodiffEngines) } catch { throw CLIError("\(error)") }
                print("\(path): " + report.description)
                failed = failed || !report.succeeded
            }
            if failed { throw ExitCode(ExitStatus.checkFailed) }
            if !summary { return }
            print("")
        }
        do { print(try SessionComparisonTable.of(pathA: files[0], pathB: files[1], epochs: try chosenEpochs()).text) } catch let error as ExitCode {
            throw error
        } catch { throw CLIError("\(error)") }
    }

    private func printSummary() throws {
        do { print(try SessionSummary.of(path: file).text) } catch { throw CLIError("\(error)") }
    }
}
