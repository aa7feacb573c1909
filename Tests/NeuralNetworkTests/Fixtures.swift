import Datasets
import NeuralNetwork

/// Small datasets built in the tests, independent of the generators.
enum Fixtures {
    /// y = sin(x) sampled on a grid: a regression dataset.
    static func sine(count: Int = 40) -> Dataset {
        var inputs: [Double] = []
        var targets: [Double] = []
        for i in 0..<count {
            let x = -3 + 6 * Double(i) / Double(count - 1)
            inputs.append(x)
            targets.append(sin(x))
        }
        return Dataset(name: "sine-fixture", count: count, features: 1, inputs: inputs, task: .regression(targets: targets, outputs: 1))
    }

    /// The four XOR corners, each repeated.
    static func xorCorners(repeats: Int = 10) -> Dataset {
        var inputs: [Double] = []
        var labels: [Int] = []
        for _ in 0..<repeats {
            for (x, y) in [(-1.0, -1.0), (-1, 1), (1, -1), (1, 1)] {
                inputs += [x, y]
                labels.append(x * y > 0 ? 1 : 0)
            }
        }
        return Dataset(name: "xor-corners", count: labels.count, features: 2, inputs: inputs,
                       task: .classification(labels: labels, classNames: ["0", "1"]))
    }

    static func configuration(_ edit: (inout TrainingConfiguration) throws -> Void = { _ in }) rethrows -> TrainingConfiguration {
        var c = TrainingConfiguration()
        try edit(&c)
        return c
    }
}

#if canImport(Glibc)
import Glibc
#endif
