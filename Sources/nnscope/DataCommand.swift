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

    @Option(name: .customLong("dataset"), help: settingHelp("dataset"), completion: settingCompletion("dataset"))
    var dataset: String?
    @Option(name: .customLong("noise"), parsing: .number, help: settingHelp("noise"), completion: settingCompletion("noise"))
    var noise: String?
    @Option(name: .customLong("data-seed"), parsing: .number, help: settingHelp("data-seed"), completion: settingCompletion("data-seed"))
    var dataSeed: String?
    @Option(name: .customLong("features"), help: settingHelp("features"), completion: settingCompletion("features"))
    var features: String?
    @Option(name: .customLong("val"), parsing: .number, help: settingHelp("val"), completion: settingCompletion("val"))
    var val: String?
    @Option(name: .customLong("seed"), parsing: .number, help: settingHelp("seed"), completion: settingCompletion("seed"))
    var seed: String?
    @Flag(help: "The dataset's own values, before the feature transform and standardisation.")
    var raw = false
    @Flag(name: .customLong("no-standardize"), help: "Do not standardise the input features.")
    var noStandardize = false

    func run() throws {
        var configuration = TrainingConfiguration()
        configuration.hidden = []  // the data does not depend on the network
        let pairs: [(String, String?)] = [
            ("dataset", dataset), ("noise", noise), ("data-seed", dataSeed), ("features", features),
            ("val", val), ("seed", seed),
        ]
        for case let (key, value?) in pairs {
            do { try configuration.set(key, value) } catch { throw CLIError("\(error)") }
        }
        if noStandardize { configuration.standardize = .off }
        let trainer: Trainer<Float>
        do { trainer = try Trainer<Float>(configuration: configuration) } catch { throw CLIError("\(error)") }
        FileHandle.standardOutput.write(Data(trainer.dataTable(raw: raw).utf8))
    }
}
