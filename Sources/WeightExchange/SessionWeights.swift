import Datasets
import JSON
import NeuralNetwork
import Sessions
import WeightFiles

extension NetworkWeights {
    /// The network at a session's checkpoint with the input pipeline it was trained with (the
    /// rebuilt experiment's standardisation, class names and settings).
    public init(selection: SessionCheckpointSelection, path: String) {
        let trainer = selection.experiment.trainer
        var classNames: [String]?
        if case let .classification(_, names) = trainer.dataset.task { classNames = names }
        var configuration: [String: String] = [:]
        for (k, v) in selection.experiment.configuration.keyValuePairs { configuration[k] = v }
        self.init(network: selection.checkpoint.network, inputMean: trainer.featureMean, inputStd: trainer.featureScale,
                  classNames: classNames, configuration: configuration,
                  source: "\(path), \(selection.checkpoint.position)")
    }

    /// The weights a `predict` or `export` argument names: a session (`.jsonl`, at the checkpoint
    /// at or before `epoch`) or a weight file (`.npz`, `.safetensors`; `epoch` must be nil).
    public static func load(path: String, epoch: Int?) throws -> NetworkWeights {
        if WeightFileFormat(path: path) != nil {
            guard epoch == nil else { throw WeightFileError("--epoch applies to sessions; \(path) is a weight file") }
            return try NetworkWeights(archive: WeightFileIO.read(path: path), name: path)
        }
        return NetworkWeights(selection: try SessionCheckpointSelection.open(path: path, atOrBefore: epoch, engineFactory: nil), path: path)
    }

    /// The configuration `train|tui --init-from FILE` starts with: the file's own settings (an
    /// nnscope export records them) under the options given (`applyOptions`), hidden widths from the
    /// file unless `--layers` was given, and the file's weights as `initialWeights` (the trainer
    /// checks their shapes against the network the configuration builds).
    public static func startingConfiguration(initFrom path: String, layersGiven: Bool,
                                             applyOptions: (TrainingConfiguration) throws -> TrainingConfiguration) throws -> TrainingConfiguration {
        let archive = try WeightFileIO.read(path: path)
        var base = TrainingConfiguration()
        if let text = archive.metadata("configuration"),
           case let .object(pairs)? = try? JSONValue(parsing: text) {
            let known = Set(TrainingConfiguration.settings.map(\.key))
            let kept = pairs.compactMap { k, v in v.stringValue.map { (key: k, value: $0) } }.filter { known.contains($0.key) }
            do { base = try TrainingConfiguration(keyValuePairs: kept) } catch { throw WeightFileError("\(path): metadata configuration: \(error)") }
        }
        var c = try applyOptions(base)
        let units = c
        let weights = try NetworkWeights(archive: archive, name: path, hiddenUnits: { units.layerActivations[$0] ?? units.activation }, loss: c.loss)
        if !layersGiven { c.hidden = weights.network.layers.dropLast().map(\.units) }
        c.initialWeights = InitialWeights(source: path, network: weights.network)
        return c
    }
}
