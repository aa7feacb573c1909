import LinearAlgebra
import VectorKernels

/// Percentiles of one layer's pre-activations z, activations a = f(z) and weight gradient ∂L/∂W
/// at the end of an epoch, TensorBoard-style: the distribution charts draw them as bands moving
/// over the epochs. Sampled from the epoch's last mini-batch (z and a: its examples × units;
/// ∂L/∂W: that batch's gradient, every entry), at most `sampleLimit` evenly strided values each,
/// non-finite values left out. Rounded to `significantDigits` significant digits: they are drawn,
/// not computed with, and the session files stay small.
public struct LayerDistributions: Sendable, Equatable, Codable {
    /// The percentile levels, in per cent: 0 (the minimum), 10, 25, 50 (the median), 75, 90, 100.
    public static let levels: [Double] = [0, 10, 25, 50, 75, 90, 100]
    /// Most values sampled per quantity.
    public static let sampleLimit = 128
    public static let significantDigits = 4

    /// One value per level, or empty when nothing finite was sampled.
    public var z: [Double]
    /// For the output layer a is its z (the scores).
    public var a: [Double]
    public var gradient: [Double]

    public init(z: [Double], a: [Double], gradient: [Double]) {
        self.z = z
        self.a = a
        self.gradient = gradient
    }

    /// Percentiles (nearest rank on the sorted sample: level p takes element round(p/100·(n−1)))
    /// of up to `sampleLimit` finite values strided evenly over `values[0..<count]`, using
    /// `scratch` (at least `sampleLimit` long) for the sample; no allocation but the result. Each
    /// percentile is found by counting (`nn_order_statistics` in single precision), not by sorting.
    public static func percentiles<Scalar: NNScalar>(of values: UnsafeBufferPointer<Scalar>, count: Int,
                                                      scratch: UnsafeMutableBufferPointer<Scalar>) -> [Double] {
        let count = min(count, values.count)
        guard count > 0, scratch.count > 0 else { return [] }
        let limit = min(sampleLimit, scratch.count)
        let stride = (count + limit - 1) / limit
        var m = 0
        var i = 0
        while i < count && m < limit {
            let v = values[i]
            if v.isFinite {
                scratch[m] = v
                m += 1
            }
            i += stride
        }
        guard m > 0 else { return [] }
        var result = [Double](repeating: 0, count: levels.count)
        withUnsafeTemporaryAllocation(of: Int.self, capacity: levels.count) { wanted in
            for (l, level) in levels.enumerated() { wanted[l] = Int((level / 100 * Double(m - 1)).rounded()) }
            if Scalar.self == Float.self {
                withUnsafeTemporaryAllocation(of: Float.self, capacity: levels.count) { chosen in
                    nn_order_statistics(UnsafeRawPointer(scratch.baseAddress!).assumingMemoryBound(to: Float.self), m,
                                        wanted.baseAddress!, levels.count, chosen.baseAddress!)
                    for l in 0..<levels.count { result[l] = rounded(Double(chosen[l])) }
                }
            } else {
                for i in 0..<m {
                    let x = scratch[i]
                    var position = 0
                    for j in 0..<m where scratch[j] < x { position += 1 }
                    for j in 0..<i where scratch[j] == x { position += 1 }
                    for l in 0..<levels.count where wanted[l] == position { result[l] = rounded(Double(x)) }
                }
            }
        }
        return result
    }

    /// `x` to `significantDigits` significant digits, as the shortest decimal of that many digits
    /// (a power of ten times an integer: the double nearest to the decimal, so it prints as it).
    public static func rounded(_ x: Double) -> Double {
        guard x.isFinite, x != 0 else { return x }
        let exponent = significantDigits - 1 - decimalExponent(abs(x))
        if exponent >= 0 {
            guard exponent <= 22 else { return x }
            let scale = pow10(exponent)
            return (x * scale).rounded() / scale
        }
        guard -exponent <= 22 else { return x }
        let scale = pow10(-exponent)
        return (x / scale).rounded() * scale
    }

    /// ⌊log₁₀ x⌋ for a finite x > 0, by repeated scaling (exact at powers of ten).
    static func decimalExponent(_ x: Double) -> Int {
        var e = 0
        var y = x
        while y >= 10 && e < 400 { y /= 10; e += 1 }
        while y < 1 && e > -400 { y *= 10; e -= 1 }
        return e
    }

    static func pow10(_ n: Int) -> Double {
        var result = 1.0
        for _ in 0..<n { result *= 10 }
        return result
    }
}
