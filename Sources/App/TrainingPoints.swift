import LinearAlgebra
import NeuralNetwork

/// The training examples' places on the data panel's plane (2-D datasets), in the order the
/// inspector numbers them (the training split's rows, ascending), so a click on the data panel
/// finds the example it is nearest to.
public struct TrainingPoints: Sendable, Equatable {
    /// x and y of each training example, as the dataset holds them (before standardisation and
    /// any input features).
    public var coordinates: [Double]

    public init(coordinates: [Double]) {
        self.coordinates = coordinates
    }

    public var count: Int { coordinates.count / 2 }

    /// The points of `trainer`'s training split; nil unless its dataset has two input features.
    public static func make(trainer: Trainer<Float>) -> TrainingPoints? {
        let dataset = trainer.dataset
        guard dataset.features == 2 else { return nil }
        var coordinates: [Double] = []
        coordinates.reserveCapacity(2 * trainer.trainCount)
        var held = trainer.validationRows.makeIterator()
        var next = held.next()
        for row in 0..<dataset.count {
            if row == next {
                next = held.next()
                continue
            }
            coordinates.append(dataset.inputs[2 * row])
            coordinates.append(dataset.inputs[2 * row + 1])
        }
        return TrainingPoints(coordinates: coordinates)
    }

    /// The example nearest to (`x`, `y`) as it looks on the panel: distances in cells of
    /// `cellWidth` × `cellHeight`, the larger of the two offsets first (so an example drawn in the
    /// clicked cell always wins over one outside it), then the straight-line distance, then the
    /// lower number. Nil without examples.
    public func nearest(x: Double, y: Double, cellWidth: Double, cellHeight: Double) -> Int? {
        let sx = cellWidth > 0 && cellWidth.isFinite ? cellWidth : 1, sy = cellHeight > 0 && cellHeight.isFinite ? cellHeight : 1
        var best: Int?
        var bestDistance = (Double.infinity, Double.infinity)
        for i in 0..<count {
            let dx = abs(coordinates[2 * i] - x) / sx, dy = abs(coordinates[2 * i + 1] - y) / sy
            let distance = (max(dx, dy), dx * dx + dy * dy)
            if distance < bestDistance {
                bestDistance = distance
                best = i
            }
        }
        return best
    }
}
