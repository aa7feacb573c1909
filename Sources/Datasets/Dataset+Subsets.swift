import Randomness

extension Dataset {
    /// The largest validation fraction `split(validationFraction:seed:)` accepts.
    public static let maximumValidationFraction = 0.9

    /// Splits the row indices into a training and a validation set with a seeded shuffle.
    ///
    /// `validationFraction` is clamped to [0, 0.9] (NaN counts as 0); the validation set gets
    /// `round(fraction × count)` rows, but the training set always keeps at least one row when the
    /// dataset has any. Both index lists are returned in ascending order.
    public func split(validationFraction: Double, seed: UInt64) -> (train: [Int], validation: [Int]) {
        let fraction = validationFraction.isNaN
            ? 0 : min(max(validationFraction, 0), Dataset.maximumValidationFraction)
        var order = Array(0..<count)
        var random = SeededGenerator(seed: seed)
        random.shuffle(&order)
        let validationCount = min(Int((fraction * Double(count)).rounded()), max(count - 1, 0))
        let validation = order[..<validationCount].sorted()
        let train = order[validationCount...].sorted()
        return (train, validation)
    }

    /// The dataset restricted to `rows` (in that order; repeats allowed). Every index must be in
    /// `0..<count` (a precondition: indices come from `split`, not from users). Class names are kept.
    public func subset(rows: [Int]) -> Dataset {
        precondition(rows.allSatisfy { $0 >= 0 && $0 < count }, "subset: row index out of range")
        var newInputs: [Double] = []
        newInputs.reserveCapacity(rows.count * features)
        for row in rows { newInputs.append(contentsOf: inputs[(row * features)..<((row + 1) * features)]) }
        let newTask: Task
        switch task {
        case let .classification(labels, classNames):
            newTask = .classification(labels: rows.map { labels[$0] }, classNames: classNames)
        case let .regression(targets, outputs):
            var newTargets: [Double] = []
            newTargets.reserveCapacity(rows.count * outputs)
            for row in rows { newTargets.append(contentsOf: targets[(row * outputs)..<((row + 1) * outputs)]) }
            newTask = .regression(targets: newTargets, outputs: outputs)
        }
        return Dataset(name: name, count: rows.count, features: features, inputs: newInputs, task: newTask)
    }

    /// Number of examples in each class (empty for regression).
    public var classCounts: [Int] {
        guard case let .classification(labels, classNames) = task else { return [] }
        var counts = [Int](repeating: 0, count: classNames.count)
        for label in labels where label >= 0 && label < counts.count { counts[label] += 1 }
        return counts
    }
}
