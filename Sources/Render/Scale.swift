/// How values map onto an axis.
public enum Scale: Hashable, Sendable {
    case linear
    /// Base-10 logarithm; non-positive values cannot be shown.
    case log10

    /// The value on the axis's internal linear coordinate (log10 for `.log10`); nil when it
    /// cannot be shown (NaN, infinite, non-positive on a log scale).
    public func transform(_ value: Double) -> Double? {
        guard value.isFinite else { return nil }
        switch self {
        case .linear: return value
        case .log10: return value > 0 ? Scale.log10(value) : nil
        }
    }

    /// The inverse of `transform`.
    public func inverse(_ coordinate: Double) -> Double {
        switch self {
        case .linear: return coordinate
        case .log10: return NumberFormat.power10(Int(coordinate.rounded(.down))) * Scale.exp10(coordinate - coordinate.rounded(.down))
        }
    }

    /// log10 using only the standard library (binary exponent plus a series for the mantissa).
    static func log10(_ value: Double) -> Double {
        guard value > 0, value.isFinite else { return value == 0 ? -.infinity : .nan }
        let exponent = Double(value.exponent)
        let mantissa = value.significand // in [1, 2)
        return (exponent + log2(mantissa)) * 0.301_029_995_663_981_2
    }

    /// log2 of a value in [1, 2) by the atanh series: ln(m) = 2 atanh((m-1)/(m+1)).
    private static func log2(_ m: Double) -> Double {
        let z = (m - 1) / (m + 1), z2 = z * z
        var term = z, sum = 0.0
        var n = 1.0
        while n < 60 {
            sum += term / n
            term *= z2
            n += 2
        }
        return 2 * sum * 1.442_695_040_888_963_4
    }

    /// 10^x for x in [0, 1) via e^(x ln 10) with a Taylor series.
    static func exp10(_ x: Double) -> Double {
        let y = x * 2.302_585_092_994_046
        var term = 1.0, sum = 1.0
        for n in 1..<40 {
            term *= y / Double(n)
            sum += term
        }
        return sum
    }
}

/// "Nice" axis ticks on 1-2-5 steps.
public enum Ticks {
    /// Up to about `maxCount` round values within `range`, with their step.
    public static func linear(_ range: ClosedRange<Double>, maxCount: Int) -> (values: [Double], step: Double) {
        let low = range.lowerBound, high = range.upperBound
        guard low.isFinite, high.isFinite, maxCount >= 1 else { return ([], 0) }
        let span = high / 2 - low / 2 // halves avoid overflow for ranges near the Double limit
        guard span > 0 else { return ([low], 0) }
        let step = niceStep(span * 2 / Double(maxCount))
        guard step.isFinite, step > 0 else { return ([low, high], 0) }
        let first = (low / step).rounded(.up)
        var values: [Double] = []
        var index = 0.0
        while values.count <= maxCount + 1 {
            let value = (first + index) * step
            if value > high * (1 + 1e-12) + (high == 0 ? step * 1e-9 : 0) || !value.isFinite { break }
            values.append(abs(value) < step * 1e-9 ? 0 : value)
            index += 1
        }
        return (values, step)
    }

    /// Powers of ten within `range`, where the range holds log10 coordinates; steps by whole
    /// decades so at most about `maxCount` ticks appear. Returns the log10 coordinates.
    public static func decades(_ range: ClosedRange<Double>, maxCount: Int) -> [Double] {
        let low = range.lowerBound.rounded(.up), high = range.upperBound.rounded(.down)
        guard low.isFinite, high.isFinite, high >= low, maxCount >= 1 else { return [] }
        func ticks(stride: Double) -> [Double] {
            var values: [Double] = []
            var value = (low / stride).rounded(.up) * stride
            while value <= high && values.count < 3 * maxCount + 2 {
                values.append(value)
                value += stride
            }
            return values
        }
        let rough = (high - low) / Double(maxCount)
        let values = ticks(stride: max(1, niceStep(rough)))
        // A coarse stride can leave a single tick; the next smaller 1-2-5 step gives at least two.
        return values.count >= 2 || rough <= 1 ? values : ticks(stride: max(1, niceStep(rough / 2.5)))
    }

    /// The 1, 2 or 5 times a power of ten nearest above `rough`.
    public static func niceStep(_ rough: Double) -> Double {
        guard rough.isFinite, rough > 0 else { return 0 }
        let exponent = NumberFormat.decimalExponent(rough)
        let base = NumberFormat.power10(exponent)
        let fraction = rough / base
        let nice: Double = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10
        return nice * base
    }
}
