import Benchmark
#if canImport(Glibc)
import Glibc
#endif
import Datasets
import LinearAlgebra
import NeuralNetwork

// BenchWorkloads.swift is a link to Sources/nnscope/BenchWorkloads.swift: the same workloads as
// `nnscope bench` and bench/compare.py.

let benchmarks: @Sendable () -> Void = {
    let metrics: [BenchmarkMetric] = [.wallClock, .cpuTotal, .mallocCountTotal, .mallocCountSmall, .mallocCountLarge]

    // The floor: what the framework itself allocates around one sample. A step that allocates
    // nothing shows the same counts.
    Benchmark("noop (allocation floor)", configuration: .init(metrics: metrics, scalingFactor: .one, maxIterations: 2000)) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(0) }
    }

    // The floor of a sample as long as a mnist-size step (about 1-2 ms here): a loop that only reads
    // the clock. The framework allocates 2 more in some samples of this length (18 from p75 in the
    // eighth session) with no code of ours running, so a step that shows the same allocates nothing.
    Benchmark("busy 2 ms (allocation floor of a long sample)",
              configuration: .init(metrics: metrics, scalingFactor: .one, maxIterations: 200)) { benchmark in
        for _ in benchmark.scaledIterations {
            var now = timespec()
            clock_gettime(CLOCK_MONOTONIC, &now)
            let end = Double(now.tv_sec) + Double(now.tv_nsec) * 1e-9 + 2e-3
            var polls = 0
            repeat {
                clock_gettime(CLOCK_MONOTONIC, &now)
                polls += 1
            } while Double(now.tv_sec) + Double(now.tv_nsec) * 1e-9 < end
            blackHole(polls)
        }
    }

    // One mini-batch of each workload, in steady state: the trainer has already run `warmupSteps`
    // batches. The data are the workload's rows repeated so that no epoch ends while measuring
    // (an epoch's end evaluates and appends to the history: per epoch, not per step).
    for workload in BenchWorkload.all {
        let iterations = workload.name == "mnist-size" ? 200 : 2000
        let warmupSteps = 10
        let trainer = makeSteadyStateTrainer(workload, steps: iterations + warmupSteps + 10)
        for _ in 0..<warmupSteps { trainer.stepBatch() }
        Benchmark(
            "train step \(workload.name) (\(workload.shapeDescription), batch \(workload.batchSize))",
            configuration: .init(metrics: metrics, warmupIterations: 5, scalingFactor: .one,
                                 maxDuration: .seconds(3), maxIterations: iterations)
        ) { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(trainer.stepBatch())
            }
        }
    }

    // C ← A·B through Matrix.multiply (BLAS above the threshold), in both precisions.
    for n in [64, 256, 1024] {
        gemmBenchmark(Float.self, n: n, metrics: metrics)
        gemmBenchmark(Double.self, n: n, metrics: metrics)
    }

    // One full 200x60 TUI frame of every widget (FrameBenchmark.swift).
    frameBenchmark(metrics: metrics)
}

/// A trainer on `steps` batches' worth of the workload's rows, so that `steps` calls stay in one epoch.
func makeSteadyStateTrainer(_ workload: BenchWorkload, steps: Int) -> Trainer<Float> {
    let base = workload.makeDataset()
    let rows = workload.batchSize * steps
    var inputs = [Double]()
    inputs.reserveCapacity(rows * base.features)
    var labels = [Int]()
    guard case let .classification(baseLabels, names) = base.task else { fatalError("bench workloads classify") }
    for r in 0..<rows {
        let source = r % base.count
        inputs.append(contentsOf: base.input(source))
        labels.append(baseLabels[source])
    }
    let dataset = Dataset(name: base.name, count: rows, features: base.features, inputs: inputs,
                          task: .classification(labels: labels, classNames: names))
    do {
        return try workload.makeTrainer(dataset: dataset)
    } catch {
        fatalError("workload \(workload.name): \(error)")
    }
}

func gemmBenchmark<Scalar: NNScalar>(_: Scalar.Type, n: Int, metrics: [BenchmarkMetric]) {
    let a = Matrix<Scalar>(rows: n, columns: n, elements: (0..<(n * n)).map { Scalar(($0 % 17) - 8) / 8 })
    let b = Matrix<Scalar>(rows: n, columns: n, elements: (0..<(n * n)).map { Scalar(($0 % 13) - 6) / 6 })
    var c = Matrix<Scalar>(rows: n, columns: n)
    Benchmark(
        "gemm \(Scalar.dtypeName) n=\(n) (\(2 * n * n * n) flop)",
        configuration: .init(metrics: metrics + [.throughput], warmupIterations: 3, scalingFactor: .one,
                             maxDuration: .seconds(2), maxIterations: n >= 1024 ? 100 : 2000)
    ) { benchmark in
        for _ in benchmark.scaledIterations {
            Matrix.multiply(a, b, into: &c)
        }
        blackHole(c.storage[0])
    }
}
