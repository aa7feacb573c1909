/// One resolved chart axis: its scale and its range in the scale's internal coordinates.
struct ChartAxis {
    var scale: Scale
    /// Range of transformed coordinates (log10 of values on a log axis); never empty.
    var low: Double
    var high: Double

    /// An axis covering `values` (or `explicit`), widened so it never has zero length.
    init(values: [Double], explicit: ClosedRange<Double>?, scale: Scale) {
        self.scale = scale
        let coordinates = values.compactMap { scale.transform($0) }
        var low: Double, high: Double
        if let explicit, let l = scale.transform(explicit.lowerBound), let h = scale.transform(explicit.upperBound) {
            (low, high) = (l, h)
        } else if let explicit, scale == .log10, let h = scale.transform(explicit.upperBound) {
            // A non-positive lower bound on a log axis: start at the smallest positive data value.
            (low, high) = (coordinates.min() ?? h - 1, h)
        } else if let first = coordinates.first {
            (low, high) = coordinates.dropFirst().reduce((first, first)) { (min($0.0, $1), max($0.1, $1)) }
        } else {
            (low, high) = (0, 1)
        }
        if !low.isFinite || !high.isFinite { (low, high) = (0, 1) }
        if low > high { (low, high) = (high, low) }
        if !(high > low) {
            let pad = scale == .log10 ? 0.5 : (low == 0 ? 1 : abs(low) * 0.1)
            (low, high) = (low - pad, high + pad)
            if !(high > low) { (low, high) = (low.nextDown, high.nextUp) }
            if !(high > low) { (low, high) = (0, 1) }
        }
        self.low = low
        self.high = high
    }

    /// Where a coordinate lies between low (0) and high (1); may fall outside 0...1.
    func fraction(ofCoordinate coordinate: Double) -> Double {
        (coordinate / 2 - low / 2) / (high / 2 - low / 2)
    }

    /// The fraction for a value, nil when the scale cannot show it.
    func fraction(of value: Double) -> Double? {
        scale.transform(value).map(fraction(ofCoordinate:))
    }

    /// Readable tick positions (as fractions) and labels, about `maxCount` of them.
    func ticks(maxCount: Int) -> [(fraction: Double, label: String)] {
        guard maxCount >= 1 else { return [] }
        if scale == .log10 {
            let decades = Ticks.decades(low...high, maxCount: maxCount)
            if decades.count >= 2 {
                return decades.map { (fraction(ofCoordinate: $0), NumberFormat.compact(NumberFormat.power10(Int($0)))) }
            }
        }
        let valueLow = scale.inverse(low), valueHigh = scale.inverse(high)
        guard valueLow.isFinite, valueHigh.isFinite, valueHigh > valueLow else { return [] }
        let (values, step) = Ticks.linear(valueLow...valueHigh, maxCount: maxCount)
        let labels = NumberFormat.ticks(values, step: step)
        return zip(values, labels).compactMap { value, label in fraction(of: value).map { ($0, label) } }
    }
}
