import Randomness
import Autodiff
import LinearAlgebra
import Testing

/// The project's seeded generator, so every test sees the same numbers.
struct TestRandom {
    var generator: SeededGenerator
    init(seed: UInt64) { generator = SeededGenerator(seed: seed) }
    /// Uniform in [0, 1).
    mutating func next() -> Double { generator.nextUnit() }
    /// Uniform in [low, high), at least 0.05 away from the kinks of the activations (0, ±1, ±2).
    mutating func awayFromKinks(_ low: Double, _ high: Double) -> Double {
        while true {
            let x = low + (high - low) * next()
            if [-2.0, -1, 0, 1, 2].allSatisfy({ abs(x - $0) > 0.05 }) { return x }
        }
    }
    mutating func tensor(_ rows: Int, _ columns: Int, _ low: Double = -2.5, _ high: Double = 2.5) -> Tensor {
        Tensor(rows: rows, columns: columns, elements: (0..<(rows * columns)).map { _ in awayFromKinks(low, high) })
    }
}

/// Checks the reverse-mode gradient of `build` against central finite differences (1e-6 relative,
/// absolute below 1) and forward mode against reverse mode (1e-12 relative to the gradient's size).
/// A non-scalar result is weighted by a fixed random probe and summed, so every element matters.
func checkGradients(_ label: String, _ inputs: [Tensor], sourceLocation: SourceLocation = #_sourceLocation,
                    _ build: (inout Graph, [NodeID]) -> NodeID) {
    var random = TestRandom(seed: 99)
    var probe: Tensor?
    func record(_ xs: [Tensor]) -> (Graph, NodeID, [NodeID]) {
        var g = Graph()
        let ids = xs.map { g.input($0) }
        let y = build(&g, ids)
        if probe == nil { probe = random.tensor(g.value(y).rows, g.value(y).columns, 0.5, 1.5) }
        let out = g.value(y).count == 1 ? y : g.multiply(y, g.constant(probe!))
        return (g, out, ids)
    }
    let (g, out, ids) = record(inputs)
    let reverse = g.gradients(of: out, withRespectTo: ids)
    let forward = g.forwardGradient(of: out, withRespectTo: ids)
    func f(_ xs: [Tensor]) -> Double { let (g, out, _) = record(xs); return g.value(out).elements.reduce(0, +) }
    let h = 1e-5
    for (k, x) in inputs.enumerated() {
        #expect(reverse[k].rows == x.rows && reverse[k].columns == x.columns, "\(label): gradient shape", sourceLocation: sourceLocation)
        let scale = reverse[k].elements.map(abs).max() ?? 0
        for e in 0..<x.count {
            var plus = inputs, minus = inputs
            plus[k].storage[e] += h
            minus[k].storage[e] -= h
            let numeric = (f(plus) - f(minus)) / (2 * h)
            let analytic = reverse[k].storage[e]
            #expect(abs(analytic - numeric) <= 1e-6 * max(1, abs(numeric)),
                    "\(label): input \(k) element \(e): reverse \(analytic), finite difference \(numeric)", sourceLocation: sourceLocation)
            #expect(abs(forward[k].storage[e] - analytic) <= 1e-12 * max(scale, 1e-300),
                    "\(label): input \(k) element \(e): forward \(forward[k].storage[e]), reverse \(analytic)", sourceLocation: sourceLocation)
        }
    }
}
