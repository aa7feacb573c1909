import ArgumentParser
import Datasets
import Foundation
import WeightExchange
import WeightFiles

struct PredictCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "predict",
        abstract: "Predict with a recorded or exported network: class and probabilities, or the regression value, per row.",
        discussion: """
            SESSION|WEIGHTS is a session file (.jsonl; the checkpoint at or before --epoch, default the \
            last) or a weight file nnscope exported (.npz, .safetensors). The inputs are standardised and \
            transformed exactly as in training. --input holds one row of raw input values per example; a \
            header row and a last label column (as in a training CSV) are skipped.
            """
    )

    @Argument(help: ArgumentHelp("A session (.jsonl) or weight file (.npz, .safetensors).", valueName: "session|weights"))
    var source: String

    @Option(help: ArgumentHelp("CSV of raw inputs, one example per row.", valueName: "file.csv"))
    var input: String

    @Option(help: ArgumentHelp("For a session: the checkpoint at or before this epoch (default: the last).", valueName: "epoch"))
    var epoch: Int?

    @Flag(help: "Write CSV (class,p_NAME,... or y) with full-precision numbers instead of one readable line per row.")
    var csv = false

    func validate() throws {
        if let epoch, epoch < 0 { throw ValidationError("--epoch must be 0 or more, got \(epoch)") }
    }

    func run() throws {
        let weights: NetworkWeights
        do { weights = try NetworkWeights.load(path: source, epoch: epoch) } catch { throw CLIError("\(error)") }
        let rows: (values: [Double], rows: Int)
        do {
            let bytes = try WeightFileIO.readBytes(path: input, limit: 1 << 31)
            rows = try CSVLoader.inputRows(bytes: bytes, path: input, columns: weights.rawInputs)
        } catch { throw CLIError("--input: \(error)") }
        let table = PredictionTable(weights: weights, raw: rows.values, rows: rows.rows)
        FileHandle.standardOutput.write(Data((csv ? table.csv : table.text).utf8))
    }
}
