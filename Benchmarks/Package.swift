// swift-tools-version: 6.1
// nnscope's micro-benchmarks (package-benchmark): the steady-state training step of each
// `nnscope bench` workload and matrix products, with wall time and malloc counts.
// A package of its own so that the root package's `swift build` and `swift test` do not build it.
//
//     cd Benchmarks && swift package benchmark
import PackageDescription

let package = Package(
    name: "nnscope-benchmarks",
    dependencies: [
        .package(name: "nnscope", path: ".."),
        // The default trait pulls a package that does not resolve here; the malloc interposer is
        // all the malloc counts need.
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "NNScopeBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "NNScopeCore", package: "nnscope"),
            ],
            path: "Benchmarks/NNScopeBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
