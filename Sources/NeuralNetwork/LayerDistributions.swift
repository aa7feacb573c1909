import LinearAlgebra

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
    /// `scratch` (at least `sampleLimit` long) to sort; no allocation but the result.
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
        heapSort(scratch, count: m)
        return levels.map { level in
            let index = Int((level / 100 * Double(m - 1)).rounded())
            return rounded(Double(scratch[index]))
        }
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

    /// In-place ascending heap sort of `buffer[0..<count]` (no allocation, unlike `sort()`).
    static func heapSort<Scalar: NNScalar>(_ buffer: UnsafeMutableBufferPointer<Scalar>, count n: Int) {
        func siftDown(_ start: Int, _ end: Int) {
            var root = start
            while 2 * root + 1 < end {
                var child = 2 * root + 1
                if child + 1 < end && buffer[child] < buffer[child + 1] { child += 1 }
                guard buffer[root] < buffer[child] else { return }
                buffer.swapAt(root, child)
                root = child
            }
        }
        guard n > 1 else { return }
        for start in stride(from: n / 2 - 1, through: 0, by: -1) { siftDown(start, n) }
        for end in stride(from: n - 1, to: 0, by: -1) {
            buffer.swapAt(0, end)
            siftDown(0, end)
        }
    }
}

