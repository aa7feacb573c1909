import Randomness
import LinearAlgebra

/// The project's seeded generator, so every test draws the same numbers on every run.
struct TestRandom: RandomNumberGenerator {
    private var generator: SeededGenerator

    init(seed: UInt64) { generator = SeededGenerator(seed: seed) }

    mutating func next() -> UInt64 { generator.next() }

    /// Uniform in [low, high).
    mutating func uniform(_ low: Double, _ high: Double) -> Double { generator.uniform(low, high) }

    /// A rows × columns matrix with elements uniform in [-1, 1).
    mutating func matrix<Scalar: NNScalar>(_ rows: Int, _ columns: Int, of: Scalar.Type = Scalar.self) -> Matrix<Scalar> {
        Matrix(rows: rows, columns: columns, elements: (0..<(rows * columns)).map { _ in Scalar(uniform(-1, 1)) })
    }
}

extension Matrix {
    /// The matrix with every element replaced by its absolute value (for rounding-error bounds).
    var absolute: Matrix { map { Swift.abs($0) } }
}
