// swift-tools-version: 6.0
// libFuzzer targets for nnscope's readers of untrusted input: the session reader, the command
// parser, the expression parser, the CSV and IDX loaders. A package of its own so that the root
// package's `swift build` and `swift test` never build it with the fuzzer.
//
//     make fuzz-short      # 20 s per target
//     make fuzz            # 5 minutes per target
//     scripts/faults/fuzz.sh TARGET SECONDS
import PackageDescription

let package = Package(
    name: "nnscope-fuzz",
    dependencies: [.package(name: "nnscope", path: "..")],
    targets: [
        // Declares libFuzzer's LLVMFuzzerRunDriver (SwiftPM renames an executable's main, so the
        // driver is started from top-level code).
        .target(name: "CFuzzerDriver"),
        .executableTarget(
            name: "NNScopeFuzz",
            dependencies: ["CFuzzerDriver", .product(name: "NNScopeInputs", package: "nnscope")]
        ),
    ]
)
