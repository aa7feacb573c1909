#if canImport(Glibc)
import Glibc
#endif

/// Large single-precision products as two halves, one on the calling thread and one on the
/// `SecondCore` worker, each in single-threaded OpenBLAS: the result is split along its longer side
/// (rows when op(A) has more rows than op(B) has columns, else columns), so each half packs half of
/// the larger operand and all of the smaller one. OpenBLAS never splits the inner dimension, and
/// neither does this. OpenBLAS's own result depends on its thread count (its blocks differ), so a
/// fixed split also makes the bits the same on one core and on two.
extension BLASLibrary {
    /// How large single-precision products use the second core: `halves` (ours, when there is a
    /// second core) or `openblas` (its own threads). `NNSCOPE_PRODUCT_THREADS` overrides the default.
    public enum ProductThreading: String, Sendable {
        case halves, openblas
    }

    public static let productThreading: ProductThreading = {
        if let text = getenv("NNSCOPE_PRODUCT_THREADS"), let choice = ProductThreading(rawValue: String(cString: text)) {
            return choice
        }
        return .halves
    }()

    /// C ← α·op(A)·op(B) + β·C (row-major) in two halves on two cores; false (nothing done) when the
    /// product is below `threshold` multiply-adds, there is no OpenBLAS, or the threading is
    /// `openblas`. Without a second core (or while another thread has it) both halves run on this
    /// thread: the split, and so every bit of the result, does not depend on the cores.
    public func multiplyInHalves(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
                                 alpha: Float, a: UnsafePointer<Float>, lda: Int,
                                 b: UnsafePointer<Float>, ldb: Int,
                                 beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int,
                                 on core: SecondCore? = SecondCore.shared,
                                 threshold: Int = BLASLibrary.multithreadThreshold) -> Bool {
        guard let sgemm, Self.productThreading == .halves, m * n * k >= threshold, max(m, n) >= 32 else { return false }
        prepareThreads(forMultiplyAdds: 0)
        var halves = ProductHalves(sgemm: sgemm, transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k,
                                   alpha: alpha, a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: c, ldc: ldc)
        let ran = core != nil && withUnsafeMutablePointer(to: &halves) { pointer in
            core!.runBoth({ $0!.assumingMemoryBound(to: ProductHalves.self).pointee.run(half: 1) },
                         { $0!.assumingMemoryBound(to: ProductHalves.self).pointee.run(half: 0) },
                         context: UnsafeMutableRawPointer(pointer))
        }
        if !ran {
            // No second core, or another thread has it: both halves here, the same bits.
            halves.run(half: 0)
            halves.run(half: 1)
        }
        return true
    }
}

/// One product and where it splits; `run(half:)` computes rows (or columns) [0, split) or [split, end).
struct ProductHalves {
    let sgemm: BLASLibrary.SGEMM
    let transposeA: Bool, transposeB: Bool
    let m: Int, n: Int, k: Int
    let alpha: Float, beta: Float
    let a: UnsafePointer<Float>, lda: Int
    let b: UnsafePointer<Float>, ldb: Int
    let c: UnsafeMutablePointer<Float>, ldc: Int
    /// Split the rows of C (else its columns), at a multiple of 16 (OpenBLAS's widest register block).
    let splitsRows: Bool
    let split: Int

    init(sgemm: @escaping BLASLibrary.SGEMM, transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
         alpha: Float, a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
         beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int) {
        self.sgemm = sgemm
        self.transposeA = transposeA
        self.transposeB = transposeB
        self.m = m
        self.n = n
        self.k = k
        self.alpha = alpha
        self.beta = beta
        self.a = a
        self.lda = lda
        self.b = b
        self.ldb = ldb
        self.c = c
        self.ldc = ldc
        splitsRows = m > n
        let side = splitsRows ? m : n
        split = max(16, (side / 2 + 8) / 16 * 16)
    }

    func run(half: Int) {
        let start = half == 0 ? 0 : split
        let end = half == 0 ? split : (splitsRows ? m : n)
        guard end > start else { return }
        let rows = splitsRows ? end - start : m
        let columns = splitsRows ? n : end - start
        // Row block of op(A): rows of A, or columns of a transposed A. Column block of op(B): columns
        // of B, or rows of a transposed B.
        let aStart = splitsRows ? (transposeA ? a + start : a + start * lda) : a
        let bStart = splitsRows ? b : (transposeB ? b + start * ldb : b + start)
        let cStart = splitsRows ? c + start * ldc : c + start
        sgemm(rowMajor, transposeA ? trans : noTrans, transposeB ? trans : noTrans,
              Int32(rows), Int32(columns), Int32(k), alpha, aStart, Int32(lda), bStart, Int32(ldb), beta, cStart, Int32(ldc))
    }
}
