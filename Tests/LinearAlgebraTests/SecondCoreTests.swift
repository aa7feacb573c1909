#if canImport(Glibc)
import Glibc
#endif
import LinearAlgebra
import Randomness
import Testing
import VectorKernels

@Suite("Second core")
struct SecondCoreTests {
    /// The job and the body both run, every time, and the job's writes are visible when `overlapping` returns.
    @Test("overlapping runs the job and the body, every time, and the job's writes are visible")
    func overlappingRunsBoth() throws {
        let core = try #require(SecondCore.shared, "this machine has more than one core")
        var counters = (0, 0)
        for round in 1...2000 {
            let ran: Bool? = withUnsafeMutablePointer(to: &counters) { pointer in
                core.overlapping({ $0!.assumingMemoryBound(to: (Int, Int).self).pointee.0 += 1 },
                                 context: UnsafeMutableRawPointer(pointer)) { pointer.pointee.1 += 1; return true }
            }
            #expect(ran != nil && counters.0 == round && counters.1 == round)
            if counters.0 != round { break }
        }
    }

    /// The worker sleeps when nothing is posted for a while; a job posted then still runs.
    @Test("a job posted after the worker fell asleep runs")
    func jobAfterSleep() throws {
        let core = try #require(SecondCore.shared)
        usleep(200_000)
        var value = 0
        let seen = withUnsafeMutablePointer(to: &value) { pointer in
            core.overlapping({ $0!.assumingMemoryBound(to: Int.self).pointee = 42 }, context: UnsafeMutableRawPointer(pointer)) { 7 }
        }
        #expect(seen == 7 && value == 42)
    }

    /// Every chunk runs exactly once, whichever thread takes it, round after round.
    @Test("runChunks runs every chunk exactly once, and its writes are visible")
    func runChunksRunsEachOnce() throws {
        let core = try #require(SecondCore.shared, "this machine has more than one core")
        var counts = [Int](repeating: 0, count: 7)
        for round in 1...2000 {
            let ran = counts.withUnsafeMutableBufferPointer { buffer in
                core.runChunks(buffer.count, { $0!.assumingMemoryBound(to: Int.self)[$1] += 1 },
                               context: UnsafeMutableRawPointer(buffer.baseAddress!))
            }
            #expect(ran && counts.allSatisfy { $0 == round })
            if !counts.allSatisfy({ $0 == round }) { break }
        }
    }

    /// (m, n, k, transpose A, transpose B): mnist-size's five large products, odd sizes, a row split
    /// and a column split of each transpose combination.
    static let shapes: [(Int, Int, Int, Bool, Bool)] = [
        (128, 256, 784, false, false), (128, 128, 256, false, false), (256, 128, 128, true, false),
        (128, 256, 128, false, true), (784, 256, 128, true, false),
        (301, 97, 53, false, false), (97, 301, 53, true, true), (300, 40, 99, false, true), (33, 517, 77, true, false),
    ]

    @Test("a product in chunks on two cores has the bits of one unsplit kernel call", arguments: shapes)
    func chunksOnTwoCoresMatchOneCall(shape: (Int, Int, Int, Bool, Bool)) throws {
        let (m, n, k, ta, tb) = shape
        let core = try #require(SecondCore.shared)
        #expect(BLASLibrary.productThreading == .chunks)
        var rng = SeededGenerator(seed: UInt64(m * 1_000_000 + n * 1000 + k))
        let a = (0..<(m * k)).map { _ in Float(rng.normal()) }
        let b = (0..<(k * n)).map { _ in Float(rng.normal()) }
        let start = (0..<(m * n)).map { _ in Float(rng.normal()) }
        let lda = ta ? m : k, ldb = tb ? k : n
        for beta: Float in [0, 1] {
            var twoCores = start, oneThread = start, oneCall = start
            #expect(Matrix<Float>.multiplyInChunks(transposeA: ta, transposeB: tb, m: m, n: n, k: k, alpha: 0.75,
                                                   a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: &twoCores, ldc: n,
                                                   on: core, threshold: 0))
            #expect(Matrix<Float>.multiplyInChunks(transposeA: ta, transposeB: tb, m: m, n: n, k: k, alpha: 0.75,
                                                   a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: &oneThread, ldc: n,
                                                   on: nil, threshold: 0))
            nn_sgemm(ta ? 1 : 0, tb ? 1 : 0, m, n, k, 0.75, a, lda, b, ldb, beta, &oneCall, n)
            #expect(twoCores.map(\.bitPattern) == oneCall.map(\.bitPattern), "\(m)x\(n)x\(k) beta \(beta): two cores")
            #expect(oneThread.map(\.bitPattern) == oneCall.map(\.bitPattern), "\(m)x\(n)x\(k) beta \(beta): one thread")
            // And it is the product: against the naive triple loop, to float rounding.
            let reference = Matrix.referenceProduct(Matrix(rows: ta ? k : m, columns: ta ? m : k, elements: a), transposed: ta,
                                                    Matrix(rows: tb ? n : k, columns: tb ? k : n, elements: b), transposed: tb)
            var worst: Float = 0
            for i in 0..<(m * n) {
                worst = max(worst, abs(twoCores[i] - (0.75 * reference.storage[i] + beta * start[i])))
            }
            #expect(worst < 1e-3 * Float(k).squareRoot(), "\(m)x\(n)x\(k): off by \(worst)")
        }
    }

    @Test("beyond ownKernelLimit the chunks run in OpenBLAS: the same bits on two cores and on one, close to our kernel's")
    func hugeProductsInOpenBLASChunks() throws {
        let core = try #require(SecondCore.shared)
        _ = try #require(BLASLibrary.shared.sgemm)
        let (m, n, k) = (512, 512, 256)
        #expect(m * n * k >= Matrix<Float>.ownKernelLimit)
        var rng = SeededGenerator(seed: 7)
        let a = (0..<(m * k)).map { _ in Float(rng.normal()) }
        let b = (0..<(k * n)).map { _ in Float(rng.normal()) }
        var twoCores = [Float](repeating: 0, count: m * n), oneThread = twoCores, ours = twoCores
        #expect(Matrix<Float>.multiplyInChunks(transposeA: false, transposeB: true, m: m, n: n, k: k, alpha: 1,
                                               a: a, lda: k, b: b, ldb: k, beta: 0, c: &twoCores, ldc: n, on: core))
        #expect(Matrix<Float>.multiplyInChunks(transposeA: false, transposeB: true, m: m, n: n, k: k, alpha: 1,
                                               a: a, lda: k, b: b, ldb: k, beta: 0, c: &oneThread, ldc: n, on: nil))
        #expect(twoCores.map(\.bitPattern) == oneThread.map(\.bitPattern))
        nn_sgemm(0, 1, m, n, k, 1, a, k, b, k, 0, &ours, n)
        var worst: Float = 0
        for i in 0..<(m * n) { worst = max(worst, abs(twoCores[i] - ours[i])) }
        #expect(worst < 1e-3 * Float(k).squareRoot(), "off by \(worst)")
    }

    @Test("products below the threshold are not split")
    func smallNotSplit() {
        var c = [Float](repeating: 0, count: 64 * 64)
        let a = [Float](repeating: 1, count: 64 * 64)
        #expect(!Matrix<Float>.multiplyInChunks(transposeA: false, transposeB: false, m: 64, n: 64, k: 64, alpha: 1,
                                                a: a, lda: 64, b: a, ldb: 64, beta: 0, c: &c, ldc: 64))
        #expect(c.allSatisfy { $0 == 0 })
        #expect(64 * 64 * 64 < Matrix<Float>.chunkThreshold)
    }
}
