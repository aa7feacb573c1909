import ArgumentParser
import Foundation
import Sessions

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export a recorded session's epochs as CSV (one row per epoch).",
        discussion: """
            Columns: epoch,train_loss,val_loss,train_accuracy,val_accuracy,learning_rate, then \
            grad_norm_L,weight_norm_L,dead_fraction_L,saturated_fraction_L for each layer L = 1, 2, ... \
            Missing or non-finite values are empty cells. A session with several generations (reset, \
            structural change, resume) gets a last column, generation.
            """
    )

    @Argument(help: "The session file (.jsonl).", completion: ShellCompletions.sessionFile)
    var file: String

    @Flag(help: "Write CSV to standard output.")
    var csv = false

    func validate() throws {
        guard csv else { throw ValidationError("choose an output format: --csv") }
    }

    func run() throws {
        let problems: [SessionProblem]
        do {
            problems = try SessionExport.writeCSV(path: file) { text in FileHandle.standardOutput.write(Data(text.utf8)) }
        } catch { throw CLIError("\(error)") }
        for p in problems { FileHandle.standardError.write(Data("nnscope: warning: \(p)\n".utf8)) }
    }
}
