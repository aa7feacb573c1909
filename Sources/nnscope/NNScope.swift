import ArgumentParser
import Foundation

@main
struct NNScope: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nnscope",
        abstract: "Watch feedforward neural networks learn, in a terminal.",
        version: programVersion,
        subcommands: [
            TUICommand.self,
            TrainCommand.self,
            GradcheckCommand.self,
            ActivationsCommand.self,
            GraphCommand.self,
            ReplCommand.self,
            BenchCommand.self,
            ReplayCommand.self,
            ExportCommand.self,
            PredictCommand.self,
            LandscapeCommand.self,
            CurvatureCommand.self,
            DataCommand.self,
            InspectCommand.self,
        ],
        defaultSubcommand: TUICommand.self
    )

    /// Parses and runs the command line. A well-formed command that fails at run time (`CLIError`: a
    /// missing, unreadable or bad file, a file that would be replaced) prints `nnscope: MESSAGE` and
    /// exits with `ExitStatus.runtimeError`, without the usage text; wrong arguments print the usage
    /// and exit 64, as argument-parser does.
    static func main() {
        if VersionReport.isRequested(by: Array(CommandLine.arguments.dropFirst())) {
            print(VersionReport.text(VersionReport.facts()))
            return
        }
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let error as CLIError {
            FileHandle.standardError.write(Data("nnscope: \(error.description)\n".utf8))
            Foundation.exit(ExitStatus.runtimeError)
        } catch {
            exit(withError: error)
        }
    }
}

/// The exit statuses nnscope uses besides argument-parser's 0 (success) and 64 (wrong arguments);
/// the README's table lists them all.
enum ExitStatus {
    /// A check failed: `replay --verify` found a mismatch, `gradcheck` a gradient off its tolerance,
    /// a script line failed.
    static let checkFailed: Int32 = 1
    /// The full-screen interface cannot run on this terminal.
    static let noTerminal: Int32 = 2
    /// Training diverged (a non-finite loss, gradient or weight).
    static let diverged: Int32 = 3
    /// A runtime error: a file is missing, unreadable, corrupt or would be replaced.
    static let runtimeError: Int32 = 4
}

let programVersion = "0.1.0"
