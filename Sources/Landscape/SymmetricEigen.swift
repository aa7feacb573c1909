/// Eigenvalues and eigenvectors of a small dense symmetric matrix, by cyclic Jacobi rotations
/// (accurate to rounding for well-separated and clustered eigenvalues alike; O(n³) per sweep, for
/// the Lanczos tridiagonal and the PCA Gram matrix, both at most a few hundred wide).
struct SymmetricEigen {
    /// Eigenvalues, unsorted.
    var values: [Double]
    /// Column k of `vectors` (vectors[i][k]) is the unit eigenvector of values[k].
    var vectors: [[Double]]

    init(_ matrix: [[Double]]) {
        let n = matrix.count
        var a = matrix
        var v = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
        for i in 0..<n { v[i][i] = 1 }
        for _ in 0..<100 {
            var off = 0.0, scale = 0.0
            for i in 0..<n {
                scale += a[i][i] * a[i][i]
                for j in 0..<n where j != i { off += a[i][j] * a[i][j] }
            }
            if off <= 1e-30 * max(scale, 1e-300) { break }
            for p in 0..<n {
                for q in (p + 1)..<n where a[p][q] != 0 {
                    // The rotation that zeroes a[p][q] (Golub & Van Loan, sym.schur2).
                    let tau = (a[q][q] - a[p][p]) / (2 * a[p][q])
                    let t = (tau >= 0 ? 1 : -1) / (Swift.abs(tau) + (1 + tau * tau).squareRoot())
                    let c = 1 / (1 + t * t).squareRoot(), s = t * c
                    for k in 0..<n {
                        let akp = a[k][p], akq = a[k][q]
                        a[k][p] = c * akp - s * akq
                        a[k][q] = s * akp + c * akq
                    }
                    for k in 0..<n {
                        let apk = a[p][k], aqk = a[q][k]
                        a[p][k] = c * apk - s * aqk
                        a[q][k] = s * apk + c * aqk
                    }
                    for k in 0..<n {
                        let vkp = v[k][p], vkq = v[k][q]
                        v[k][p] = c * vkp - s * vkq
                        v[k][q] = s * vkp + c * vkq
                    }
                }
            }
        }
        values = (0..<n).map { a[$0][$0] }
        vectors = v
    }
}
