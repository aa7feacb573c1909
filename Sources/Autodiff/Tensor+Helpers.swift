import LinearAlgebra
import RealModule

/// The few tensor helpers the derivative rules share.
extension Matrix where Scalar == Double {
    static func scalar(_ x: Double) -> Tensor { Tensor(rows: 1, columns: 1, repeating: x) }
    static func zeros(like t: Tensor) -> Tensor { Tensor(rows: t.rows, columns: t.columns) }

    /// Sum of all elements.
    var sum: Double { elements.reduce(0, +) }

    /// A same-shaped tensor with f(row, column, element).
    func mapIndexed(_ f: (Int, Int, Double) -> Double) -> Tensor {
        var out = self
        for r in 0..<rows {
            for c in 0..<columns { out[r, c] = f(r, c, self[r, c]) }
        }
        return out
    }

    /// Collapses a gradient back to `shape`'s shape: summed when `shape` is a broadcast 1×1.
    func reduced(to shape: Tensor) -> Tensor {
        if shape.rows == rows && shape.columns == columns { return self }
        precondition(shape.count == 1, "cannot reduce \(rows)x\(columns) to \(shape.rows)x\(shape.columns)")
        return .scalar(sum)
    }
}

/// f applied element-wise to equally shaped tensors, or with a 1×1 side broadcast.
func broadcast(_ a: Tensor, _ b: Tensor, _ f: (Double, Double) -> Double) -> Tensor {
    if a.rows == b.rows && a.columns == b.columns { return a.mapIndexed { r, c, x in f(x, b[r, c]) } }
    if b.count == 1 { return a.map { f($0, b[0, 0]) } }
    precondition(a.count == 1, "element-wise op: shapes \(a.rows)x\(a.columns) and \(b.rows)x\(b.columns) differ")
    return b.map { f(a[0, 0], $0) }
}

/// log Σ_j e^{row_j} without overflow.
func logSumExp(_ t: Tensor, row r: Int) -> Double {
    let top = t.row(r).max() ?? 0
    return top + .log(t.row(r).reduce(0) { $0 + .exp($1 - top) })
}
