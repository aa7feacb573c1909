import Activations
import Testing

@Suite("Activation derivatives")
struct DerivativeTests {
    @Test("f′ matches a central difference away from the kinks", arguments: activationsUnderTest)
    func derivativeMatchesFiniteDifference(activation: Activation) {
        let p = activation.parameter
        var failures: [String] = []
        for x in activation.smoothPoints(count: 400, seed: 17) {
            let analytic: Double = activation.derivative(x, parameter: p)
            let numeric = centralDifference({ activation.value($0, parameter: p) }, at: x)
            if !agree(analytic, numeric) { failures.append("x=\(x): f′=\(analytic), difference=\(numeric)") }
        }
        #expect(failures.isEmpty, "\(activation): \(failures.prefix(5).joined(separator: "; "))")
    }

    @Test("∂f/∂p matches a central difference in the parameter", arguments: activationsUnderTest)
    func parameterDerivativeMatchesFiniteDifference(activation: Activation) {
        var failures: [String] = []
        for (i, x) in activation.smoothPoints(count: 300, seed: 23).enumerated() {
            let p = [activation.parameter, 0.3, 1.7, -0.4][i % 4]
            let analytic: Double = activation.parameterDerivative(x, parameter: p)
            let numeric = centralDifference({ activation.value(x, parameter: $0) }, at: p)
            if !agree(analytic, numeric) { failures.append("x=\(x) p=\(p): ∂f/∂p=\(analytic), difference=\(numeric)") }
        }
        #expect(failures.isEmpty, "\(activation): \(failures.prefix(5).joined(separator: "; "))")
    }

    @Test("only the parameterised kinds depend on their parameter")
    func parameterDependence() {
        for kind in ActivationKind.allCases {
            let f = Activation(kind)
            let derivatives = [-3.0, -0.5, 0.7, 2.5].map { f.parameterDerivative($0, parameter: 0.8) }
            #expect(derivatives.contains { $0 != 0 } == (kind.parameterName != nil), "\(kind)")
        }
    }

    @Test("derivatives at the kinks follow the documented conventions")
    func kinkConventions() {
        #expect(Activation(.relu).derivative(0.0) == 0)
        #expect(Activation(.leakyRelu).derivative(0.0) == 0.01)
        #expect(Activation(.prelu, parameter: 0.3).derivative(0.0) == 0.3)
        #expect(Activation(.elu, parameter: 0.5).derivative(0.0) == 0.5)
        for x in [-1.0, 1] { #expect(Activation(.hardTanh).derivative(x) == 0) }
        for x in [-2.0, 2] { #expect(Activation(.hardLogistic).derivative(x) == 0) }
        #expect(Activation(.hardTanh).derivative(0.999) == 1)
        #expect(Activation(.hardLogistic).derivative(-1.999) == 0.25)
    }

    /// The derivative on a grid over [-20, 20] fine enough to find every maximum.
    func sampledMaximumDerivative(_ activation: Activation) -> Double {
        var best = -Double.infinity
        for i in 0...400_000 {
            best = Swift.max(best, activation.derivative(-20 + Double(i) * 1e-4))
        }
        return best
    }

    @Test("maximumDerivative bounds f′ and is within 1% of its largest value",
          arguments: activationsUnderTest + [Activation(.swish, parameter: 0)])
    func maximumDerivative(activation: Activation) {
        let sampled = sampledMaximumDerivative(activation)
        #expect(sampled <= activation.maximumDerivative, "\(activation): sampled \(sampled)")
        #expect(sampled >= 0.99 * activation.maximumDerivative, "\(activation): sampled \(sampled)")
    }
}
