import Activations
import LinearAlgebra
import NeuralNetwork
import Randomness
@testable import Landscape

/// Seeded test data.
struct Draw {
    var rng: SeededGenerator
    init(_ seed: UInt64) { rng = SeededGenerator(seed: seed) }
    mutating func matrix(_ rows: Int, _ columns: Int, _ scale: Double = 1) -> Matrix<Double> {
        Matrix(rows: rows, columns: columns, elements: (0..<(rows * columns)).map { _ in scale * rng.normal() })
    }
}

/// A network without hidden layers: one affine layer into the loss.
func affineNetwork(weights: Matrix<Double>, bias: [Double], loss: Loss) -> Network<Double> {
    Network(layers: [Layer(unit: .activation(Activation(.identity)), weights: weights, bias: bias)], loss: loss)
}

/// The eigenvalues of an explicit symmetric matrix, sorted (Jacobi: independent of Lanczos and HVPs).
func eigenvalues(_ h: [[Double]]) -> [Double] { SymmetricEigen(h).values.sorted() }

func relativeError(_ a: Double, _ b: Double, scale: Double) -> Double { abs(a - b) / scale }
