// swift-tools-version: 6.0
// nnscope: watch feedforward neural networks learn, in a terminal.
import PackageDescription

let numerics = Target.Dependency.product(name: "RealModule", package: "swift-numerics")
let argumentParser = Target.Dependency.product(name: "ArgumentParser", package: "swift-argument-parser")

let package = Package(
    name: "nnscope",
    products: [
        .executable(name: "nnscope", targets: ["nnscope"]),
        // The training core and the renderer, for the separate Benchmarks package.
        .library(name: "NNScopeCore", targets: ["LinearAlgebra", "VectorKernels", "Activations", "Randomness", "Datasets", "NeuralNetwork", "Render"]),
        // The parsers and readers of untrusted input, for the separate Fuzz package.
        .library(name: "NNScopeInputs", targets: ["JSON", "Sessions", "CommandLanguage", "Commands", "Autodiff", "Datasets", "WeightFiles", "WeightExchange", "Render"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-numerics", from: "1.0.0"),
    ],
    targets: [
        // C libraries reached through system-library targets.
        .systemLibrary(name: "CBLAS", path: "Sources/CBLAS"),
        .systemLibrary(name: "CNCursesW", path: "Sources/CNCursesW"),
        .systemLibrary(name: "CZlib", path: "Sources/CZlib"),

        // The single-precision kernels of the training step in C (small products, layer epilogue,
        // σ, softmax's exponentials, the SGD pass), compiled for baseline x86-64, AVX2 and AVX-512
        // and chosen at start-up; every variant gives the same bits.
        .target(name: "VectorKernels"),

        // Numerical core: matrices (BLAS-backed) and activation functions.
        .target(name: "LinearAlgebra", dependencies: ["CBLAS", "VectorKernels", numerics]),
        .target(name: "Activations", dependencies: ["VectorKernels", "Spelling", numerics]),

        // "Did you mean": the one edit distance and closest-word rule of every unknown-name message.
        .target(name: "Spelling"),

        // Data, networks and training.
        .target(name: "Randomness"),
        .target(name: "Datasets", dependencies: ["Randomness", "CZlib", "Spelling"]),
        .target(name: "NeuralNetwork", dependencies: ["LinearAlgebra", "Activations", "VectorKernels", "Datasets", "Randomness", "Spelling", numerics]),

        // Computational graphs and automatic differentiation.
        .target(name: "Autodiff", dependencies: ["LinearAlgebra", "Activations", "NeuralNetwork", "Spelling", numerics]),

        // The loss landscape: loss over a plane of weights, its directions, curvature by Lanczos.
        .target(name: "Landscape", dependencies: ["NeuralNetwork", "Autodiff", "LinearAlgebra", "Randomness"]),

        // JSON values: ordered objects, round-tripping numbers, a bounded parser.
        .target(name: "JSON"),

        // Weight files other programs read: .npy, .npz (zip), safetensors. Pure: bytes in, bytes out.
        .target(name: "WeightFiles", dependencies: ["CZlib", "JSON"]),

        // Networks as weight files and Python scripts: the tensor names, predictions, nnscope export/predict/--init-from.
        .target(name: "WeightExchange", dependencies: ["WeightFiles", "NeuralNetwork", "Sessions", "Datasets", "Activations", "LinearAlgebra", "JSON", numerics]),

        // Pure rendering into a cell buffer (standard library only); its NumberFormat is every
        // number a learner reads, on screen and in printed lines.
        .target(name: "Render"),

        // Recorded runs.
        // The command language's words: tokenizing, quoting, the error type (below Sessions, whose
        // events are command lines).
        .target(name: "CommandText"),
        // The command language itself: the typed `Command`, its parser and its printer (inverse of
        // each other), the command table and the interface settings (below Sessions, whose events
        // are commands).
        .target(name: "CommandLanguage", dependencies: ["CommandText", "Spelling", "NeuralNetwork", "Render"]),

        .target(name: "Sessions", dependencies: ["NeuralNetwork", "Datasets", "JSON", "Render", "CommandText", "CommandLanguage"]),

        // The command language shared by the TUI, `nnscope repl` and scripts.
        .target(name: "Commands", dependencies: ["CommandText", "CommandLanguage", "Spelling", "NeuralNetwork", "Datasets", "Activations", "Autodiff", "Sessions", "Render"]),

        // The only module that talks to ncurses.
        .target(name: "Terminal", dependencies: ["CNCursesW", "Render"]),

        // Lessons: the lesson file format and the lessons folder (Foundation only).
        .target(name: "Lessons", exclude: ["Library"]),
        // The numbers behind the lessons' drawings (tanh = 2σ(2x) − 1, swish's β, the zig-zag of two
        // weights, hidden units' contributions), computed by the network and activation code.
        .target(name: "LessonFigures", dependencies: ["NeuralNetwork", "Activations", "LinearAlgebra", "Randomness"]),
        // The measurements lessons' checks name, run through the command language.
        .target(name: "LessonChecks", dependencies: ["Lessons", "LessonFigures", "Commands", "NeuralNetwork", "Activations", "Autodiff", "LinearAlgebra", "Landscape"]),

        // The TUI: screens, key bindings, the UI loop.
        .target(name: "App", dependencies: ["Lessons", "LessonFigures", "Commands", "Render", "Terminal", "Sessions", "NeuralNetwork", "Activations", "Datasets", "LinearAlgebra", "Landscape"]),

        .executableTarget(
            name: "nnscope",
            dependencies: [argumentParser, "App", "Commands", "NeuralNetwork", "Activations", "Autodiff",
                           "Sessions", "Datasets", "LinearAlgebra", "Render", "Terminal", "JSON", "WeightFiles", "WeightExchange", "Landscape", "Lessons", "LessonChecks"]
        ),

        .testTarget(name: "LinearAlgebraTests", dependencies: ["LinearAlgebra", "VectorKernels", "Randomness"]),
        .testTarget(name: "ActivationsTests", dependencies: ["Activations", "Randomness", "Spelling"]),
        .testTarget(name: "VectorKernelsTests", dependencies: ["VectorKernels", "Activations", "Randomness"]),
        .testTarget(name: "SpellingTests", dependencies: ["Spelling"]),
        .testTarget(name: "DatasetsTests", dependencies: ["Datasets", "Randomness", "Spelling"]),
        .testTarget(name: "NeuralNetworkTests", dependencies: ["NeuralNetwork", "Datasets", "Activations", "LinearAlgebra", "Randomness"]),
        .testTarget(name: "AutodiffTests", dependencies: ["Autodiff", "NeuralNetwork", "Activations", "LinearAlgebra", "Randomness"]),
        .testTarget(name: "LandscapeTests", dependencies: ["Landscape", "Autodiff", "NeuralNetwork", "Activations", "LinearAlgebra", "Randomness"]),
        .testTarget(name: "SessionsTests", dependencies: ["Sessions", "CommandLanguage", "NeuralNetwork", "JSON"]),
        .testTarget(name: "JSONTests", dependencies: ["JSON"]),
        .testTarget(name: "WeightFilesTests", dependencies: ["WeightFiles"]),
        .testTarget(name: "WeightExchangeTests", dependencies: ["WeightExchange", "WeightFiles", "NeuralNetwork", "Sessions", "Activations", "LinearAlgebra", "Randomness"]),
        .testTarget(name: "RenderTests", dependencies: ["Render"]),
        .testTarget(name: "TerminalTests", dependencies: ["Terminal", "Render"]),
        .testTarget(name: "CommandsTests", dependencies: ["Commands", "SettingSamples", "NeuralNetwork", "Sessions", "Autodiff", "Randomness"]),
        .testTarget(name: "FaultTests", dependencies: ["Sessions", "Commands", "Datasets", "JSON", "Autodiff", "NeuralNetwork", "Randomness", "WeightFiles", "WeightExchange", "CZlib"],
                    exclude: ["Regressions"]),
        .testTarget(name: "AppTests", dependencies: ["App", "Render", "Commands", "Terminal", "NeuralNetwork", "Landscape"],
                    exclude: ["Golden"]),
        .testTarget(name: "EndToEndTests", dependencies: []),
        // Values of every setting, shared by the command-language and CLI tests.
        .target(name: "SettingSamples", path: "Tests/SettingSamples"),
        .testTarget(name: "CLITests", dependencies: ["nnscope", "Commands", "NeuralNetwork", "SettingSamples"]),
        .testTarget(name: "LessonsTests", dependencies: ["Lessons", "LessonChecks", "LessonFigures", "Activations", "LinearAlgebra", "App", "Render", "Commands", "NeuralNetwork", "Terminal"], exclude: ["Golden"]),
    ]
)
