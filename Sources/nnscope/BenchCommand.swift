import ArgumentParser
import Foundation
import JSON
import LinearAlgebra
import NeuralNetwork

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Time the fixed training workloads (and optionally matrix products).",
        discussion: """
            Workloads: \(BenchWorkload.all.map(\.name).joined(separator: ", ")). Each repetition trains a \
            fresh network; only `run(epochs:)` is timed, after one untimed repetition (--warmup). The \
            median repetition is reported.
            """
    )

    @Option(help: "A workload name, or all.")
    var workload = "all"

    @Flag(help: "Print one JSON object per workload (and per GEMM size) and nothing else.")
    var json = false

    @Option(parsing: .number, help: "Repetitions per workload; the median is reported.")
    var `repeat` = 3

    @Option(parsing: .number, help: "Untimed repetitions before the timed ones (first-run costs: page faults, BLAS buffers).")
    var warmup = 1

    @Flag(help: "Also time Matrix.multiply at n = 64, 256, 1024, 2048 in single and double precision, and the products of one training step of each selected workload.")
    var gemm = false

    func validate() throws {
        guard (0...100).contains(warmup) else { throw ValidationError("--warmup must be between 0 and 100, got \(warmup)") }
        guard (1...1000).contains(`repeat`) else { throw ValidationError("--repeat must be between 1 and 1000, got \(`repeat`)") }
        guard workload == "all" || BenchWorkload.named(workload) != nil else {
            throw ValidationError("unknown workload '\(workload)': choose all, \(BenchWorkload.all.map(\.name).joined(separator: ", "))")
        }
    }

    func run() throws {
        #if DEBUG
        FileHandle.standardError.write(Data("nnscope bench: warning: this is a debug build; time a release build (swift build -c release)\n".utf8))
        #endif
        _ = BLASLibrary.shared  // load the library (and start its threads) before any timing
        let selected = workload == "all" ? BenchWorkload.all : [BenchWorkload.named(workload)!]
        if !json { print("nnscope bench: \(BLASLibrary.shared.summary), \(ProcessInfo.processInfo.activeProcessorCount) cores, median of \(`repeat`)") }
        for w in selected {
            let result = try measure(w)
            if json {
                print(result.json.serialized)
            } else {
                let label = w.name.padding(toLength: 13, withPad: " ", startingAt: 0)
                    + w.shapeDescription.padding(toLength: max(24, w.shapeDescription.count + 1), withPad: " ", startingAt: 0)
                print(label + String(format: "%12.0f samples/s %10.5f s/epoch  (%.4f s, final loss %.4f)",
                                     result.samplesPerSecond, result.seconds / Double(w.epochs), result.seconds, result.finalLoss))
            }
        }
        if gemm {
            if !json { print(gemmSummary) }
            var best = 0.0
            for n in [64, 256, 1024, 2048] {
                let single = gemmRate(Float.self, n: n)
                let double = gemmRate(Double.self, n: n)
                best = max(best, single)
                if json {
                    print(JSONValue.object([
                        ("gemm", .int(n)), ("float32_gflops", .number(single)),
                        ("float64_gflops", .number(double)), ("blas", .string(BLASLibrary.shared.summary)),
                    ]).serialized)
                } else {
                    print(String(format: "  n = %4d   float32 %8.1f GFLOP/s   float64 %8.1f GFLOP/s", n, single, double))
                }
            }
            if !json { print("The products of one training step (forward, weight gradients, upstream gradients), float32:") }
            for w in selected {
                let rate = stepProductRate(w)
                if json {
                    print(JSONValue.object([
                        ("step_products", .string(w.name)), ("float32_gflops", .number(rate)),
                        ("fraction_of_best_gemm", .number(rate / best)),
                    ]).serialized)
                } else {
                    let label = w.name.padding(toLength: 13, withPad: " ", startingAt: 0)
                    print("  " + label + String(format: "%8.1f GFLOP/s = %3.0f%% of the best square product above", rate, 100 * rate / best))
                }
            }
        }
    }

    struct Result {
        var workload: BenchWorkload
        var seconds: Double
        var allSeconds: [Double]
        var finalLoss: Double
        var samplesPerSecond: Double { Double(workload.samplesPerEpoch * workload.epochs) / seconds }

        var json: JSONValue {
            .object([
                ("workload", .string(workload.name)),
                ("network", .string(workload.shapeDescription)),
                ("samples_per_second", .number(samplesPerSecond)),
                ("seconds", .number(seconds)),
                ("seconds_per_epoch", .number(seconds / Double(workload.epochs))),
                ("epochs", .int(workload.epochs)),
                ("samples", .int(workload.samplesPerEpoch * workload.epochs)),
                ("batch", .int(workload.batchSize)),
                ("repeats", .array(allSeconds.map { .number($0) })),
                ("final_loss", .number(finalLoss)),
                ("blas", .string(BLASLibrary.shared.summary)),
                ("kernels", .string(Matrix<Float>.kernelVariant)),
            ])
        }
    }

    /// Trains `repeat` fresh networks on the workload and keeps the median time of `run(epochs:)`.
    func measure(_ w: BenchWorkload) throws -> Result {
        let dataset = w.makeDataset()
        var times: [Double] = []
        var finalLoss = Double.nan
        for repetition in 0..<(warmup + `repeat`) {
            let trainer: Trainer<Float>
            do { trainer = try w.makeTrainer(dataset: dataset) } catch { throw ValidationError("\(error)") }
            let start = DispatchTime.now().uptimeNanoseconds
            let metrics = trainer.run(epochs: w.epochs)
            let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            guard metrics.count == w.epochs, trainer.status.isReady else {
                throw ValidationError("workload \(w.name) stopped early: \(trainer.status)")
            }
            guard repetition >= warmup else { continue }
            times.append(elapsed)
            finalLoss = metrics.last?.trainLoss ?? .nan
        }
        return Result(workload: w, seconds: median(times), allSeconds: times, finalLoss: finalLoss)
    }

    /// GFLOP/s of C ← A·B for n × n matrices, timed over at least 0.2 s after one warm-up product.
    /// Who computes which product (the first line of `--gemm`).
    var gemmSummary: String {
        let float = BLASLibrary.productThreading == .openblas
            ? "float32 in own kernel (\(Matrix<Float>.kernelVariant)) below \(Matrix<Float>.blasThreshold) multiply-adds, OpenBLAS's threads above"
            : "float32 in own kernel (\(Matrix<Float>.kernelVariant)), in chunks on two cores from \(Matrix<Float>.chunkThreshold) multiply-adds"
        return "GEMM through Matrix.multiply: \(float); float64 in \(BLASLibrary.shared.summary) from \(Matrix<Double>.blasThreshold)"
    }

    func gemmRate<Scalar: NNScalar>(_: Scalar.Type, n: Int) -> Double {
        let a = Matrix<Scalar>(rows: n, columns: n, elements: (0..<(n * n)).map { Scalar(($0 % 17) - 8) / 8 })
        let b = Matrix<Scalar>(rows: n, columns: n, elements: (0..<(n * n)).map { Scalar(($0 % 13) - 6) / 6 })
        var c = Matrix<Scalar>(rows: n, columns: n)
        Matrix.multiply(a, b, into: &c)
        var iterations = 0
        let start = DispatchTime.now().uptimeNanoseconds
        var elapsed = 0.0
        repeat {
            Matrix.multiply(a, b, into: &c)
            iterations += 1
            elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        } while elapsed < 0.2
        return 2 * Double(n * n * n) * Double(iterations) / elapsed / 1e9
    }
}

extension BenchCommand {
    /// The products one training step of `w` performs, with its shapes and transposes: z = a·W per
    /// layer, ∂L/∂W = aᵀ·δ per layer, ∂L/∂a = δ·Wᵀ for every layer but the first.
    struct Product {
        var a: Matrix<Float>
        var transposeA: Bool
        var b: Matrix<Float>
        var transposeB: Bool
        var c: Matrix<Float>
        var flops: Double
    }

    static func stepProducts(_ w: BenchWorkload) -> [Product] {
        let widths = [w.features] + w.hidden + [w.classes]
        let n = w.batchSize
        func filled(_ rows: Int, _ columns: Int) -> Matrix<Float> {
            Matrix(rows: rows, columns: columns, elements: (0..<(rows * columns)).map { Float(($0 % 19) - 9) / 16 })
        }
        var products: [Product] = []
        for l in 0..<(widths.count - 1) {
            let fanIn = widths[l], fanOut = widths[l + 1]
            let flops = 2 * Double(n * fanIn * fanOut)
            products.append(Product(a: filled(n, fanIn), transposeA: false, b: filled(fanIn, fanOut), transposeB: false,
                                    c: Matrix(rows: n, columns: fanOut), flops: flops))
            products.append(Product(a: filled(n, fanIn), transposeA: true, b: filled(n, fanOut), transposeB: false,
                                    c: Matrix(rows: fanIn, columns: fanOut), flops: flops))
            if l > 0 {
                products.append(Product(a: filled(n, fanOut), transposeA: false, b: filled(fanIn, fanOut), transposeB: true,
                                        c: Matrix(rows: n, columns: fanIn), flops: flops))
            }
        }
        return products
    }

    /// GFLOP/s of one step's products, run back to back for at least 0.2 s after a warm-up round.
    func stepProductRate(_ w: BenchWorkload) -> Double {
        var products = Self.stepProducts(w)
        let flopsPerRound = products.reduce(0) { $0 + $1.flops }
        func round() {
            for i in products.indices {
                Matrix.multiply(products[i].a, transposed: products[i].transposeA, products[i].b,
                                transposed: products[i].transposeB, into: &products[i].c)
            }
        }
        round()
        var rounds = 0
        let start = DispatchTime.now().uptimeNanoseconds
        var elapsed = 0.0
        repeat {
            round()
            rounds += 1
            elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        } while elapsed < 0.2
        return flopsPerRound * Double(rounds) / elapsed / 1e9
    }
}

/// The median of a non-empty list (the mean of the middle two for an even count).
func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    guard !sorted.isEmpty else { return .nan }
    let mid = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}
