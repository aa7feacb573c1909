import LinearAlgebra
import Testing
import VectorKernels

/// A product shape: op(A) is m × k, op(B) is k × n.
struct ProductShape: Sendable, CustomTestStringConvertible {
    let m: Int, k: Int, n: Int
    init(_ m: Int, _ k: Int, _ n: Int) { (self.m, self.k, self.n) = (m, k, n) }
    var multiplyAdds: Int { m * k * n }
    var testDescription: String { "\(m)x\(k)x\(n)" }
}

/// Shapes on both sides of `Matrix.blasThreshold`, including vectors, non-square and empty products.
let productShapes: [ProductShape] = [
    // Our kernel (VectorKernels, below 2²⁰ multiply-adds): tiny products.
    .init(1, 1, 1), .init(1, 7, 1), .init(1, 9, 5), .init(6, 9, 1), .init(5, 1, 4), .init(2, 3, 4),
    .init(7, 5, 3), .init(4, 8, 7), .init(1, 250, 1), .init(50, 1, 5), .init(3, 2, 40),
    // Empty: no rows, no columns, or an empty inner dimension.
    .init(0, 5, 3), .init(3, 5, 0), .init(4, 0, 3), .init(0, 0, 0), .init(40, 0, 40),
    // One or two result columns: always our kernel (OpenBLAS 0.3.21 allocates on those), however large.
    .init(32, 32, 2), .init(33, 17, 2), .init(9, 40, 3), .init(130, 300, 1), .init(3, 64, 2),
    // Our kernel, the workloads' sizes: every column remainder of its 16- and 32-wide blocks.
    .init(4, 8, 8), .init(1, 300, 1), .init(10, 16, 16), .init(32, 32, 32), .init(40, 50, 30),
    .init(1, 1000, 64), .init(64, 1000, 1), .init(128, 1, 300), .init(65, 33, 70), .init(128, 100, 50),
    // BLAS (at or above the threshold).
    .init(128, 64, 128), .init(70, 300, 50),
]

let transposeCases: [(Bool, Bool)] = [(false, false), (true, false), (false, true), (true, true)]

/// The stored matrix whose op() is rows × columns.
func operand<Scalar: NNScalar>(_ rows: Int, _ columns: Int, transposed: Bool, _ random: inout TestRandom) -> Matrix<Scalar> {
    transposed ? random.matrix(columns, rows) : random.matrix(rows, columns)
}

/// Checks C = α·op(A)·op(B) + β·C₀ against the naive reference, element by element, within the
/// classical rounding bound 2(k+2)·ε·(|α|·|op(A)|·|op(B)| + |β|·|C₀|) (plus a few denormals of slack).
func checkProducts<Scalar: NNScalar>(_: Scalar.Type, shape: ProductShape, seed: UInt64) {
    var random = TestRandom(seed: seed)
    let scalings: [(alpha: Scalar, beta: Scalar)] = [(1, 0), (0.5, 0), (-1.5, 2), (2, 1), (1, -0.25), (0, 3)]
    for (transposeA, transposeB) in transposeCases {
        let a: Matrix<Scalar> = operand(shape.m, shape.k, transposed: transposeA, &random)
        let b: Matrix<Scalar> = operand(shape.k, shape.n, transposed: transposeB, &random)
        let reference = Matrix.referenceProduct(a, transposed: transposeA, b, transposed: transposeB)
        let magnitude = Matrix.referenceProduct(a.absolute, transposed: transposeA, b.absolute, transposed: transposeB)
        #expect(reference.rows == shape.m && reference.columns == shape.n)
        for (alpha, beta) in scalings {
            let initial: Matrix<Scalar> = random.matrix(shape.m, shape.n)
            var c = initial
            Matrix.multiply(a, transposed: transposeA, b, transposed: transposeB, into: &c, alpha: alpha, beta: beta)
            #expect(c.rows == shape.m && c.columns == shape.n)
            let epsilon = Scalar.ulpOfOne
            var worstExcess: Scalar = 0
            for i in 0..<shape.m {
                for j in 0..<shape.n {
                    let expected = alpha * reference[i, j] + beta * initial[i, j]
                    let bound = 2 * Scalar(shape.k + 2) * epsilon
                        * (Swift.abs(alpha) * magnitude[i, j] + Swift.abs(beta * initial[i, j]))
                        + 4 * Scalar.leastNormalMagnitude
                    worstExcess = Swift.max(worstExcess, Swift.abs(c[i, j] - expected) - bound)
                }
            }
            #expect(worstExcess <= 0, """
                \(Scalar.dtypeName) \(shape.testDescription) transposeA=\(transposeA) transposeB=\(transposeB) \
                alpha=\(alpha) beta=\(beta): exceeds the rounding bound by \(worstExcess)
                """)
            #expect(c.allFinite)
        }
    }
}

@Suite("Matrix products")
struct MatrixProductTests {
    @Test("the shapes exercise both kernels")
    func shapesCoverBothKernels() {
        #expect(productShapes.contains { $0.multiplyAdds > 0 && $0.multiplyAdds < Matrix<Float>.blasThreshold })
        #expect(productShapes.contains { $0.multiplyAdds >= Matrix<Float>.blasThreshold })
    }

    @Test("Float products match the reference", arguments: productShapes.indices)
    func floatProducts(index: Int) {
        checkProducts(Float.self, shape: productShapes[index], seed: 1000 + UInt64(index))
    }

    @Test("Double products match the reference", arguments: productShapes.indices)
    func doubleProducts(index: Int) {
        checkProducts(Double.self, shape: productShapes[index], seed: 2000 + UInt64(index))
    }

    @Test("random shapes in both precisions match the reference")
    func randomShapes() {
        var random = TestRandom(seed: 77)
        for trial in 0..<40 {
            let limit: UInt64 = trial < 20 ? 9 : 70  // tiny shapes straddle the threshold
        let shape = ProductShape(Int(random.next() % limit), Int(random.next() % limit), Int(random.next() % limit))
            checkProducts(Float.self, shape: shape, seed: 3000 + UInt64(trial))
            checkProducts(Double.self, shape: shape, seed: 4000 + UInt64(trial))
        }
    }

    @Test("a small known product, exactly")
    func knownProduct() {
        let a = Matrix<Double>([[1, 2, 3], [4, 5, 6]])
        let b = Matrix<Double>([[7, 8], [9, 10], [11, 12]])
        let expected = Matrix<Double>([[58, 64], [139, 154]])
        #expect(Matrix.product(a, b) == expected)
        #expect(Matrix.product(b, transposed: true, a, transposed: true) == expected.transposed)
        #expect(Matrix.product(a, transposed: true, a) == Matrix([[17, 22, 27], [22, 29, 36], [27, 36, 45]]))
        #expect(Matrix.product(a, transposed: false, a, transposed: true) == Matrix([[14, 32], [32, 77]]))
        #expect(Matrix.referenceProduct(a, b) == expected)
    }

    @Test("product equals multiply into an existing matrix", arguments: [(3, 4, 5), (40, 40, 40)])
    func productConvenience(shape: (Int, Int, Int)) {
        var random = TestRandom(seed: 5)
        let a: Matrix<Float> = random.matrix(shape.0, shape.1)
        let b: Matrix<Float> = random.matrix(shape.2, shape.1)
        var c = Matrix<Float>(rows: 1, columns: 1)
        Matrix.multiply(a, transposed: false, b, transposed: true, into: &c)
        #expect(Matrix.product(a, transposed: false, b, transposed: true) == c)
    }

    @Test("an empty inner dimension gives zeros, or β·C when accumulating", arguments: [Float(0), 1, -2])
    func emptyInnerDimension(beta: Float) {
        let a = Matrix<Float>(rows: 3, columns: 0)
        let b = Matrix<Float>(rows: 0, columns: 2)
        var c = Matrix<Float>([[1, 2], [3, 4], [5, 6]])
        Matrix.multiply(a, b, into: &c, alpha: 7, beta: beta)
        #expect(c == Matrix([[1, 2], [3, 4], [5, 6]]).map { $0 * beta })
    }

    @Test("β = 0 ignores whatever the output held, even NaN", arguments: [(4, 5, 6), (40, 40, 40)])
    func betaZeroIgnoresGarbage(shape: (Int, Int, Int)) {
        var random = TestRandom(seed: 11)
        let a: Matrix<Double> = random.matrix(shape.0, shape.1)
        let b: Matrix<Double> = random.matrix(shape.1, shape.2)
        var c = Matrix<Double>(rows: shape.0, columns: shape.2, repeating: .nan)
        Matrix.multiply(a, b, into: &c)
        #expect(c.allFinite)
        #expect(c.maxAbsoluteDifference(to: Matrix.referenceProduct(a, b)) < 1e-12)
    }

    @Test("the output's storage is reused, and shrinking keeps it", arguments: [false, true])
    func outputStorageReuse(large: Bool) {
        var random = TestRandom(seed: 21)
        let size = large ? 48 : 4
        var c = Matrix<Float>(rows: 1, columns: 1)

        // Grow: the output takes the product's shape.
        let a: Matrix<Float> = random.matrix(size, size + 3)
        let b: Matrix<Float> = random.matrix(size + 3, size + 1)
        Matrix.multiply(a, b, into: &c)
        #expect(c.rows == size && c.columns == size + 1)
        #expect(c.maxAbsoluteDifference(to: Matrix.referenceProduct(a, b)) < 1e-4)
        let capacity = c.storage.count
        #expect(capacity >= size * (size + 1))
        c.storage.withUnsafeMutableBufferPointer { buffer in
            for i in 0..<buffer.count { buffer[i] = .nan }  // poison: β = 0 must not read it
        }

        // Shrink: a smaller product (a smaller last mini-batch) reuses the same storage.
        let smallA: Matrix<Float> = random.matrix(size / 2, size + 3)
        Matrix.multiply(smallA, b, into: &c)
        #expect(c.rows == size / 2 && c.columns == size + 1)
        #expect(c.storage.count == capacity)
        #expect(c.allFinite)
        #expect(c.maxAbsoluteDifference(to: Matrix.referenceProduct(smallA, b)) < 1e-4)

        // Accumulate into the shrunk matrix: β·C uses the live elements only.
        let before = c
        Matrix.multiply(smallA, b, into: &c, alpha: 1, beta: 1)
        var twice = before
        twice.scale(by: 2)
        #expect(c.maxAbsoluteDifference(to: twice) < 1e-4)
        #expect(c.storage.count == capacity)

        // Grow again, beyond the original capacity.
        let bigA: Matrix<Float> = random.matrix(size * 2, size + 3)
        Matrix.multiply(bigA, b, into: &c)
        #expect(c.rows == size * 2 && c.storage.count >= c.count)
        #expect(c.maxAbsoluteDifference(to: Matrix.referenceProduct(bigA, b)) < 1e-4)
    }

    @Test("Float products at or above the threshold are our kernel's, in chunks: the bits of one unsplit call")
    func largeProductsInChunks() throws {
        var random = TestRandom(seed: 31)
        // 128 × 80 times (110 × 80)ᵀ: 1,126,400 multiply-adds, above the threshold.
        let a: Matrix<Float> = random.matrix(128, 80)
        let b: Matrix<Float> = random.matrix(110, 80)
        #expect(128 * 110 * 80 >= Matrix<Float>.chunkThreshold)
        var viaMultiply = Matrix<Float>(rows: 0, columns: 0)
        Matrix.multiply(a, transposed: false, b, transposed: true, into: &viaMultiply, alpha: 0.5)
        var direct = [Float](repeating: 0, count: 128 * 110)
        a.storage.withUnsafeBufferPointer { pa in
            b.storage.withUnsafeBufferPointer { pb in
                nn_sgemm(0, 1, 128, 110, 80, 0.5, pa.baseAddress!, 80, pb.baseAddress!, 80, 0, &direct, 110)
            }
        }
        #expect(Array(viaMultiply.elements) == direct)
    }

    @Test("multiplying a matrix by itself into itself is safe", arguments: [6, 40])
    func aliasedOperands(size: Int) {
        var random = TestRandom(seed: 41)
        var x: Matrix<Double> = random.matrix(size, size)
        let expected = Matrix.referenceProduct(x, x)
        Matrix.multiply(x, x, into: &x)
        #expect(x.maxAbsoluteDifference(to: expected) < 1e-12)
    }
}
