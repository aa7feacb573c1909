import VectorKernels
#if canImport(Glibc)
import Glibc
#endif

/// Large single-precision products cut into chunks that this thread and the `SecondCore` worker
/// take in turn (`SecondCore.runChunks`): the result is cut along its longer side (rows when op(A)
/// has more rows than op(B) has columns, else columns) into about `targetChunks` pieces of a
/// multiple of 32, never along the inner dimension. Up to `ownKernelLimit` multiply-adds (every
/// product of the workloads, and of networks a few hundred units wide) each chunk runs in our
/// kernel, which computes every element the same way wherever a cut falls: the bits do not depend on
/// the chunks, on which thread took which, on the number of cores, or on the BLAS library. Beyond
/// it (a landscape's forward pass over a whole dataset, layers of thousands of units) OpenBLAS's
/// packing and cache blocking win, and each chunk runs in single-threaded OpenBLAS: fixed chunks,
/// so the bits still do not depend on the cores, but they are OpenBLAS's.
extension Matrix where Scalar == Float {
    /// From this many multiply-adds on, the chunks run in OpenBLAS (when it is loaded). Measured in
    /// the sixth session (`nnscope bench --gemm`, AVX-512): square products of n = 256 (2²⁴) at
    /// 140-149 GFLOP/s in our kernel against 95-98 in OpenBLAS's two threads; of n = 1024 (2³⁰) at
    /// 96-102 against 156-168.
    public static var ownKernelLimit: Int { 1 << 26 }

    /// From this many multiply-adds on, a single-precision product is shared by two cores. Below it
    /// (every product of the spiral, deep-sigmoid and digits steps) the hand-off and the operands'
    /// trip to the other core's cache cost more than the half of the work the other core would do.
    public static var chunkThreshold: Int { 1 << 20 }

    /// About this many chunks per product: enough that a core which is slower for a while (another
    /// process, the hypervisor) leaves the rest to the other, few enough that each is a real product.
    static var targetChunks: Int { 4 }

    /// C ← α·op(A)·op(B) + β·C in our kernel, in chunks on this thread and `core`; false (nothing
    /// done) below `threshold`. Without a core (or while another thread holds it) every chunk runs
    /// here, with the same bits.
    public static func multiplyInChunks(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
                                        alpha: Float, a: UnsafePointer<Float>, lda: Int,
                                        b: UnsafePointer<Float>, ldb: Int,
                                        beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int,
                                        on core: SecondCore? = SecondCore.shared,
                                        threshold: Int = chunkThreshold) -> Bool {
        guard m * n * k >= threshold, max(m, n) >= 64 else { return false }
        var blas: BLASLibrary.SGEMM?
        if m * n * k >= ownKernelLimit, let sgemm = BLASLibrary.shared.sgemm {
            BLASLibrary.shared.prepareThreads(forMultiplyAdds: 0)  // one OpenBLAS thread per chunk
            blas = sgemm
        }
        var product = ProductChunks(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k,
                                    alpha: alpha, a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: c, ldc: ldc,
                                    targetChunks: targetChunks, blas: blas)
        let shared = core != nil && withUnsafeMutablePointer(to: &product) { pointer in
            core!.runChunks(pointer.pointee.chunks,
                            { $0!.assumingMemoryBound(to: ProductChunks.self).pointee.run(chunk: $1) },
                            context: UnsafeMutableRawPointer(pointer))
        }
        if !shared {
            for chunk in 0..<product.chunks { product.run(chunk: chunk) }
        }
        return true
    }
}

/// One product and its chunks; `run(chunk:)` computes rows (or columns) [i·size, (i+1)·size).
struct ProductChunks {
    /// OpenBLAS's sgemm for products beyond `ownKernelLimit`, else nil (our kernel).
    let blas: BLASLibrary.SGEMM?
    let transposeA: Bool, transposeB: Bool
    let m: Int, n: Int, k: Int
    let alpha: Float, beta: Float
    let a: UnsafePointer<Float>, lda: Int
    let b: UnsafePointer<Float>, ldb: Int
    let c: UnsafeMutablePointer<Float>, ldc: Int
    /// Cut the rows of C (else its columns) into `chunks` pieces of `size` (the last one shorter).
    let splitsRows: Bool
    let size: Int
    let chunks: Int

    init(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: Float, a: UnsafePointer<Float>, lda: Int,
         b: UnsafePointer<Float>, ldb: Int, beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int, targetChunks: Int,
         blas: BLASLibrary.SGEMM? = nil) {
        self.blas = blas
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
        // Columns in multiples of 32 (whole 2 × 16-column register blocks of the kernel), rows in
        // multiples of 4 (whole 4-row blocks; six-row blocks end in one of 4): 784 rows make four
        // chunks of 196, not three of 224 and one of 112, which left one core idle at the end.
        let unit = splitsRows ? 4 : 32
        size = max(32, ((side + targetChunks - 1) / targetChunks + unit - 1) / unit * unit)
        chunks = (side + size - 1) / size
    }

    func run(chunk: Int) {
        let start = chunk * size
        let end = min(start + size, splitsRows ? m : n)
        guard end > start else { return }
        let rows = splitsRows ? end - start : m
        let columns = splitsRows ? n : end - start
        // Row block of op(A): rows of A, or columns of a transposed A. Column block of op(B): columns
        // of B, or rows of a transposed B.
        let aStart = splitsRows ? (transposeA ? a + start : a + start * lda) : a
        let bStart = splitsRows ? b : (transposeB ? b + start * ldb : b + start)
        let cStart = splitsRows ? c + start * ldc : c + start
        if let blas {
            blas(rowMajor, transposeA ? trans : noTrans, transposeB ? trans : noTrans, Int32(rows), Int32(columns), Int32(k),
                 alpha, aStart, Int32(lda), bStart, Int32(ldb), beta, cStart, Int32(ldc))
        } else {
            nn_sgemm(transposeA ? 1 : 0, transposeB ? 1 : 0, rows, columns, k, alpha, aStart, lda, bStart, ldb, beta, cStart, ldc)
        }
    }
}
