import Activations
import RealModule
import Foundation
import Testing

@Suite("Activation values")
struct ValueTests {
    @Test("known values", arguments: [
        ("logistic", 0.0, 0.5),
        ("tanh", 0, 0),
        ("softplus", 0, M_LN2),
        ("gelu", 1, 0.8413447460685429),
        ("elu", -1, exp(-1.0) - 1),
        ("swish", 1, 0.7310585786300049),
        ("hard-logistic", 1, 0.75),
        ("hard-tanh", 2, 1),
        ("leaky-relu", -1, -0.01),
        ("gelu-tanh", 1, 0.8411919906082768),
        ("relu", -3, 0),
        ("relu", 2.5, 2.5),
        ("identity", -4.25, -4.25),
        ("logistic", 2, 0.8807970779778823),
        ("tanh", 1, 0.7615941559557649),
        ("hard-tanh", -0.5, -0.5),
        ("hard-logistic", -3, 0),
        ("prelu", -2, -0.5),
        ("elu:0.5", -1, 0.5 * (exp(-1.0) - 1)),
        ("swish:2", 1, 0.8807970779778823),
        ("gelu", -1, -0.15865525393145707),
    ] as [(String, Double, Double)])
    func knownValues(spec: String, x: Double, expected: Double) throws {
        let f = try Activation(parsing: spec)
        let double: Double = f.value(x)
        #expect(Swift.abs(double - expected) <= 2e-16 * Swift.max(1, Swift.abs(expected)), "\(spec)(\(x)) = \(double)")
        let float: Float = f.value(Float(x))
        #expect(Swift.abs(Double(float) - expected) <= 3e-7 * Swift.max(1, Swift.abs(expected)), "\(spec)(\(x)) = \(float)")
    }

    @Test("known derivatives")
    func knownDerivatives() {
        #expect(Activation(.relu).derivative(0.0) == 0)
        #expect(Activation(.relu).derivative(2.0) == 1)
        #expect(Activation(.logistic).derivative(0.0) == 0.25)
        #expect(Activation(.tanh).derivative(0.0) == 1)
        #expect(Activation(.softplus).derivative(0.0) == 0.5)
        #expect(Activation(.swish).derivative(0.0) == 0.5)
        #expect(Activation(.gelu).derivative(0.0) == 0.5)
        #expect(Activation(.geluTanh).derivative(0.0) == 0.5)
        #expect(Activation(.elu).derivative(-1.0) == exp(-1.0))
        #expect(Activation(.identity).derivative(123.0) == 1)
    }

    static let extremes: [Double] = [1000, -1000, 1e30, -1e30]

    func checkFinite<T: NNTestScalar>(_: T.Type, _ f: Activation) {
        for x in Self.extremes.map({ T($0) }) {
            let p = T(f.parameter)
            #expect(f.value(x, parameter: p).isFinite, "\(f)(\(x)) in \(T.self)")
            #expect(f.derivative(x, parameter: p).isFinite, "\(f)′(\(x)) in \(T.self)")
            #expect(f.parameterDerivative(x, parameter: p).isFinite, "∂\(f)/∂p at \(x) in \(T.self)")
        }
    }

    @Test("values and derivatives stay finite for huge inputs", arguments: activationsUnderTest)
    func extremeInputs(activation: Activation) {
        checkFinite(Float.self, activation)
        checkFinite(Double.self, activation)
    }

    @Test("far from zero the functions reach their asymptotes")
    func asymptotes() {
        #expect(Activation(.logistic).value(1000.0) == 1 && Activation(.logistic).value(-1000.0) == 0)
        #expect(Activation(.tanh).value(-1e30) == -1)
        #expect(Activation(.softplus).value(1e30) == 1e30 && Activation(.softplus).value(-1000.0) == 0)
        #expect(Activation(.gelu).value(1000.0) == 1000 && Activation(.gelu).value(-1000.0) == 0)
        #expect(Activation(.geluTanh).value(Float(1e30)) == 1e30)
        #expect(Activation(.swish).value(-1e30) == 0)
        #expect(Activation(.elu).value(-1e30) == -1)
        #expect(Activation(.geluTanh).derivative(1000.0) == 1 && Activation(.geluTanh).derivative(-1000.0) == 0)
    }
}

/// Float and Double, the two precisions the activations are evaluated in.
protocol NNTestScalar: Real & BinaryFloatingPoint {}
extension Float: NNTestScalar {}
extension Double: NNTestScalar {}
