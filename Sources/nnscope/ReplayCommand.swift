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
            elsewhere prints the summary).
            """
    )

    @Argument(help: "The session file (.jsonl).", completion: ShellCompletions.sessionFile)
    var file: String

    @Flag(help: "Print the session's summary.")
    var summary = false

    @Flag(help: "Re-run the session and compare every epoch bit for bit.")
    var verify = false

    func run() throws {
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

    private func printSummary() throws {
        do { print(try SessionSummary.of(path: file).text) } catch { throw CLIError("\(error)") }
    }
}
