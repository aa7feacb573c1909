import CBLAS
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// OpenBLAS, loaded at run time so that its kernel can be chosen first.
///
/// Debian's OpenBLAS 0.3.21 reads `OPENBLAS_CORETYPE` once, while the library is being loaded, and on
/// this machine's CPU its own detection falls back to the slow generic "Prescott" kernel. Linking the
/// library normally would load it before any of our code runs, so nnscope instead sets the core type
/// from the CPU's features (unless the user already set it) and then `dlopen`s the library. If the
/// library cannot be found, matrix products fall back to our own kernel (`VectorKernels`).
public final class BLASLibrary: Sendable {
    public typealias SGEMM = @convention(c) (
        Int32, Int32, Int32, Int32, Int32, Int32, Float, UnsafePointer<Float>?, Int32,
        UnsafePointer<Float>?, Int32, Float, UnsafeMutablePointer<Float>?, Int32) -> Void
    public typealias DGEMM = @convention(c) (
        Int32, Int32, Int32, Int32, Int32, Int32, Double, UnsafePointer<Double>?, Int32,
        UnsafePointer<Double>?, Int32, Double, UnsafeMutablePointer<Double>?, Int32) -> Void

    /// y ← α·op(A)·x + β·y (row-major A): the Lanczos basis projections, which as GEMMs would
    /// copy (pack) the whole basis on every call.
    public typealias DGEMV = @convention(c) (
        Int32, Int32, Int32, Int32, Double, UnsafePointer<Double>?, Int32,
        UnsafePointer<Double>?, Int32, Double, UnsafeMutablePointer<Double>?, Int32) -> Void

    public static let shared = BLASLibrary()

    public typealias SetThreads = @convention(c) (Int32) -> Void

    public let sgemm: SGEMM?
    public let dgemm: DGEMM?
    public let dgemv: DGEMV?
    /// `openblas_set_num_threads`, where the library has it.
    public let setThreads: SetThreads?
    /// OpenBLAS's own thread count when it was loaded (its default: the cores, or OPENBLAS_NUM_THREADS).
    public let maximumThreads: Int32
    /// The thread count last handed to OpenBLAS (0: not yet).
    private let currentThreads = Atomic<Int32>(0)
    /// Products with fewer multiply-adds than this run on one thread: below it, waking a second
    /// thread costs more than the half of the work it takes over.
    public static let multithreadThreshold: Int = {
        if let text = getenv("NNSCOPE_BLAS_THREAD_THRESHOLD"), let value = Int(String(cString: text)) { return value }
        return 1 << 20
    }()
    /// Which library was loaded, and with which core type; "none" when only our own kernel is used.
    public let summary: String
    /// The core type nnscope chose (nil when the user set one, or the CPU has no better choice).
    public let chosenCoreType: String?
    /// The library's own description of its build (`openblas_get_config`: version, options), where it has one.
    public let buildConfiguration: String?

    private init() {
        var chosen: String?
        if getenv("OPENBLAS_CORETYPE") == nil, let core = BLASLibrary.coreType(forCPUFlags: BLASLibrary.cpuFlags()) {
            setenv("OPENBLAS_CORETYPE", core, 0)
            chosen = core
        }
        chosenCoreType = chosen
        let candidates = ["libopenblas.so.0", "libopenblas.so", "libblas.so.3"]
        var handle: UnsafeMutableRawPointer?
        var loadedName = "none"
        for name in candidates {
            if let h = dlopen(name, RTLD_NOW | RTLD_LOCAL) {
                handle = h
                loadedName = name
                break
            }
        }
        if let handle, let s = dlsym(handle, "cblas_sgemm"), let d = dlsym(handle, "cblas_dgemm") {
            sgemm = unsafeBitCast(s, to: SGEMM.self)
            dgemm = unsafeBitCast(d, to: DGEMM.self)
            dgemv = dlsym(handle, "cblas_dgemv").map { unsafeBitCast($0, to: DGEMV.self) }
            setThreads = dlsym(handle, "openblas_set_num_threads").map { unsafeBitCast($0, to: SetThreads.self) }
            if let f = dlsym(handle, "openblas_get_num_threads") {
                typealias GetThreads = @convention(c) () -> Int32
                maximumThreads = unsafeBitCast(f, to: GetThreads.self)()
            } else {
                maximumThreads = 1
            }
            var core = "auto"
            if let f = dlsym(handle, "openblas_get_corename") {
                typealias CoreName = @convention(c) () -> UnsafePointer<CChar>?
                if let p = unsafeBitCast(f, to: CoreName.self)() { core = String(cString: p) }
            }
            summary = "\(loadedName) (core \(core))"
            if let f = dlsym(handle, "openblas_get_config") {
                typealias Config = @convention(c) () -> UnsafePointer<CChar>?
                buildConfiguration = unsafeBitCast(f, to: Config.self)().map { String(cString: $0) }
            } else {
                buildConfiguration = nil
            }
        } else {
            sgemm = nil
            dgemm = nil
            dgemv = nil
            setThreads = nil
            maximumThreads = 1
            summary = "none (own kernel only)"
            buildConfiguration = nil
        }
    }

    /// Who computes large single-precision products: `chunks` (the default: our kernel, in chunks on
    /// two cores, `Matrix.multiplyInChunks`) or `openblas` (OpenBLAS on all its threads, for
    /// comparison). `NNSCOPE_PRODUCT_THREADS` overrides the default.
    public enum ProductThreading: String, Sendable {
        case chunks, openblas
    }

    public static let productThreading: ProductThreading = {
        if let text = getenv("NNSCOPE_PRODUCT_THREADS"), let choice = ProductThreading(rawValue: String(cString: text)) {
            return choice
        }
        return .chunks
    }()

    /// Chooses OpenBLAS's thread count for a product of `multiplyAdds` (m·n·k): one thread for small
    /// products, all of them for large ones. OpenBLAS's own rule splits products from 2¹⁸
    /// multiply-adds on, where the hand-off to a sleeping thread still outweighs the work.
    public func prepareThreads(forMultiplyAdds multiplyAdds: Int) {
        guard let setThreads, maximumThreads > 1 else { return }
        let wanted: Int32 = multiplyAdds < Self.multithreadThreshold ? 1 : maximumThreads
        if currentThreads.load(ordering: .relaxed) != wanted {
            currentThreads.store(wanted, ordering: .relaxed)
            setThreads(wanted)
        }
    }

    /// y ← α·op(A)·x + β·y for a row-major m × n matrix A (op(A) = Aᵀ when `transpose`); false
    /// when no BLAS is loaded (the caller computes it itself).
    public func multiplyVector(transpose: Bool, rows m: Int, columns n: Int, alpha: Double, _ a: UnsafePointer<Double>,
                               _ x: UnsafePointer<Double>, beta: Double, _ y: UnsafeMutablePointer<Double>) -> Bool {
        guard let dgemv else { return false }
        prepareThreads(forMultiplyAdds: m * n)
        dgemv(101, transpose ? 112 : 111, Int32(m), Int32(n), alpha, a, Int32(n), x, 1, beta, y, 1)
        return true
    }

    /// The OpenBLAS core type that suits a CPU with these /proc/cpuinfo flags, or nil to let OpenBLAS decide.
    public static func coreType(forCPUFlags flags: Set<String>) -> String? {
        if ["avx512f", "avx512bw", "avx512vl", "avx512dq", "avx512cd"].allSatisfy(flags.contains) {
            return "SkylakeX"
        }
        if ["avx2", "fma"].allSatisfy(flags.contains) { return "Haswell" }
        return nil
    }

    /// The `flags` line of /proc/cpuinfo (empty where it cannot be read).
    public static func cpuFlags() -> Set<String> {
        guard let file = fopen("/proc/cpuinfo", "r") else { return [] }
        defer { fclose(file) }
        var line: UnsafeMutablePointer<CChar>?
        var capacity = 0
        defer { free(line) }
        while getline(&line, &capacity, file) > 0 {
            guard let line else { break }
            let text = String(cString: line)
            if text.hasPrefix("flags") {
                let parts = text.split(separator: ":", maxSplits: 1)
                guard parts.count == 2 else { return [] }
                return Set(parts[1].split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).map(String.init))
            }
        }
        return []
    }
}
