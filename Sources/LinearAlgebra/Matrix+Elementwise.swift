import VectorKernels
/// The element-wise and reduction operations a fully connected network needs, all in place.
extension Matrix {
    /// Adds `vector` (length `columns`) to every row: the bias broadcast.
    @inlinable
    public mutating func addToEachRow(_ vector: [Scalar]) {
        precondition(vector.count == columns, "row broadcast: vector of \(vector.count) for \(columns) columns")
        let cols = columns, rowCount = rows
        storage.withUnsafeMutableBufferPointer { s in
            vector.withUnsafeBufferPointer { v in
                for r in 0..<rowCount {
                    let base = s.baseAddress! + r * cols
                    for c in 0..<cols { base[c] += v[c] }
                }
            }
        }
    }

    /// Sums each column into `result` (length `columns`), scaled by `scale`: the bias gradient.
    @inlinable
    public func columnSums(into result: inout [Scalar], scale: Scalar = 1) {
        precondition(result.count == columns, "column sums: result of \(result.count) for \(columns) columns")
        let cols = columns, rowCount = rows
        storage.withUnsafeBufferPointer { s in
            result.withUnsafeMutableBufferPointer { out in
                if Scalar.self == Float.self, cols > 0 {
                    // VectorKernels: the same sums (each column from +0 in order of the rows), in vectors.
                    nn_column_sums(UnsafeRawPointer(s.baseAddress!).assumingMemoryBound(to: Float.self), rowCount, cols,
                                   UnsafeMutableRawPointer(out.baseAddress!).assumingMemoryBound(to: Float.self))
                    if scale != 1 { for c in 0..<cols { out[c] *= scale } }
                    return
                }
                for c in 0..<cols { out[c] = 0 }
                for r in 0..<rowCount {
                    let base = s.baseAddress! + r * cols
                    for c in 0..<cols { out[c] += base[c] }
                }
                if scale != 1 { for c in 0..<cols { out[c] *= scale } }
            }
        }
    }

    /// Sums of each column, as a new array.
    public func columnSums() -> [Scalar] {
        var out = [Scalar](repeating: 0, count: columns)
        columnSums(into: &out)
        return out
    }

    /// Applies `transform` to every element.
    @inlinable
    public mutating func apply(_ transform: (Scalar) -> Scalar) {
        let n = count
        storage.withUnsafeMutableBufferPointer { s in
            for i in 0..<n { s[i] = transform(s[i]) }
        }
    }

    /// A new matrix with `transform` applied to every element.
    @inlinable
    public func map(_ transform: (Scalar) -> Scalar) -> Matrix {
        var out = self
        out.apply(transform)
        return out
    }

    /// Element-wise product with `other`, in place (the Hadamard product of backpropagation).
    @inlinable
    public mutating func multiplyElementwise(by other: Matrix) {
        precondition(rows == other.rows && columns == other.columns, "element-wise product: shapes differ")
        let n = count
        storage.withUnsafeMutableBufferPointer { s in
            other.storage.withUnsafeBufferPointer { o in
                for i in 0..<n { s[i] *= o[i] }
            }
        }
    }

    /// self ← self + α·other.
    @inlinable
    public mutating func add(_ other: Matrix, scaledBy alpha: Scalar = 1) {
        precondition(rows == other.rows && columns == other.columns, "matrix sum: shapes differ")
        let n = count
        storage.withUnsafeMutableBufferPointer { s in
            other.storage.withUnsafeBufferPointer { o in
                for i in 0..<n { s[i] += alpha * o[i] }
            }
        }
    }

    /// Multiplies every element by `factor`.
    @inlinable
    public mutating func scale(by factor: Scalar) {
        let n = count
        storage.withUnsafeMutableBufferPointer { s in
            for i in 0..<n { s[i] *= factor }
        }
    }

    /// Sets every element to `value`.
    @inlinable
    public mutating func fill(with value: Scalar) {
        let n = count
        storage.withUnsafeMutableBufferPointer { s in
            for i in 0..<n { s[i] = value }
        }
    }

    /// Sum of squares of the elements.
    @inlinable
    public var sumOfSquares: Scalar {
        let n = count
        return storage.withUnsafeBufferPointer { s in
            // Eight independent partial sums: the additions no longer wait for each other, and the
            // order is fixed, so the result is the same run to run.
            var p0: Scalar = 0, p1: Scalar = 0, p2: Scalar = 0, p3: Scalar = 0
            var p4: Scalar = 0, p5: Scalar = 0, p6: Scalar = 0, p7: Scalar = 0
            let base = s.baseAddress!
            var i = 0
            while i + 8 <= n {
                let x = base + i
                p0 += x[0] * x[0]; p1 += x[1] * x[1]; p2 += x[2] * x[2]; p3 += x[3] * x[3]
                p4 += x[4] * x[4]; p5 += x[5] * x[5]; p6 += x[6] * x[6]; p7 += x[7] * x[7]
                i += 8
            }
            while i < n {
                p0 += base[i] * base[i]
                i += 1
            }
            return ((p0 + p1) + (p2 + p3)) + ((p4 + p5) + (p6 + p7))
        }
    }

    /// The Frobenius norm √(Σ a²).
    @inlinable
    public var frobeniusNorm: Scalar { sumOfSquares.squareRoot() }

    /// True when every element is finite.
    @inlinable
    public var allFinite: Bool {
        let n = count
        return storage.withUnsafeBufferPointer { s in
            // Branch-free: an integer OR over the whole buffer vectorises; NaN fails `< ∞` too.
            var nonFinite: UInt8 = 0
            for i in 0..<n { nonFinite |= Swift.abs(s[i]) < .infinity ? 0 : 1 }
            return nonFinite == 0
        }
    }

    /// Largest |a − b| over the elements of two same-shaped matrices.
    public func maxAbsoluteDifference(to other: Matrix) -> Scalar {
        precondition(rows == other.rows && columns == other.columns, "shapes differ")
        var worst: Scalar = 0
        for (x, y) in zip(elements, other.elements) { worst = Swift.max(worst, Swift.abs(x - y)) }
        return worst
    }
}
