import Randomness

extension DatasetSpec {
    /// Accepted range of `--noise` (Playground's noise 0 to 50, as a share).
    public static let noiseShareRange = 0.0...0.5

    /// Builds the dataset like `make(seed:)`, with Playground-style noise when `noiseShare` is given:
    /// the generator draws its points without noise (its own `noise=` option must not be given), then
    /// every input coordinate j of a classification dataset gets `noiseShare · σⱼ · N(0, 1)` added,
    /// σⱼ being that coordinate's population standard deviation over the clean points; a regression
    /// dataset gets `noiseShare · σ_y · N(0, 1)` added to its target instead. The noise draws come
    /// from their own stream (seeded from `seed`), so the clean points are those of `noise=0`.
    public func make(seed: UInt64, noiseShare: Double?) throws(DatasetError) -> Dataset {
        guard let noiseShare else { return try make(seed: seed) }
        guard DatasetSpec.noiseShareRange.contains(noiseShare) else {
            throw .invalidOption(name: "noise \(noiseShare)", message: "must be between 0 and 0.5 (the share of the data's spread)")
        }
        guard case let .synthetic(kind, points, noise, classes) = source else {
            throw .invalidOption(name: "noise", message: "applies to the built-in generators (\(DatasetSpec.builtInNames.joined(separator: ", "))), not to \(description)")
        }
        guard noise == nil else {
            throw .invalidOption(name: "noise", message: "\(description) already sets noise=; give the noise either in the spec or with --noise / set noise")
        }
        var clean = DatasetSpec(source: .synthetic(kind, points: points, noise: 0, classes: classes), standardize: standardizeOption)
            .makeUnnamed(seed: seed)
        clean.name = description
        var random = SeededGenerator(seed: seed ^ 0x0015_E000_0000_0004)
        switch clean.task {
        case .classification:
            let f = clean.features
            for j in 0..<f {
                let sigma = Self.deviation(clean.inputs, offset: j, stride: f)
                for i in 0..<clean.count { clean.inputs[i * f + j] += noiseShare * sigma * random.normal() }
            }
        case let .regression(targets, outputs):
            var noisy = targets
            for j in 0..<outputs {
                let sigma = Self.deviation(targets, offset: j, stride: outputs)
                for i in 0..<clean.count { noisy[i * outputs + j] += noiseShare * sigma * random.normal() }
            }
            clean.task = .regression(targets: noisy, outputs: outputs)
        }
        return clean
    }

    private func makeUnnamed(seed: UInt64) -> Dataset {
        guard case let .synthetic(kind, points, noise, classes) = source else { preconditionFailure("synthetic only") }
        return kind.generate(points: points, noise: noise, classes: classes, seed: seed)
    }

    /// Population standard deviation of values[offset], values[offset + stride], ...
    private static func deviation(_ values: [Double], offset: Int, stride: Int) -> Double {
        let n = values.count / stride
        guard n > 0 else { return 0 }
        var sum = 0.0
        for i in 0..<n { sum += values[i * stride + offset] }
        let mean = sum / Double(n)
        var squares = 0.0
        for i in 0..<n { let d = values[i * stride + offset] - mean; squares += d * d }
        return (squares / Double(n)).squareRoot()
    }
}
