import Activations
import Testing

/// f″, ∂²f/∂x∂p and ∂²f/∂p² against central differences of f′ and ∂f/∂p.
@Suite struct SecondDerivativeTests {
    static let points: [Double] = [-7.3, -3.1, -1.4, -0.6, -0.2, 0.3, 0.8, 1.5, 2.7, 6.1]

    @Test(arguments: ActivationKind.allCases)
    func secondDerivativesMatchDifferencesOfFirstDerivatives(kind: ActivationKind) {
        let f = Activation(kind)
        let p = kind == .swish ? 1.3 : f.parameter
        let h = 1e-6
        for x in Self.points {
            let numeric = (f.derivative(x + h, parameter: p) - f.derivative(x - h, parameter: p)) / (2 * h)
            let exact = f.secondDerivative(x, parameter: p)
            #expect(abs(exact - numeric) <= 1e-6 * max(1, abs(numeric)), "\(kind) f'' at \(x): \(exact) vs \(numeric)")
            let mixedNumeric = (f.derivative(x, parameter: p + h) - f.derivative(x, parameter: p - h)) / (2 * h)
            #expect(abs(f.mixedDerivative(x, parameter: p) - mixedNumeric) <= 1e-6 * max(1, abs(mixedNumeric)), "\(kind) mixed at \(x)")
            if f.kind.parameterName != nil {
                let crossNumeric = (f.parameterDerivative(x + h, parameter: p) - f.parameterDerivative(x - h, parameter: p)) / (2 * h)
                #expect(abs(f.mixedDerivative(x, parameter: p) - crossNumeric) <= 1e-6 * max(1, abs(crossNumeric)), "\(kind) ∂²f/∂p∂x at \(x)")
                let ppNumeric = (f.parameterDerivative(x, parameter: p + h) - f.parameterDerivative(x, parameter: p - h)) / (2 * h)
                #expect(abs(f.parameterSecondDerivative(x, parameter: p) - ppNumeric) <= 1e-6 * max(1, abs(ppNumeric)), "\(kind) ∂²f/∂p² at \(x)")
            }
        }
    }
}
