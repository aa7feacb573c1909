/// A dense, row-major matrix of `Float` or `Double`.
///
/// Storage may be larger than `rows × columns`: `reshape(rows:columns:)` reuses it, so a buffer sized
/// once for the largest mini-batch serves the smaller last batch without a new allocation. Only the
/// first `count` elements are the matrix; equality and every operation look at those alone.
public struct Matrix<Scalar: NNScalar>: Sendable {
    public private(set) var rows: Int
    public private(set) var columns: Int
    /// Row-major elements; element (r, c) is `storage[r * columns + c]`. May hold spare capacity.
    public var storage: [Scalar]

    public var count: Int { rows * columns }
    public var shape: (rows: Int, columns: Int) { (rows, columns) }

    @_specialize(exported: true, where Scalar == Float)
    @_specialize(exported: true, where Scalar == Double)
    public init(rows: Int, columns: Int, repeating value: Scalar = 0) {
        precondition(rows >= 0 && columns >= 0, "matrix dimensions must not be negative")
        self.rows = rows
        self.columns = columns
        storage = Array(repeating: value, count: rows * columns)
    }

    /// A matrix from row-major elements; `elements.count` must be `rows × columns`.
    public init(rows: Int, columns: Int, elements: [Scalar]) {
        precondition(elements.count == rows * columns, "expected \(rows * columns) elements, got \(elements.count)")
        self.rows = rows
        self.columns = columns
        storage = elements
    }

    /// A matrix from an array of equally long rows.
    public init(_ rowArrays: [[Scalar]]) {
        let columns = rowArrays.first?.count ?? 0
        precondition(rowArrays.allSatisfy { $0.count == columns }, "rows must have equal length")
        self.init(rows: rowArrays.count, columns: columns, elements: rowArrays.flatMap { $0 })
    }

    @inlinable
    public subscript(row: Int, column: Int) -> Scalar {
        get { storage[row * columns + column] }
        set { storage[row * columns + column] = newValue }
    }

    /// The live elements, row-major.
    public var elements: ArraySlice<Scalar> { storage[0..<count] }

    /// Row `r` as an array (allocates; for tests and display).
    public func row(_ r: Int) -> [Scalar] { Array(storage[(r * columns)..<((r + 1) * columns)]) }

    /// Changes the shape, keeping storage when it is large enough (contents are then unspecified).
    /// Specialised: the training step calls it for every layer (unspecialised, each call looked up
    /// the array's type metadata).
    @_specialize(exported: true, where Scalar == Float)
    @_specialize(exported: true, where Scalar == Double)
    public mutating func reshape(rows: Int, columns: Int) {
        precondition(rows >= 0 && columns >= 0, "matrix dimensions must not be negative")
        if rows * columns > storage.count {
            storage.append(contentsOf: repeatElement(0, count: rows * columns - storage.count))
        }
        self.rows = rows
        self.columns = columns
    }

    /// The transpose, as a new matrix.
    public var transposed: Matrix {
        var t = Matrix(rows: columns, columns: rows)
        for r in 0..<rows {
            for c in 0..<columns { t[c, r] = self[r, c] }
        }
        return t
    }

    /// The same values in another precision.
    public func converted<Other: NNScalar>(to: Other.Type = Other.self) -> Matrix<Other> {
        Matrix<Other>(rows: rows, columns: columns, elements: elements.map { Other($0) })
    }
}

extension Matrix: Equatable {
    public static func == (lhs: Matrix, rhs: Matrix) -> Bool {
        lhs.rows == rhs.rows && lhs.columns == rhs.columns && lhs.elements == rhs.elements
    }
}

extension Matrix: CustomStringConvertible {
    public var description: String {
        let body = (0..<rows).map { r in row(r).map { "\($0)" }.joined(separator: " ") }
        return "Matrix \(rows)x\(columns)\n" + body.joined(separator: "\n")
    }
}
