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
                    // OpenBLAS 0.3.21 calls malloc on every product with one or two result columns
                    // (a regression or two-class output layer); the Swift kernel does not.
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
        if Scalar.self == Float.self, m > 0, n > 0, k > 0 {
            let floatA = UnsafeRawPointer(a.baseAddress!).assumingMemoryBound(to: Float.self)
            let floatB = UnsafeRawPointer(b.baseAddress!).assumingMemoryBound(to: Float.self)
            let floatC = UnsafeMutableRawPointer(c.baseAddress!).assumingMemoryBound(to: Float.self)
            floatGEMM(m: m, n: n, k: k, alpha: unsafeBitCast(alpha, to: Float.self),
                      a: floatA, aRowStride: transposeA ? 1 : lda, aColumnStride: transposeA ? lda : 1,
                      b: floatB, ldb: ldb, transposeB: transposeB,
                      beta: unsafeBitCast(beta, to: Float.self), c: floatC, ldc: ldc)
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

/// The single-precision kernel behind `Matrix.swiftGEMM`: C ← α·op(A)·op(B) + β·C with register
/// blocking (4 rows of C × 16 or 8 columns held in SIMD registers while the inner dimension is
/// swept). A is addressed through strides, so op(A) = Aᵀ costs nothing; for op(B) = Bᵀ each element of
/// C is a dot product of two contiguous rows, four rows of B at a time. Accumulation order is fixed,
/// so results are the same run to run.
@usableFromInline
func floatGEMM(m: Int, n: Int, k: Int, alpha: Float,
               a: UnsafePointer<Float>, aRowStride: Int, aColumnStride: Int,
               b: UnsafePointer<Float>, ldb: Int, transposeB: Bool,
               beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int) {
    for i in 0..<m {
        let row = c + i * ldc
        if beta == 0 {
            row.update(repeating: 0, count: n)
        } else if beta != 1 {
            for j in 0..<n { row[j] *= beta }
        }
    }
    guard k > 0 else { return }
    if transposeB {
        floatGEMMTransposedB(m: m, n: n, k: k, alpha: alpha, a: a, aRowStride: aRowStride,
                             aColumnStride: aColumnStride, b: b, ldb: ldb, c: c, ldc: ldc)
        return
    }
    var i = 0
    while i < m {
        let rows = min(4, m - i)
        var j = 0
        while j + 16 <= n {
            floatPanel(SIMD16<Float>.self, rows: rows, i: i, j: j, k: k, alpha: alpha, a: a, ars: aRowStride,
                       acs: aColumnStride, b: b, ldb: ldb, c: c, ldc: ldc)
            j += 16
        }
        if j + 8 <= n {
            floatPanel(SIMD8<Float>.self, rows: rows, i: i, j: j, k: k, alpha: alpha, a: a, ars: aRowStride,
                       acs: aColumnStride, b: b, ldb: ldb, c: c, ldc: ldc)
            j += 8
        }
        if j + 4 <= n {
            floatPanel(SIMD4<Float>.self, rows: rows, i: i, j: j, k: k, alpha: alpha, a: a, ars: aRowStride,
                       acs: aColumnStride, b: b, ldb: ldb, c: c, ldc: ldc)
            j += 4
        }
        if j < n {
            floatNarrowPanel(rows: rows, i: i, j: j, width: n - j, k: k, alpha: alpha, a: a, ars: aRowStride,
                             acs: aColumnStride, b: b, ldb: ldb, c: c, ldc: ldc)
        }
        i += rows
    }
}

/// C[i..<i+rows, j..<j+V.scalarCount] += α·A·B, the C block kept in registers over the whole k sweep.
@inline(__always)
func floatPanel<V: SIMD>(_: V.Type, rows: Int, i: Int, j: Int, k: Int, alpha: Float,
                         a: UnsafePointer<Float>, ars: Int, acs: Int,
                         b: UnsafePointer<Float>, ldb: Int, c: UnsafeMutablePointer<Float>, ldc: Int)
where V.Scalar == Float {
    let cBase = UnsafeMutableRawPointer(c + i * ldc + j)
    let rowBytes = ldc * MemoryLayout<Float>.stride
    let bBase = UnsafeRawPointer(b + j)
    let bRowBytes = ldb * MemoryLayout<Float>.stride
    if rows == 4 {
        var c0 = cBase.loadUnaligned(as: V.self)
        var c1 = cBase.loadUnaligned(fromByteOffset: rowBytes, as: V.self)
        var c2 = cBase.loadUnaligned(fromByteOffset: 2 * rowBytes, as: V.self)
        var c3 = cBase.loadUnaligned(fromByteOffset: 3 * rowBytes, as: V.self)
        let a0 = a + i * ars, a1 = a0 + ars, a2 = a1 + ars, a3 = a2 + ars
        for p in 0..<k {
            let bv = bBase.loadUnaligned(fromByteOffset: p * bRowBytes, as: V.self)
            let o = p * acs
            c0 += bv * (alpha * a0[o])
            c1 += bv * (alpha * a1[o])
            c2 += bv * (alpha * a2[o])
            c3 += bv * (alpha * a3[o])
        }
        cBase.storeBytes(of: c0, as: V.self)
        cBase.storeBytes(of: c1, toByteOffset: rowBytes, as: V.self)
        cBase.storeBytes(of: c2, toByteOffset: 2 * rowBytes, as: V.self)
        cBase.storeBytes(of: c3, toByteOffset: 3 * rowBytes, as: V.self)
    } else {
        for r in 0..<rows {
            var acc = cBase.loadUnaligned(fromByteOffset: r * rowBytes, as: V.self)
            let aRow = a + (i + r) * ars
            for p in 0..<k {
                acc += bBase.loadUnaligned(fromByteOffset: p * bRowBytes, as: V.self) * (alpha * aRow[p * acs])
            }
            cBase.storeBytes(of: acc, toByteOffset: r * rowBytes, as: V.self)
        }
    }
}

/// The last one to three columns of C: the (up to) four rows of the block are the SIMD lanes, one
/// accumulator per column, so an output layer of one or two units still runs in vector registers.
/// Per element the operations are those of the plain loop (c += (α·a)·b in order of p).
@inline(__always)
func floatNarrowPanel(rows: Int, i: Int, j: Int, width: Int, k: Int, alpha: Float,
                      a: UnsafePointer<Float>, ars: Int, acs: Int,
                      b: UnsafePointer<Float>, ldb: Int, c: UnsafeMutablePointer<Float>, ldc: Int) {
    func lanes(_ element: (Int) -> Float) -> SIMD4<Float> {
        SIMD4(element(0), rows > 1 ? element(1) : 0, rows > 2 ? element(2) : 0, rows > 3 ? element(3) : 0)
    }
    var c0 = lanes { c[(i + $0) * ldc + j] }
    var c1 = width > 1 ? lanes { c[(i + $0) * ldc + j + 1] } : SIMD4()
    var c2 = width > 2 ? lanes { c[(i + $0) * ldc + j + 2] } : SIMD4()
    let a0 = a + i * ars
    for p in 0..<k {
        let o = p * acs
        let av = alpha * lanes { a0[$0 * ars + o] }
        let bRow = b + p * ldb + j
        c0 += av * bRow[0]
        if width > 1 { c1 += av * bRow[1] }
        if width > 2 { c2 += av * bRow[2] }
    }
    for r in 0..<rows {
        let cRow = c + (i + r) * ldc + j
        cRow[0] = c0[r]
        if width > 1 { cRow[1] = c1[r] }
        if width > 2 { cRow[2] = c2[r] }
    }
}

/// C += α·op(A)·Bᵀ where B is n × k: each C element is a dot product of A's row and B's row.
@inline(__always)
func floatGEMMTransposedB(m: Int, n: Int, k: Int, alpha: Float,
                          a: UnsafePointer<Float>, aRowStride: Int, aColumnStride: Int,
                          b: UnsafePointer<Float>, ldb: Int, c: UnsafeMutablePointer<Float>, ldc: Int) {
    let vectorK = aColumnStride == 1 ? k & ~7 : 0
    for i in 0..<m {
        let aRow = a + i * aRowStride
        let aRaw = UnsafeRawPointer(aRow)
        let cRow = c + i * ldc
        var j = 0
        while j + 4 <= n {
            let b0 = b + j * ldb, b1 = b0 + ldb, b2 = b1 + ldb, b3 = b2 + ldb
            var s0 = SIMD8<Float>(), s1 = SIMD8<Float>(), s2 = SIMD8<Float>(), s3 = SIMD8<Float>()
            var p = 0
            while p < vectorK {
                let av = aRaw.loadUnaligned(fromByteOffset: p * 4, as: SIMD8<Float>.self)
                s0 += av * UnsafeRawPointer(b0 + p).loadUnaligned(as: SIMD8<Float>.self)
                s1 += av * UnsafeRawPointer(b1 + p).loadUnaligned(as: SIMD8<Float>.self)
                s2 += av * UnsafeRawPointer(b2 + p).loadUnaligned(as: SIMD8<Float>.self)
                s3 += av * UnsafeRawPointer(b3 + p).loadUnaligned(as: SIMD8<Float>.self)
                p += 8
            }
            var t0 = s0.sum(), t1 = s1.sum(), t2 = s2.sum(), t3 = s3.sum()
            while p < k {
                let ap = aRow[p * aColumnStride]
                t0 += ap * b0[p]
                t1 += ap * b1[p]
                t2 += ap * b2[p]
                t3 += ap * b3[p]
                p += 1
            }
            cRow[j] += alpha * t0
            cRow[j + 1] += alpha * t1
            cRow[j + 2] += alpha * t2
            cRow[j + 3] += alpha * t3
            j += 4
        }
        while j < n {
            let bRow = b + j * ldb
            var s = SIMD8<Float>()
            var p = 0
            while p < vectorK {
                s += aRaw.loadUnaligned(fromByteOffset: p * 4, as: SIMD8<Float>.self)
                    * UnsafeRawPointer(bRow + p).loadUnaligned(as: SIMD8<Float>.self)
                p += 8
            }
            var t = s.sum()
            while p < k {
                t += aRow[p * aColumnStride] * bRow[p]
                p += 1
            }
            cRow[j] += alpha * t
            j += 1
        }
    }
}
