import NeuralNetwork
import Testing

/// The epoch's percentiles of z, a and ∂L/∂W: the selection rule against a plain sort, and the
/// trainer's numbers against the inspector's per-example forward and backward passes.
@Suite("Per-layer percentiles over the epochs")
struct DistributionTests {
    /// Nearest-rank percentiles by Swift's sort, independently of the counted ranks.
    static func reference(_ values: [Float]) -> [Double] {
        let sorted = values.filter(\.isFinite).sorted()
        return LayerDistributions.levels.map { Double(sorted[Int(($0 / 100 * Double(sorted.count - 1)).rounded())]) }
    }

    /// Equal to within rounding at `digits` significant digits.
    static func close(_ a: [Double], _ b: [Double], digits: Int = 4) -> Bool {
        var tolerance = 5.0
        for _ in 0..<digits { tolerance /= 10 }
        guard a.count == b.count else { return false }
        for (x, y) in zip(a, b) {
            let scale: Double = max(abs(y), 1e-30)
            if abs(x - y) > scale * tolerance { return false }
        }
        return true
    }

    @Test("percentiles of a sample match a full sort; non-finite values are left out; no values, none")
    func percentilesOfSample() {
        var scratch = [Float](repeating: 0, count: LayerDistributions.sampleLimit)
        var generator = SystemRandomNumberGenerator()
        for count in [1, 2, 7, 100, LayerDistributions.sampleLimit] {
            var values = (0..<count).map { _ in Float.random(in: -3...5, using: &generator) }
            if count > 2 { values[1] = .nan; values[2] = .infinity }
            let got = values.withUnsafeBufferPointer { v in
                scratch.withUnsafeMutableBufferPointer { LayerDistributions.percentiles(of: v, count: count, scratch: $0) }
            }
            #expect(Self.close(got, Self.reference(values)), "count \(count)")
        }
        // 0...999 strided to 125 values (every 8th): the minimum and the largest sampled.
        let long = (0..<1000).map { Float($0) }
        let got = long.withUnsafeBufferPointer { v in
            scratch.withUnsafeMutableBufferPointer { LayerDistributions.percentiles(of: v, count: 1000, scratch: $0) }
        }
        #expect(got == Self.reference(stride(from: 0, to: 1000, by: 8).map { Float($0) }))
        // Ties (a ReLU layer's zeros, repeated gradients): every percentile is one of the values.
        let tied: [Float] = (0..<LayerDistributions.sampleLimit).map { i in i % 3 == 0 ? 0 : Float(i % 5) - 1 }
        let gotTied = tied.withUnsafeBufferPointer { v in
            scratch.withUnsafeMutableBufferPointer { LayerDistributions.percentiles(of: v, count: tied.count, scratch: $0) }
        }
        #expect(gotTied == Self.reference(tied))
        let empty = [Float.nan]
        #expect(empty.withUnsafeBufferPointer { v in
            scratch.withUnsafeMutableBufferPointer { LayerDistributions.percentiles(of: v, count: 1, scratch: $0) }
        }.isEmpty)
    }

    @Test("values are rounded to four significant digits and print as such")
    func rounding() {
        #expect(LayerDistributions.rounded(0.17586680942207233) == 0.1759)
        #expect("\(LayerDistributions.rounded(-1234.5678))" == "-1235.0")
        #expect("\(LayerDistributions.rounded(0.000012345678))" == "1.235e-05")
        #expect(LayerDistributions.rounded(0) == 0)
        #expect(LayerDistributions.rounded(1000) == 1000)
    }

    @Test("a full-batch epoch's percentiles are those of every example's z, a and the mean ∂L/∂W", arguments: ["tanh", "relu", "maxout:2"])
    func trainerMatchesInspection(activation: String) throws {
        let c = try Fixtures.configuration {
            try $0.set("activation", activation)
            try $0.set("layers", "3,3")
            try $0.set("batch", "20")
            $0.validationFraction = 0
        }
        let trainer = try Trainer<Float>(configuration: c, dataset: Fixtures.xorCorners(repeats: 5))
        trainer.run(epochs: 3)
        // The next epoch is one batch of every example at the current weights.
        let inspections = try (0..<trainer.trainCount).map { try trainer.inspect(example: $0) }
        let metrics = try #require(trainer.stepEpoch())
        for (l, layer) in metrics.layers.enumerated() {
            let d = try #require(layer.distributions)
            let z = inspections.flatMap { $0.layers[l].z }.map { Float($0) }
            let a = inspections.flatMap { $0.layers[l].a }.map { Float($0) }
            #expect(z.count <= LayerDistributions.sampleLimit)
            #expect(Self.close(d.z, Self.reference(z)), "layer \(l + 1) z: \(d.z) vs \(Self.reference(z))")
            #expect(Self.close(d.a, Self.reference(a)), "layer \(l + 1) a")
            // The batch's gradient is the mean of the per-example gradients.
            let entries = inspections[0].layers[l].gradWeights.count
            let mean = (0..<entries).map { i in Float(inspections.map { $0.layers[l].gradWeights[i] }.reduce(0, +) / Double(inspections.count)) }
            #expect(Self.close(d.gradient, Self.reference(mean), digits: 3), "layer \(l + 1) ∂L/∂W: \(d.gradient) vs \(Self.reference(mean))")
        }
    }

    @Test("an epoch that diverged has no percentiles")
    func divergedEpoch() throws {
        let c = try Fixtures.configuration {
            try $0.set("layers", "4")
            try $0.set("lr", "1e30")
            $0.validationFraction = 0
        }
        let trainer = try Trainer<Float>(configuration: c, dataset: Fixtures.xorCorners())
        let epochs = trainer.run(epochs: 20)
        let last = try #require(epochs.last)
        #expect(last.diverged != nil)
        #expect(last.layers.allSatisfy { $0.distributions == nil })
    }
}
