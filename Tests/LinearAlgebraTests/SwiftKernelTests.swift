import LinearAlgebra
import Testing

@Suite("Our GEMM kernel agrees with the naive triple loop")
struct SwiftKernelTests {
    /// Shapes below `Matrix.blasThreshold` (our kernel, `VectorKernels`) with column remainders of
    /// its 32- and 16-wide blocks and every row remainder of the 4-row blocks.
    static let shapes: [(m: Int, k: Int, n: Int)] = [
        (1, 1, 1), (3, 2, 3), (10, 2, 16), (10, 16, 16), (10, 16, 3), (7, 5, 29), (5, 13, 31), (4, 9, 10),
        (2, 17, 24), (32, 2, 32), (6, 3, 1),
    ]

    func matrix(_ rows: Int, _ columns: Int, seed: Int) -> Matrix<Float> {
        Matrix(rows: rows, columns: columns, elements: (0..<(rows * columns)).map { Float(($0 * 7 + seed) % 19 - 9) / 8 })
    }

    @Test("every transpose combination, with α and β", arguments: [(false, false), (true, false), (false, true), (true, true)])
    func products(transposes: (Bool, Bool)) {
        let (ta, tb) = transposes
        for (m, k, n) in SwiftKernelTests.shapes {
            let a = ta ? matrix(k, m, seed: 1) : matrix(m, k, seed: 1)
            let b = tb ? matrix(n, k, seed: 2) : matrix(k, n, seed: 2)
            let start = matrix(m, n, seed: 3)
            var c = start
            Matrix.multiply(a, transposed: ta, b, transposed: tb, into: &c, alpha: 0.5, beta: 2)
            let reference = Matrix.referenceProduct(a, transposed: ta, b, transposed: tb)
            var expected = start
            expected.scale(by: 2)
            expected.add(reference, scaledBy: 0.5)
            #expect(c.maxAbsoluteDifference(to: expected) < 1e-4, "\(m)x\(k)x\(n) transposes \(ta) \(tb)")
            var fresh = Matrix<Float>(rows: 0, columns: 0)
            Matrix.multiply(a, transposed: ta, b, transposed: tb, into: &fresh)
            #expect(fresh.maxAbsoluteDifference(to: reference) < 1e-4, "\(m)x\(k)x\(n) transposes \(ta) \(tb), β = 0")
        }
    }
}
