import RealModule

/// The element types nnscope computes in: `Float` for training, `Double` for gradient checks.
///
/// `Real` (swift-numerics) brings `exp`, `log`, `erf`, `tanh` and friends; the two static
/// requirements route matrix products to the matching BLAS routine.
public protocol NNScalar: Real, BinaryFloatingPoint, Sendable, CustomStringConvertible {
    /// Single or double precision GEMM through the loaded BLAS: C ← α·op(A)·op(B) + β·C, row-major.
    static func blasGEMM(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
        alpha: Self, a: UnsafePointer<Self>, lda: Int,
        b: UnsafePointer<Self>, ldb: Int,
        beta: Self, c: UnsafeMutablePointer<Self>, ldc: Int
    ) -> Bool
    /// A short name for messages and session files: "float32" or "float64".
    static var dtypeName: String { get }
}

extension Float: NNScalar {
    @inlinable
    public static func blasGEMM(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
        alpha: Float, a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int,
        beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
    ) -> Bool {
        // By default no Float product goes to the BLAS: large ones run in our kernel in chunks on
        // two cores (`Matrix.multiplyInChunks`). `NNSCOPE_PRODUCT_THREADS=openblas` sends them here.
        guard BLASLibrary.productThreading == .openblas else { return false }
        let library = BLASLibrary.shared
        guard let sgemm = library.sgemm else { return false }
        library.prepareThreads(forMultiplyAdds: m * n * k)
        sgemm(rowMajor, transposeA ? trans : noTrans, transposeB ? trans : noTrans,
              Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
        return true
    }
    public static var dtypeName: String { "float32" }
}

extension Double: NNScalar {
    @inlinable
    public static func blasGEMM(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
        alpha: Double, a: UnsafePointer<Double>, lda: Int,
        b: UnsafePointer<Double>, ldb: Int,
        beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int
    ) -> Bool {
        let library = BLASLibrary.shared
        guard let dgemm = library.dgemm else { return false }
        library.prepareThreads(forMultiplyAdds: m * n * k)
        dgemm(rowMajor, transposeA ? trans : noTrans, transposeB ? trans : noTrans,
              Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
        return true
    }
    public static var dtypeName: String { "float64" }
}

// CBLAS enum values (cblas.h): CblasRowMajor = 101, CblasNoTrans = 111, CblasTrans = 112.
@usableFromInline let rowMajor: Int32 = 101
@usableFromInline let noTrans: Int32 = 111
@usableFromInline let trans: Int32 = 112
