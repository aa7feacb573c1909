import Foundation
import Activations
import Datasets
import NeuralNetwork
import Randomness

/// The fixed training runs that `nnscope bench`, the `Benchmarks` package and `bench/compare.py`
/// time. Every implementation uses the same shapes, batch sizes, epochs and optimiser; the data
/// come from a fixed seed.
struct BenchWorkload: Sendable {
    /// The name on the command line and in JSON: "spiral", "deep-sigmoid", "digits", "mnist-size".
    let name: String
    let examples: Int
    let features: Int
    let classes: Int
    let hidden: [Int]
    let activation: ActivationKind
    let batchSize: Int
    let epochs: Int
    let learningRate: Double

    /// Every workload, in the order `--workload all` runs them.
    static let all: [BenchWorkload] = [
        BenchWorkload(name: "spiral", examples: 300, features: 2, classes: 3, hidden: [16, 16],
                      activation: .relu, batchSize: 10, epochs: 200, learningRate: 0.1),
        BenchWorkload(name: "deep-sigmoid", examples: 1000, features: 2, classes: 2, hidden: Array(repeating: 32, count: 10),
                      activation: .logistic, batchSize: 32, epochs: 20, learningRate: 0.1),
        BenchWorkload(name: "digits", examples: 1797, features: 64, classes: 10, hidden: [128, 64],
                      activation: .relu, batchSize: 32, epochs: 30, learningRate: 0.1),
        BenchWorkload(name: "mnist-size", examples: 10_000, features: 784, classes: 10, hidden: [256, 128],
                      activation: .relu, batchSize: 128, epochs: 3, learningRate: 0.01),
    ]

    /// The workload called `name`, or nil.
    static func named(_ name: String) -> BenchWorkload? { all.first { $0.name == name } }

    /// Samples trained in one epoch.
    var samplesPerEpoch: Int { examples }

    /// "2-16-16-3".
    var shapeDescription: String { ([features] + hidden + [classes]).map(String.init).joined(separator: "-") }

    /// Softmax cross-entropy, plain SGD, no validation split, no standardisation (the data are
    /// already centred), seed 1.
    var configuration: TrainingConfiguration {
        var c = TrainingConfiguration()
        c.dataset = name
        c.hidden = hidden
        c.activation = .activation(Activation(activation))
        c.batchSize = batchSize
        c.optimizer.kind = .sgd
        c.optimizer.learningRate = learningRate
        c.validationFraction = 0
        c.standardize = .off
        c.loss = .softmaxCrossEntropy
        c.seed = 1
        return c
    }

    /// The workload's data, generated from a fixed seed.
    func makeDataset() -> Dataset {
        var rng = SeededGenerator(seed: 0xBE4C_0000_0000_0000 &+ UInt64(examples))
        var inputs = [Double]()
        inputs.reserveCapacity(examples * features)
        var labels = [Int]()
        labels.reserveCapacity(examples)
        switch name {
        case "spiral":
            // The course's spiral: class k's arm starts at angle 4k; radius grows from 0 to 1.
            let perClass = examples / classes
            for k in 0..<classes {
                for i in 0..<perClass {
                    let r = Double(i) / Double(perClass)
                    let t = Double(k) * 4 + Double(i) * 4 / Double(perClass) + rng.normal() * 0.2
                    inputs += [r * sin(t), r * cos(t)]
                    labels.append(k)
                }
            }
        case "deep-sigmoid":
            // Two Gaussian blobs centred at (−1, −1) and (1, 1).
            for i in 0..<examples {
                let k = i % 2
                let centre: Double = k == 0 ? -1 : 1
                inputs += [centre + rng.normal(), centre + rng.normal()]
                labels.append(k)
            }
        case "digits":
            // Digits-shaped: one random 8×8 prototype per class (pixel values 0…16) plus noise.
            let prototypes = (0..<classes).map { _ in (0..<features).map { _ in rng.uniform(0, 16) } }
            for i in 0..<examples {
                let k = i % classes
                for j in 0..<features { inputs.append((prototypes[k][j] + rng.normal(standardDeviation: 4)) / 16) }
                labels.append(k)
            }
        default:
            // MNIST-sized random inputs and labels: a pure speed test.
            for _ in 0..<(examples * features) { inputs.append(rng.normal()) }
            for _ in 0..<examples { labels.append(rng.nextInt(below: classes)) }
        }
        return Dataset(name: "bench:\(name)", count: examples, features: features, inputs: inputs,
                       task: .classification(labels: labels, classNames: (0..<classes).map(String.init)))
    }

    /// A fresh trainer for the workload (network initialised from the configuration's seed).
    func makeTrainer(dataset: Dataset) throws(NetworkError) -> Trainer<Float> {
        try Trainer<Float>(configuration: configuration, dataset: dataset)
    }
}
