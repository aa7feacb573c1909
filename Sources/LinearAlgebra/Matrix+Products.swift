import VectorKernels

/// Matrix products: C ← α·op(A)·op(B) + β·C, where op is the identity or the transpose.
///
/// Single-precision products run in `nn_sgemm` (VectorKernels: register-blocked, AVX-512/AVX2/
/// baseline chosen at start-up, the same bits at every width), from `chunkThreshold` multiply-adds
/// on in chunks on two cores (`multiplyInChunks`), so no Float result depends on the BLAS library.
/// Double-precision products (gradient checks, curvature) from `blasThreshold` on go to OpenBLAS;
/// smaller ones, and all of them without a BLAS, use a plain loop.
extension Matrix {
    /// From this many multiply-adds on, a Double product goes to OpenBLAS (its cache blocking and
    /// threads); so does a Float one, but only with `NNSCOPE_PRODUCT_THREADS=openblas`.
    public static var blasThreshold: Int { 1 << 20 }

    /// The `VectorKernels` variant in use: "avx512", "avx2" or "baseline".
    public static var kernelVariant: String { String(cString: nn_kernels().pointee.name) }

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
                    // OpenBLAS 0.3.21 calls malloc on every product with one or two result columns
                    // (a regression or two-class output layer); our kernel does not.
                    let useBLAS = m * n * k >= blasThreshold && k > 0 && n > 2
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
        // Allocated at its final size at once (growing a 0x0 matrix appends element by element).
        var c = Matrix(rows: transposeA ? a.columns : a.rows, columns: transposeB ? b.rows : b.columns)
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
        if Scalar.self == Float.self, m > 0, n > 0 {
            if Matrix<Float>.multiplyInChunks(
                transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: unsafeBitCast(alpha, to: Float.self),
                a: UnsafeRawPointer(a.baseAddress!).assumingMemoryBound(to: Float.self), lda: lda,
                b: UnsafeRawPointer(b.baseAddress!).assumingMemoryBound(to: Float.self), ldb: ldb,
                beta: unsafeBitCast(beta, to: Float.self),
                c: UnsafeMutableRawPointer(c.baseAddress!).assumingMemoryBound(to: Float.self), ldc: ldc) {
                return
            }
            nn_sgemm(transposeA ? 1 : 0, transposeB ? 1 : 0, m, n, k, unsafeBitCast(alpha, to: Float.self),
                     UnsafeRawPointer(a.baseAddress!).assumingMemoryBound(to: Float.self), lda,
                     UnsafeRawPointer(b.baseAddress!).assumingMemoryBound(to: Float.self), ldb,
                     unsafeBitCast(beta, to: Float.self),
                     UnsafeMutableRawPointer(c.baseAddress!).assumingMemoryBound(to: Float.self), ldc)
            return
        }
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
