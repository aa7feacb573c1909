#if canImport(Glibc)
import Glibc
#endif
import CFuzzerDriver

// Usage: NNScopeFuzz TARGET [libFuzzer options] [CORPUS...]
//        NNScopeFuzz TARGET FILE...   (with -runs=0: replay inputs, as the regression tests do)
let usage = "usage: NNScopeFuzz \(FuzzTarget.allCases.map(\.rawValue).joined(separator: "|")) [libFuzzer options] [corpus folders]"
guard CommandLine.arguments.count >= 2, let target = FuzzTarget(rawValue: CommandLine.arguments[1]) else {
    print(usage)
    exit(2)
}
nonisolated(unsafe) var selectedTarget = target

@_cdecl("LLVMFuzzerTestOneInput")
func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    selectedTarget.run(bytes)
    return 0
}

// libFuzzer sees the program name and the options, without the target name.
var arguments: [String] = [CommandLine.arguments[0]] + CommandLine.arguments.dropFirst(2)
var argc = Int32(arguments.count)
var cStrings: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
let status = cStrings.withUnsafeMutableBufferPointer { buffer -> Int32 in
    var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = buffer.baseAddress
    return LLVMFuzzerRunDriver(&argc, &argv) { data, size in fuzzOneInput(data, size) }
}
exit(status)
