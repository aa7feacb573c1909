import Datasets

extension Trainer {
    /// A trainer on the dataset the configuration names, generated (or loaded) with its seed.
    public convenience init(configuration: TrainingConfiguration) throws(NetworkError) {
        let dataset: Dataset
        let spec: DatasetSpec
        do {
            spec = try DatasetSpec(parsing: configuration.dataset)
            dataset = try spec.make(seed: configuration.seed)
        } catch {
            throw .invalid("dataset \(configuration.dataset): \(error)")
        }
        try self.init(configuration: configuration, dataset: dataset, standardize: configuration.standardize.applies(to: spec))
    }
}
