import Randomness
import Activations

/// The project's seeded generator, so every test draws the same points on every run.
struct TestRandom {
    private var generator: SeededGenerator

    init(seed: UInt64) { generator = SeededGenerator(seed: seed) }

    mutating func next() -> UInt64 { generator.next() }

    /// Uniform in [low, high).
    mutating func uniform(_ low: Double, _ high: Double) -> Double { generator.uniform(low, high) }
}

/// Every kind with its default parameter, plus non-default parameters for the kinds that take one.
let activationsUnderTest: [Activation] = ActivationKind.allCases.map { Activation($0) } + [
    Activation(.leakyRelu, parameter: 0.2), Activation(.prelu, parameter: 0.05), Activation(.prelu, parameter: 1.5),
    Activation(.elu, parameter: 0.5), Activation(.elu, parameter: 2), Activation(.swish, parameter: 2),
    Activation(.swish, parameter: 0.5, learnable: true),
]

extension Activation {
    /// The points where the function is not differentiable (or its derivative jumps).
    var kinks: [Double] {
        switch kind {
        case .relu, .leakyRelu, .prelu, .elu: return [0]
        case .hardTanh: return [-1, 1]
        case .hardLogistic: return [-2, 2]
        default: return []
        }
    }

    /// `count` seeded points in [-8, 8], none within 1e-3 of a kink.
    func smoothPoints(count: Int, seed: UInt64) -> [Double] {
        var random = TestRandom(seed: seed)
        var points: [Double] = []
        while points.count < count {
            let x = random.uniform(-8, 8)
            if kinks.allSatisfy({ Swift.abs(x - $0) > 1e-3 }) { points.append(x) }
        }
        return points
    }
}

/// The central difference (f(x+h) − f(x−h)) / 2h.
func centralDifference(_ f: (Double) -> Double, at x: Double, step h: Double = 1e-5) -> Double {
    (f(x + h) - f(x - h)) / (2 * h)
}

/// |a − b| within `relative` of the larger magnitude, with an absolute floor of `relative`·`floor`
/// for values near 0 (where a relative criterion would demand more than a finite difference can give).
func agree(_ a: Double, _ b: Double, relative: Double = 1e-6, floor: Double = 1e-2) -> Bool {
    Swift.abs(a - b) <= relative * Swift.max(Swift.abs(a), Swift.abs(b), floor)
}
