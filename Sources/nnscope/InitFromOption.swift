import ArgumentParser
import NeuralNetwork
import WeightExchange

/// `--init-from FILE` for `train` and `tui`: start from a weight file's weights.
struct InitFromOption: ParsableArguments {
    @Option(name: .customLong("init-from"),
            help: ArgumentHelp("Start from the weights in this .npz or .safetensors file (from `nnscope export --weights`, or named layerN.weight/layerN.bias). Settings not given come from the file; recorded in the session header.", valueName: "file"))
    var initFrom: String?

    /// The options' configuration, started from `initFrom`'s weights and settings when given.
    func configuration(_ options: TrainingOptions) throws -> TrainingConfiguration {
        guard let initFrom else { return try options.configuration() }
        do {
            return try NetworkWeights.startingConfiguration(initFrom: initFrom, layersGiven: options.layers != nil) { base in
                try options.configuration(base: base)
            }
        } catch let error as CLIError {
            throw error
        } catch {
            throw CLIError("--init-from: \(error)")
        }
    }
}
