extension Trainer {
    /// The most weights a network may have (2^28, 1 GiB of Float), the same bound sessions put on
    /// one checkpoint tensor: wider networks are refused with a message rather than allocated.
    public static var maximumParameters: Int { 1 << 28 }

    /// Refuses a network whose weight count (inputs × widths × maxout pieces, layer by layer,
    /// computed with overflow checks) exceeds `maximumParameters`.
    static func checkParameterCount(features: Int, hidden: [Int], units: [UnitKind], outputs: Int) throws(NetworkError) {
        var total = 0
        var fanIn = features
        let widths = hidden.enumerated().map { index, width -> Int in
            if case let .maxout(pieces) = units[index] { return width * pieces }
            return width
        } + [outputs]
        for (index, width) in widths.enumerated() {
            let (weights, overflow) = fanIn.multipliedReportingOverflow(by: width)
            let (sum, overflowSum) = total.addingReportingOverflow(weights)
            guard !overflow, !overflowSum, sum <= maximumParameters else {
                throw .invalid("the network \(([features] + hidden + [outputs]).map(String.init).joined(separator: "-")) has more than "
                    + "\(maximumParameters) weights (layer \(index + 1) alone: \(overflow ? "more than 2^63" : "\(weights)")); use narrower layers")
            }
            total = sum
            fanIn = index < hidden.count ? hidden[index] : width
        }
    }
}
