/// Per-feature mean and standard deviation, used to standardise inputs to mean 0 and deviation 1.
///
/// Computed on the training rows only, then applied to every split, so validation data never leaks
/// into the scaling. A feature with deviation 0 (constant) gets deviation 1, so it maps to 0.
public struct FeatureStatistics: Sendable, Equatable, Codable {
    public var means: [Double]
    /// Population standard deviations (divided by n), never 0.
    public var standardDeviations: [Double]

    public init(means: [Double], standardDeviations: [Double]) {
        precondition(means.count == standardDeviations.count, "feature statistics: mismatched counts")
        self.means = means
        self.standardDeviations = standardDeviations.map { $0 > 0 && $0.isFinite ? $0 : 1 }
    }

    /// Statistics of `dataset`'s features over `rows` (indices in `0..<dataset.count`). No rows gives
    /// means 0 and deviations 1 (the identity scaling).
    public init(of dataset: Dataset, rows: [Int]) {
        let features = dataset.features
        var sums = [Double](repeating: 0, count: features)
        for row in rows {
            precondition(row >= 0 && row < dataset.count, "feature statistics: row index out of range")
            for feature in 0..<features { sums[feature] += dataset.inputs[row * features + feature] }
        }
        let n = Double(max(rows.count, 1))
        let means = sums.map { $0 / n }
        // Two passes (mean, then squared deviations) for accuracy on data far from zero.
        var squares = [Double](repeating: 0, count: features)
        for row in rows {
            for feature in 0..<features {
                let deviation = dataset.inputs[row * features + feature] - means[feature]
                squares[feature] += deviation * deviation
            }
        }
        self.init(means: means, standardDeviations: squares.map { ($0 / n).squareRoot() })
    }

    /// Number of features these statistics describe.
    public var features: Int { means.count }

    /// One example's inputs, standardised (`input.count` must equal `features`).
    public func standardize(_ input: [Double]) -> [Double] {
        precondition(input.count == features, "standardize: expected \(features) features, got \(input.count)")
        return (0..<features).map { (input[$0] - means[$0]) / standardDeviations[$0] }
    }

    /// Undoes `standardize`: maps standardised inputs back to the original units.
    public func original(_ standardized: [Double]) -> [Double] {
        precondition(standardized.count == features, "original: expected \(features) features")
        return (0..<features).map { standardized[$0] * standardDeviations[$0] + means[$0] }
    }
}

extension Dataset {
    /// This dataset with every input standardised by `stats` (targets and labels unchanged).
    /// `stats.features` must equal `features` (a precondition: compute them on this dataset).
    public func standardized(using stats: FeatureStatistics) -> Dataset {
        precondition(stats.features == features, "standardized: statistics for \(stats.features) features, dataset has \(features)")
        var result = self
        for row in 0..<count {
            for feature in 0..<features {
                let index = row * features + feature
                result.inputs[index] = (inputs[index] - stats.means[feature]) / stats.standardDeviations[feature]
            }
        }
        return result
    }
}
