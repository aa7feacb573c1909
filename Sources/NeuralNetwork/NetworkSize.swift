/// The one limit on a network's size, for every way a network comes to be: `set layers`,
/// `--layers`, the trainer, `--init-from` and weight files read by `predict` (docs/decisions).
public enum NetworkSize {
    /// The most parameters (weights and biases) a network may have: 20 million, 80 MB of Float
    /// for the weights and as much again for each of the optimiser's and the gradient's copies.
    public static let maximumParameters = 20_000_000

    /// Weights and biases of a network with these layers (maxout pieces counted), computed with
    /// overflow checks; nil when the count does not fit in an Int.
    public static func parameterCount(features: Int, hidden: [Int], units: [UnitKind], outputs: Int) -> Int? {
        let widths = hidden.enumerated().map { index, width -> Int in
            if case let .maxout(pieces) = units[index] { return width * pieces }
            return width
        } + [outputs]
        var total = 0
        var fanIn = features
        for (index, width) in widths.enumerated() {
            let (weights, overflow) = (fanIn + 1).multipliedReportingOverflow(by: width)
            let (sum, overflowSum) = total.addingReportingOverflow(weights)
            guard !overflow, !overflowSum else { return nil }
            total = sum
            fanIn = index < hidden.count ? hidden[index] : width
        }
        return total
    }

    /// Refuses a network with more than `maximumParameters` parameters, saying how many it would have.
    public static func check(features: Int, hidden: [Int], units: [UnitKind], outputs: Int) throws(NetworkError) {
        let count = parameterCount(features: features, hidden: hidden, units: units, outputs: outputs)
        guard let count, count <= maximumParameters else {
            let shape = ([features] + hidden + [outputs]).map(String.init).joined(separator: "-")
            throw .invalid("the network \(shape) would have \(count.map { "\($0)" } ?? "more than 2^63") parameters; "
                + "at most \(maximumParameters) are allowed: use narrower layers")
        }
    }

    /// The same check for layers given as (inputs, outputs) pairs (a weight file's shapes).
    public static func check(layerShapes: [(fanIn: Int, width: Int)]) throws(NetworkError) {
        var total = 0
        for shape in layerShapes {
            let (weights, overflow) = (shape.fanIn + 1).multipliedReportingOverflow(by: shape.width)
            let (sum, overflowSum) = total.addingReportingOverflow(weights)
            guard !overflow, !overflowSum, sum <= maximumParameters else {
                throw .invalid("the network has more than \(maximumParameters) parameters; at most \(maximumParameters) are allowed")
            }
            total = sum
        }
    }
}
