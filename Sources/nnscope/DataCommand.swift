import ArgumentParser
import Foundation
import NeuralNetwork

struct DataCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "data",
        abstract: "Print a dataset as CSV exactly as the network is fed it.",
        discussion: """
            Columns: the network's inputs (after --features and standardisation, in the trainer's \
            single precision), target (the class index, or the regression target), and split \
            (train or val: the split `nnscope train` uses with the same options). --raw prints the \
            dataset's own inputs and targets (class names) instead.
            """
    )

    @OptionGroup var data: DataOptions
    @Flag(help: "The dataset's own values, before the feature transform and standardisation.")
    var raw = false

    func run() throws {
        var configuration = TrainingConfiguration()
        configuration.hidden = []  // the data does not depend on the network
        for case let (key, value?) in data.settingValues {
            do { try configuration.set(key, value) } catch { throw CLIError("\(error)") }
        }
        if data.noStandardize { configuration.standardize = .off }
        let trainer: Trainer<Float>
        do { trainer = try Trainer<Float>(configuration: configuration) } catch { throw CLIError("\(error)") }
        FileHandle.standardOutput.write(Data(trainer.dataTable(raw: raw).utf8))
    }
}
