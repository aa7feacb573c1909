import LinearAlgebra

/// SplitMix64: a tiny seeded generator so every test draws the same numbers on every run.
struct TestRandom: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [low, high).
    mutating func uniform(_ low: Double, _ high: Double) -> Double {
        low + (high - low) * Double(next() >> 11) * 0x1.0p-53
    }

    /// A rows × columns matrix with elements uniform in [-1, 1).
    mutating func matrix<Scalar: NNScalar>(_ rows: Int, _ columns: Int, of: Scalar.Type = Scalar.self) -> Matrix<Scalar> {
        Matrix(rows: rows, columns: columns, elements: (0..<(rows * columns)).map { _ in Scalar(uniform(-1, 1)) })
    }
}

extension Matrix {
    /// The matrix with every element replaced by its absolute value (for rounding-error bounds).
    var absolute: Matrix { map { Swift.abs($0) } }
}
