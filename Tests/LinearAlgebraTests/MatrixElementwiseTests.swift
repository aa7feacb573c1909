import LinearAlgebra
import Testing

@Suite("Matrix element-wise operations")
struct MatrixElementwiseTests {
    /// A 2 × 3 matrix whose storage has spare room filled with NaN, as after shrinking a batch buffer.
    func shrunkWithPoisonedSpare() -> Matrix<Double> {
        var m = Matrix<Double>(rows: 4, columns: 3, repeating: .nan)
        m.reshape(rows: 2, columns: 3)
        for (i, v) in [1.0, -2, 3, 4, 5, -6].enumerated() { m.storage[i] = v }
        return m
    }

    @Test("construction, subscripts, rows and the transpose")
    func basics() {
        var m = Matrix<Float>([[1, 2, 3], [4, 5, 6]])
        #expect(m.rows == 2 && m.columns == 3 && m.count == 6)
        #expect(m.shape == (rows: 2, columns: 3))
        #expect(m[1, 0] == 4 && m.storage[1 * 3 + 0] == 4)
        m[0, 2] = 9
        #expect(m.row(0) == [1, 2, 9] && m.row(1) == [4, 5, 6])
        #expect(m.transposed == Matrix([[1, 4], [2, 5], [9, 6]]))
        #expect(m.transposed.transposed == m)
        #expect(Matrix<Float>(rows: 2, columns: 2, repeating: 7).elements.allSatisfy { $0 == 7 })
        #expect(Matrix<Double>([]).count == 0)
        #expect(m.converted(to: Double.self) == Matrix<Double>([[1, 2, 9], [4, 5, 6]]))
        #expect(m.description == "Matrix 2x3\n1.0 2.0 9.0\n4.0 5.0 6.0")
    }

    @Test("addToEachRow broadcasts the bias over the rows")
    func addToEachRow() {
        var m = Matrix<Double>([[1, 2, 3], [4, 5, 6]])
        m.addToEachRow([10, 20, 30])
        #expect(m == Matrix([[11, 22, 33], [14, 25, 36]]))

        var shrunk = shrunkWithPoisonedSpare()
        shrunk.addToEachRow([1, 1, 1])
        #expect(shrunk == Matrix([[2, -1, 4], [5, 6, -5]]))
        #expect(shrunk.storage[6...].allSatisfy { $0.isNaN })  // the spare room is not touched

        var noColumns = Matrix<Double>(rows: 3, columns: 0)
        noColumns.addToEachRow([])
        #expect(noColumns.count == 0)
    }

    @Test("columnSums adds up each column, scaled, overwriting the result")
    func columnSums() {
        let m = Matrix<Double>([[1, 2, 3], [4, 5, 6], [-1, 0, 1]])
        #expect(m.columnSums() == [4, 7, 10])
        var out: [Double] = [100, 100, 100]
        m.columnSums(into: &out, scale: 0.5)
        #expect(out == [2, 3.5, 5])
        #expect(shrunkWithPoisonedSpare().columnSums() == [5, 3, -3])
        #expect(Matrix<Float>(rows: 0, columns: 4).columnSums() == [0, 0, 0, 0])
    }

    @Test("multiplyElementwise is the Hadamard product")
    func hadamard() {
        var m = Matrix<Float>([[1, 2], [3, 4]])
        m.multiplyElementwise(by: Matrix([[2, 0], [-1, 0.5]]))
        #expect(m == Matrix([[2, 0], [-3, 2]]))

        var shrunk = shrunkWithPoisonedSpare()
        shrunk.multiplyElementwise(by: Matrix([[1, 1, 1], [2, 2, 2]]))
        #expect(shrunk == Matrix([[1, -2, 3], [8, 10, -12]]))
    }

    @Test("add(scaledBy:), scale, fill, apply and map")
    func axpyAndScaling() {
        var m = Matrix<Double>([[1, 2], [3, 4]])
        m.add(Matrix([[1, 1], [1, 1]]))
        #expect(m == Matrix([[2, 3], [4, 5]]))
        m.add(Matrix([[2, 4], [6, 8]]), scaledBy: -0.5)
        #expect(m == Matrix([[1, 1], [1, 1]]))
        m.scale(by: 3)
        #expect(m == Matrix([[3, 3], [3, 3]]))
        m.fill(with: -1)
        #expect(m == Matrix([[-1, -1], [-1, -1]]))
        m.apply { $0 * 2 + 5 }
        #expect(m == Matrix([[3, 3], [3, 3]]))
        #expect(m.map { $0 * $0 } == Matrix([[9, 9], [9, 9]]))
        #expect(m == Matrix([[3, 3], [3, 3]]))  // map leaves the original alone

        var shrunk = shrunkWithPoisonedSpare()
        shrunk.scale(by: 2)
        shrunk.add(shrunkWithPoisonedSpare(), scaledBy: -1)
        #expect(shrunk == shrunkWithPoisonedSpare())
    }

    @Test("sumOfSquares and frobeniusNorm look at the live elements only")
    func norms() {
        #expect(Matrix<Double>([[3, 4]]).frobeniusNorm == 5)
        #expect(Matrix<Float>([[1, 2], [2, 4]]).frobeniusNorm == 5)
        #expect(Matrix<Double>([[1, -2], [3, 0]]).sumOfSquares == 14)
        #expect(shrunkWithPoisonedSpare().sumOfSquares == 91)
        #expect(Matrix<Double>(rows: 0, columns: 3).frobeniusNorm == 0)
    }

    @Test("allFinite catches NaN and both infinities, but not the spare storage")
    func allFinite() {
        #expect(Matrix<Float>([[1, 2], [3, 4]]).allFinite)
        for bad in [Float.nan, .infinity, -.infinity] {
            #expect(!Matrix<Float>([[1, 2], [bad, 4]]).allFinite)
        }
        #expect(shrunkWithPoisonedSpare().allFinite)
        #expect(Matrix<Double>(rows: 0, columns: 0).allFinite)
    }

    @Test("reshape keeps the storage when shrinking and grows it when needed")
    func reshape() {
        var m = Matrix<Float>(rows: 4, columns: 5, repeating: 1)
        m.reshape(rows: 2, columns: 3)
        #expect(m.rows == 2 && m.columns == 3 && m.count == 6)
        #expect(m.storage.count == 20)
        #expect(m.elements.count == 6)
        m.reshape(rows: 3, columns: 5)
        #expect(m.storage.count == 20)
        m.reshape(rows: 5, columns: 5)
        #expect(m.storage.count == 25 && m.count == 25)
        m.reshape(rows: 0, columns: 7)
        #expect(m.count == 0 && m.storage.count == 25)
    }

    @Test("equality and maxAbsoluteDifference ignore the spare storage")
    func equalityIgnoresSpare() {
        let shrunk = shrunkWithPoisonedSpare()
        let plain = Matrix<Double>([[1, -2, 3], [4, 5, -6]])
        #expect(shrunk == plain)
        #expect(shrunk.maxAbsoluteDifference(to: plain) == 0)
        #expect(plain != Matrix<Double>([[1, -2], [3, 4], [5, -6]]))  // same elements, other shape
        var changed = plain
        changed[1, 2] = -6.5
        #expect(changed != plain)
        #expect(changed.maxAbsoluteDifference(to: plain) == 0.5)
    }
}
