import LinearAlgebra
import Testing

@Suite("BLAS library")
struct BLASLibraryTests {
    static let avx512 = ["avx512f", "avx512bw", "avx512vl", "avx512dq", "avx512cd"]

    @Test("the core type follows the CPU flags", arguments: [
        (avx512 + ["avx2", "fma", "sse2"], "SkylakeX"),
        (avx512, "SkylakeX"),
        (["avx512f", "avx512bw", "avx512vl", "avx512dq", "avx2", "fma"], "Haswell"),  // no avx512cd
        (["avx2", "fma", "avx", "sse4_2"], "Haswell"),
        (["avx2"], nil),
        (["fma", "avx"], nil),
        (["sse2", "ssse3"], nil),
        ([], nil),
        (["AVX2", "FMA"], nil),  // /proc/cpuinfo flags are lower case; others are not recognised
    ] as [([String], String?)])
    func coreTypeTable(flags: [String], expected: String?) {
        #expect(BLASLibrary.coreType(forCPUFlags: Set(flags)) == expected)
    }

    @Test("OpenBLAS is loaded, and the summary names it and its core")
    func openBLASIsLoaded() throws {
        let library = BLASLibrary.shared
        #expect(library.sgemm != nil)
        #expect(library.dgemm != nil)
        #expect(library.summary.contains("openblas"))
        let core = try #require(library.summary.split(separator: "(core ").last?.dropLast())
        #expect(!core.isEmpty && core != "auto")
        if let chosen = library.chosenCoreType {
            #expect(core.lowercased() == chosen.lowercased())
        }
    }

    @Test("the CPU flags of this machine are read")
    func cpuFlags() {
        let flags = BLASLibrary.cpuFlags()
        #if arch(x86_64)
        #expect(flags.contains("sse2"))
        #endif
        #expect(!flags.contains(""))
        #expect(flags.allSatisfy { !$0.contains(" ") && !$0.contains("\n") })
    }
}
