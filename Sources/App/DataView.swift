import LinearAlgebra
import Datasets
import NeuralNetwork
import Render

/// The size, in samples, of the decision-map grid the data panel wants: one column per cell and
/// two rows per cell (the map draws two pixels per cell).
public struct GridSize: Sendable, Equatable {
    public var columns: Int
    public var rows: Int

    public init(columns: Int, rows: Int) {
        self.columns = max(0, min(columns, 400))
        self.rows = max(0, min(rows, 400))
    }

    /// The grid for a data panel whose drawing area is `area`.
    public init(area: Rect) {
        self.init(columns: area.width, rows: area.height * 2)
    }
}

/// What the data panel shows: the decision map of a 2-D classifier, the fitted curve of a 1-D
/// regression, or why neither applies.
public enum DataView: Sendable {
    case decisionMap(DecisionMap)
    case regression(LineChart)
    /// A 2-D regression (`plane`, `gaussians`): the network's output over the plane as a diverging
    /// heat map (class 0's colour below zero, class 1's above, stronger with |output| / `scale`),
    /// the data points coloured by the sign of their target.
    case heatMap(DecisionMap, scale: Double)
    case unavailable(String)

    /// Most data points drawn on the map or the regression chart (evenly thinned beyond that).
    public static let maximumPoints = 1500

    /// The view of `trainer`'s network on its dataset, with the decision map sampled at `grid`.
    public static func make(trainer: Trainer<Float>, grid: GridSize) -> DataView {
        let dataset = trainer.dataset
        switch dataset.task {
        case let .classification(labels, _) where dataset.features == 2:
            return decisionMap(trainer: trainer, labels: labels, grid: grid)
        case let .regression(targets, outputs) where dataset.features == 1 && outputs == 1:
            return regression(trainer: trainer, targets: targets, samples: max(2, grid.columns * 2))
        case let .regression(targets, outputs) where dataset.features == 2 && outputs == 1:
            return heatMap(trainer: trainer, targets: targets, grid: grid)
        default:
            return .unavailable("\(dataset.name) has \(dataset.features) input features and \(dataset.outputs) outputs: the data panel draws 2-D data and 1-D regression")
        }
    }

    /// The data points of a 2-D classification dataset (thinned) and the plotted ranges.
    public static func points(of dataset: Dataset, validationRows: [Int] = []) -> (points: [DecisionMap.DataPoint], x: ClosedRange<Double>, y: ClosedRange<Double>) {
        guard case let .classification(labels, _) = dataset.task, dataset.features == 2, dataset.count > 0 else {
            return ([], 0...1, 0...1)
        }
        let stride = max(1, (dataset.count + maximumPoints - 1) / maximumPoints)
        let held = Set(validationRows)
        var points: [DecisionMap.DataPoint] = []
        for i in Swift.stride(from: 0, to: dataset.count, by: stride) {
            points.append(DecisionMap.DataPoint(x: dataset.inputs[2 * i], y: dataset.inputs[2 * i + 1], classIndex: labels[i],
                                                isValidation: held.contains(i)))
        }
        let xs = (0..<dataset.count).map { dataset.inputs[2 * $0] }
        let ys = (0..<dataset.count).map { dataset.inputs[2 * $0 + 1] }
        return (points, padded(xs), padded(ys))
    }

    /// The finite values' range widened by 5% on each side (a unit range around a constant).
    static func padded(_ values: [Double]) -> ClosedRange<Double> {
        let finite = values.filter(\.isFinite)
        guard let low = finite.min(), let high = finite.max() else { return 0...1 }
        let span = high - low
        if span <= 0 { return (low - 1)...(high + 1) }
        return (low - span * 0.05)...(high + span * 0.05)
    }

    /// A 2-D regression's output as a diverging map: the sign picks the colour, |value| / scale
    /// (scale: the largest |target|) its strength.
    public static func heatSample(_ value: Double, scale: Double) -> DecisionMap.Sample {
        guard value.isFinite else { return DecisionMap.Sample(classIndex: 0, confidence: 0) }
        return DecisionMap.Sample(classIndex: value >= 0 ? 1 : 0, confidence: min(1, abs(value) / scale))
    }

    private static func heatMap(trainer: Trainer<Float>, targets: [Double], grid: GridSize) -> DataView {
        let dataset = trainer.dataset
        let scale = max(targets.filter(\.isFinite).map(abs).max() ?? 1, 1e-12)
        let stride = max(1, (dataset.count + maximumPoints - 1) / maximumPoints)
        let held = Set(trainer.validationRows)
        let points = Swift.stride(from: 0, to: dataset.count, by: stride).map { i in
            DecisionMap.DataPoint(x: dataset.inputs[2 * i], y: dataset.inputs[2 * i + 1], classIndex: targets[i] >= 0 ? 1 : 0,
                                  isValidation: held.contains(i))
        }
        let xRange = padded((0..<dataset.count).map { dataset.inputs[2 * $0] })
        let yRange = padded((0..<dataset.count).map { dataset.inputs[2 * $0 + 1] })
        let queries = gridQueries(grid, xRange: xRange, yRange: yRange)
        let count = grid.columns * grid.rows
        let outputs = count > 0 ? trainer.predict(points: queries, count: count) : []
        let samples = (0..<grid.rows).map { row in
            (0..<grid.columns).map { column in heatSample(outputs[row * grid.columns + column], scale: scale) }
        }
        return .heatMap(DecisionMap(grid: samples, points: points, xRange: xRange, yRange: yRange), scale: scale)
    }

    /// The centres of a grid's cells over the ranges, row by row from the lowest y: (x, y) pairs.
    static func gridQueries(_ grid: GridSize, xRange: ClosedRange<Double>, yRange: ClosedRange<Double>) -> [Double] {
        var queries: [Double] = []
        queries.reserveCapacity(grid.columns * grid.rows * 2)
        for row in 0..<grid.rows {
            let y = yRange.lowerBound + (Double(row) + 0.5) / Double(grid.rows) * (yRange.upperBound - yRange.lowerBound)
            for column in 0..<grid.columns {
                let x = xRange.lowerBound + (Double(column) + 0.5) / Double(grid.columns) * (xRange.upperBound - xRange.lowerBound)
                queries.append(x)
                queries.append(y)
            }
        }
        return queries
    }

    private static func decisionMap(trainer: Trainer<Float>, labels: [Int], grid: GridSize) -> DataView {
        let (points, xRange, yRange) = points(of: trainer.dataset, validationRows: trainer.validationRows)
        guard grid.columns > 0, grid.rows > 0 else {
            return .decisionMap(DecisionMap(grid: [], points: points, xRange: xRange, yRange: yRange))
        }
        let queries = gridQueries(grid, xRange: xRange, yRange: yRange)
        let count = grid.columns * grid.rows
        let predictions = trainer.predict(points: queries, count: count)
        let classes = count > 0 ? predictions.count / count : 0
        var samples: [[DecisionMap.Sample]] = []
        samples.reserveCapacity(grid.rows)
        for row in 0..<grid.rows {
            var line: [DecisionMap.Sample] = []
            line.reserveCapacity(grid.columns)
            for column in 0..<grid.columns {
                let start = (row * grid.columns + column) * classes
                line.append(DecisionMap.sample(fromProbabilities: Array(predictions[start..<(start + classes)])))
            }
            samples.append(line)
        }
        return .decisionMap(DecisionMap(grid: samples, points: points, xRange: xRange, yRange: yRange))
    }

    private static func regression(trainer: Trainer<Float>, targets: [Double], samples: Int) -> DataView {
        let dataset = trainer.dataset
        let stride = max(1, (dataset.count + maximumPoints - 1) / maximumPoints)
        let indices = Array(Swift.stride(from: 0, to: dataset.count, by: stride))
        let inputs = indices.map { dataset.inputs[$0] }
        let range = padded(dataset.inputs)
        let xs = (0..<samples).map { range.lowerBound + Double($0) / Double(samples - 1) * (range.upperBound - range.lowerBound) }
        let fitted = trainer.predict(points: xs, count: xs.count)
        let curve = zip(xs, fitted).map { ChartPoint(x: $0, y: $1) }
        return .regression(LineChart.regression(inputs: inputs, targets: indices.map { targets[$0] }, fitted: curve))
    }
}
