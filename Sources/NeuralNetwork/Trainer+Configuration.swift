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

    /// Whether inputs are standardised: when both the spec (files by default, generators not) and
    /// the configuration (`--no-standardize` turns it off) ask for it. Computed input features
    /// (`--features`) are standardised after the transform unless the spec says `no-standardize`.
    public static func standardizes(spec: DatasetSpec, configuration: TrainingConfiguration) -> Bool {
        let byData = configuration.features != nil ? (spec.standardizeOption ?? true) : spec.standardize
        return byData && configuration.standardize
    }
}
