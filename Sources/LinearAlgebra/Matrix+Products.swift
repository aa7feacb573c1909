/// Matrix products: C ← α·op(A)·op(B) + β·C, where op is the identity or the transpose.
///
/// Products large enough to repay a library call go to BLAS; tiny ones (a single example through
/// layers of a few units) run in a straight Swift loop, which is also the fallback without BLAS.
extension Matrix {
    /// Below this many multiply-adds a product runs in Swift: BLAS's call overhead (20 to 90 ns) is
    /// larger than the work. Measured crossover with OpenBLAS 0.3.21 (SkylakeX, Haswell and Prescott
    /// kernels alike): 128 to 256 multiply-adds; from 8×8×8 on BLAS is 2 to 6 times faster.
    public static var blasThreshold: Int { 256 }

    /// C ← α·op(A)·op(B) + β·C, reusing C's storage (C is reshaped to the product's shape).
    @inlinable
    public static func multiply(
        _ a: Matrix, transposed transposeA: Bool = false,
        _ b: Matrix, transposed transposeB: Bool = false,
        into c: inout Matrix, alpha: Scalar = 1, beta: Scalar = 0
    ) {
        let m = transposeA ? a.columns : a.rows
        let k = transposeA ? a.rows : a.columns
        let kb = transposeB ? b.columns : b.rows
        let n = transposeB ? b.rows : b.columns
        precondition(k == kb, "matrix product: inner dimensions \(k) and \(kb) differ")
        if c.rows != m || c.columns != n {
            precondition(beta == 0, "matrix product: accumulating into a matrix of the wrong shape")
            c.reshape(rows: m, columns: n)
        }
        if m == 0 || n == 0 { return }
        a.storage.withUnsafeBufferPointer { pa in
            b.storage.withUnsafeBufferPointer { pb in
                c.storage.withUnsafeMutableBufferPointer { pc in
                    let useBLAS = m * n * k >= blasThreshold && k > 0
                    if useBLAS, Scalar.blasGEMM(
                        transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k,
                        alpha: alpha, a: pa.baseAddress!, lda: max(a.columns, 1),
                        b: pb.baseAddress!, ldb: max(b.columns, 1),
                        beta: beta, c: pc.baseAddress!, ldc: n) {
                        return
                    }
                    swiftGEMM(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k,
                              alpha: alpha, a: pa, lda: a.columns, b: pb, ldb: b.columns,
                              beta: beta, c: pc, ldc: n)
                }
            }
        }
    }

    /// op(A)·op(B) as a new matrix.
    @inlinable
    public static func product(_ a: Matrix, transposed transposeA: Bool = false,
                               _ b: Matrix, transposed transposeB: Bool = false) -> Matrix {
        var c = Matrix(rows: 0, columns: 0)
        multiply(a, transposed: transposeA, b, transposed: transposeB, into: &c)
        return c
    }

    /// The portable kernel: loops ordered so the innermost one runs along contiguous rows.
    @inlinable
    static func swiftGEMM(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
        alpha: Scalar, a: UnsafeBufferPointer<Scalar>, lda: Int,
        b: UnsafeBufferPointer<Scalar>, ldb: Int,
        beta: Scalar, c: UnsafeMutableBufferPointer<Scalar>, ldc: Int
    ) {
        for i in 0..<m {
            let cRow = c.baseAddress! + i * ldc
            if beta == 0 {
                for j in 0..<n { cRow[j] = 0 }
            } else if beta != 1 {
                for j in 0..<n { cRow[j] *= beta }
            }
            if !transposeB {
                for p in 0..<k {
                    let aip = alpha * (transposeA ? a[p * lda + i] : a[i * lda + p])
                    if aip == 0 { continue }
                    let bRow = b.baseAddress! + p * ldb
                    for j in 0..<n { cRow[j] += aip * bRow[j] }
                }
            } else {
                for j in 0..<n {
                    let bRow = b.baseAddress! + j * ldb
                    var sum: Scalar = 0
                    if transposeA {
                        for p in 0..<k { sum += a[p * lda + i] * bRow[p] }
                    } else {
                        let aRow = a.baseAddress! + i * lda
                        for p in 0..<k { sum += aRow[p] * bRow[p] }
                    }
                    cRow[j] += alpha * sum
                }
            }
        }
    }

    /// A deliberately naive triple loop, the reference the tests compare every product with.
    public static func referenceProduct(_ a: Matrix, transposed transposeA: Bool = false,
                                        _ b: Matrix, transposed transposeB: Bool = false) -> Matrix {
        let opA = transposeA ? a.transposed : a
        let opB = transposeB ? b.transposed : b
        precondition(opA.columns == opB.rows)
        var c = Matrix(rows: opA.rows, columns: opB.columns)
        for i in 0..<opA.rows {
            for j in 0..<opB.columns {
                var s: Scalar = 0
                for p in 0..<opA.columns { s += opA[i, p] * opB[p, j] }
                c[i, j] = s
            }
        }
        return c
    }
}
