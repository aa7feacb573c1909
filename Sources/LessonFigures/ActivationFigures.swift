import Activations

/// A curve sampled at evenly spaced x: the numbers behind one line of a drawing.
public struct SampledCurve: Sendable, Equatable {
    /// What the curve is ("tanh(x)", "β=0.1").
    public var label: String
    public var xs: [Double]
    public var ys: [Double]

    public init(label: String, xs: [Double], ys: [Double]) {
        self.label = label
        self.xs = xs
        self.ys = ys
    }

    /// `count` evenly spaced values over `range` (both ends included; at least 2).
    public static func grid(_ range: ClosedRange<Double>, count: Int) -> [Double] {
        let n = max(2, count)
        return (0..<n).map { range.lowerBound + (range.upperBound - range.lowerBound) * Double($0) / Double(n - 1) }
    }

    /// The curve of `function` over `xs`.
    public init(label: String, xs: [Double], _ function: (Double) -> Double) {
        self.init(label: label, xs: xs, ys: xs.map(function))
    }

    /// The largest |difference| from `other` at the same xs.
    public func largestGap(to other: SampledCurve) -> Double {
        zip(ys, other.ys).map { abs($0 - $1) }.max() ?? 0
    }
}

/// tanh(x) = 2σ(2x) − 1, drawn on top of each other with σ(x) for reference: all three evaluated
/// by the activation functions the network trains with.
public struct TanhIdentityFigure: Sendable, Equatable {
    public static let range: ClosedRange<Double> = -4...4
    public var logistic: SampledCurve
    public var tanh: SampledCurve
    /// 2σ(2x) − 1 from the logistic function.
    public var stretchedLogistic: SampledCurve

    public init(samples: Int = 161) {
        let xs = SampledCurve.grid(Self.range, count: samples)
        let sigma = Activation(.logistic), tanh = Activation(.tanh)
        logistic = SampledCurve(label: "σ(x)", xs: xs) { sigma.value($0) }
        self.tanh = SampledCurve(label: "tanh(x)", xs: xs) { tanh.value($0) }
        stretchedLogistic = SampledCurve(label: "2σ(2x)-1", xs: xs) { 2 * sigma.value(2 * $0) - 1 }
    }

    /// max |tanh(x) − (2σ(2x) − 1)| over the samples: rounding only.
    public var largestGap: Double { tanh.largestGap(to: stretchedLogistic) }
}

/// swish(x) = x·σ(βx) for β from near-linear to ReLU-like, with x/2 and ReLU, the two limits.
public struct SwishSweepFigure: Sendable, Equatable {
    public static let range: ClosedRange<Double> = -4...4
    public static let betas: [Double] = [0.01, 1, 10]
    /// One curve per β, in `betas` order.
    public var curves: [SampledCurve]
    /// x/2 (β → 0) and max(0, x) (β → ∞).
    public var halfLine: SampledCurve
    public var relu: SampledCurve

    public init(samples: Int = 161) {
        let xs = SampledCurve.grid(Self.range, count: samples)
        curves = Self.betas.map { beta in
            let swish = Activation(.swish, parameter: beta, learnable: false)
            return SampledCurve(label: "β=\(Self.betaText(beta))", xs: xs) { swish.value($0) }
        }
        halfLine = SampledCurve(label: "x/2", xs: xs) { $0 / 2 }
        let relu = Activation(.relu)
        self.relu = SampledCurve(label: "relu", xs: xs) { relu.value($0) }
    }

    /// "0.1", "1", "10".
    static func betaText(_ beta: Double) -> String {
        beta == beta.rounded() ? String(Int(beta)) : String(beta)
    }

    /// How far the smallest β's curve is from x/2, and the largest β's from ReLU.
    public var gapToHalfLine: Double { curves.first.map { $0.largestGap(to: halfLine) } ?? .infinity }
    public var gapToReLU: Double { curves.last.map { $0.largestGap(to: relu) } ?? .infinity }
}
