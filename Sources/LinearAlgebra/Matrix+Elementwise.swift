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
            var total: Scalar = 0
            for i in 0..<n { total += s[i] * s[i] }
            return total
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
            for i in 0..<n where !s[i].isFinite { return false }
            return true
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
