import Datasets
import LinearAlgebra

/// Data preparation: a dataset as a trainer feeds it to the network. The train/validation split,
/// the input features computed from the points, their standardisation with the training split's
/// statistics, and the resulting matrices in the network's precision. Built once per trainer.
public struct TrainingData<Scalar: NNScalar>: Sendable {
    /// The dataset rows held out for validation, ascending (every other row trains).
    public let validationRows: [Int]
    /// The input features computed from the dataset's 2-D points (nil: the dataset's own inputs).
    public let inputFeatures: [InputFeature]?
    /// Per-feature mean and scale applied to the network's inputs (after the feature transform;
    /// identity when standardisation is off).
    public let featureMean: [Double]
    public let featureScale: [Double]
    /// The training split: standardised inputs (N × features), class labels (0 for regression),
    /// regression targets (nil for classification). The same for the validation split.
    let trainX: Matrix<Scalar>
    let trainLabels: [Int32]
    let trainTargets: Matrix<Scalar>?
    let validationX: Matrix<Scalar>
    let validationLabels: [Int32]
    let validationTargets: Matrix<Scalar>?

    /// Splits `dataset` with the configuration's validation fraction and seed, computes its input
    /// features and standardises them (when `standardize`) with the training split's mean and
    /// standard deviation.
    init(configuration: TrainingConfiguration, dataset: Dataset, standardize: Bool) throws(NetworkError) {
        let (trainRows, validationRows) = dataset.split(validationFraction: configuration.validationFraction,
                                                        seed: configuration.seed ^ 0x5EED_0000_0000_0001)
        self.validationRows = validationRows

        // The network's inputs: the dataset's own, or the input features computed from its points.
        let fed: Dataset
        if let features = configuration.features {
            do { fed = try dataset.mapped(through: features) } catch { throw .invalid("\(error)") }
        } else {
            fed = dataset
        }
        inputFeatures = configuration.features
        // Standardisation with the training split's statistics.
        let f = fed.features
        if standardize {
            let statistics = FeatureStatistics(of: fed, rows: trainRows)
            featureMean = statistics.means
            featureScale = statistics.standardDeviations
        } else {
            featureMean = Array(repeating: 0, count: f)
            featureScale = Array(repeating: 1, count: f)
        }
        let mean = featureMean, scale = featureScale
        func inputs(_ rows: [Int]) -> Matrix<Scalar> {
            var m = Matrix<Scalar>(rows: rows.count, columns: f)
            // Through buffers: the subscripts, unspecialised here, looked up Matrix's generic
            // metadata for every element (most of the set-up time of a 10,000 × 784 dataset).
            fed.inputs.withUnsafeBufferPointer { source in
                m.storage.withUnsafeMutableBufferPointer { out in
                    for (i, r) in rows.enumerated() {
                        for j in 0..<f { out[i * f + j] = Scalar((source[r * f + j] - mean[j]) / scale[j]) }
                    }
                }
            }
            return m
        }
        func labels(_ rows: [Int]) -> [Int32] {
            guard case let .classification(all, _) = dataset.task else { return Array(repeating: 0, count: rows.count) }
            return rows.map { Int32(all[$0]) }
        }
        func targets(_ rows: [Int]) -> Matrix<Scalar>? {
            guard case let .regression(all, k) = dataset.task else { return nil }
            var m = Matrix<Scalar>(rows: rows.count, columns: k)
            for (i, r) in rows.enumerated() { for j in 0..<k { m[i, j] = Scalar(all[r * k + j]) } }
            return m
        }
        trainX = inputs(trainRows)
        trainLabels = labels(trainRows)
        trainTargets = targets(trainRows)
        validationX = inputs(validationRows)
        validationLabels = labels(validationRows)
        validationTargets = targets(validationRows)
    }

    /// Examples in the training split.
    public var trainCount: Int { trainX.rows }
    /// Examples in the validation split.
    public var validationCount: Int { validationX.rows }
    /// Columns of the network's input (after the feature transform).
    public var features: Int { featureMean.count }

    /// Raw points (`count` rows of `rawFeatures` values) as the network is fed them: the input
    /// features computed, then standardised.
    public func networkInputs(points: [Double], count: Int, rawFeatures raw: Int) -> Matrix<Scalar> {
        let f = featureMean.count
        var x = Matrix<Scalar>(rows: count, columns: f)
        for i in 0..<count {
            for j in 0..<f {
                let value = inputFeatures.map { $0[j].value(points[i * raw], points[i * raw + 1]) } ?? points[i * raw + j]
                x[i, j] = Scalar((value - featureMean[j]) / featureScale[j])
            }
        }
        return x
    }
}
