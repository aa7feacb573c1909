import Datasets

extension Trainer {
    /// A trainer on the dataset the configuration names, generated (or loaded) with its seed.
    public convenience init(configuration: TrainingConfiguration) throws(NetworkError) {
        let dataset: Dataset
        let spec: DatasetSpec
        do {
            spec = try DatasetSpec(parsing: configuration.dataset)
        } catch {
            throw .invalid("dataset \(configuration.dataset): \(error)")
        }
        do {
            dataset = try spec.make(seed: configuration.effectiveDataSeed, noiseShare: configuration.noise)
        } catch {
            if case .invalidOption = error { throw .invalid("\(error)") }
            throw .invalid("dataset \(configuration.dataset): \(error)")
        }
        try self.init(configuration: configuration, dataset: dataset,
                      standardize: Trainer.standardizes(spec: spec, configuration: configuration))
    }

    /// Whether inputs are standardised: the `standardize` setting, whose `auto` standardises data
    /// read from files and computed input features (`--features`, after the transform), and leaves
    /// other generated data as generated.
    public static func standardizes(spec: DatasetSpec, configuration: TrainingConfiguration) -> Bool {
        configuration.standardize.applies(to: spec, computedFeatures: configuration.features != nil)
    }
}
