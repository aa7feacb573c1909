/// What the course says about each function: formula, derivative, range and behaviour.
public struct ActivationProperties: Sendable {
    public let formula: String
    public let derivativeFormula: String
    public let range: String
    /// Outputs centred on zero (mean activation near 0 for inputs symmetric about 0).
    public let zeroCentred: Bool
    /// The derivative tends to 0 for large |x| on at least one side, so gradients vanish there.
    public let saturating: Bool
    /// A unit can get stuck where the derivative is exactly 0 for every input ("dead ReLU").
    public let canDie: Bool
}

extension ActivationKind {
    public var properties: ActivationProperties {
        switch self {
        case .identity:
            return .init(formula: "x", derivativeFormula: "1", range: "(-inf, inf)",
                         zeroCentred: true, saturating: false, canDie: false)
        case .logistic:
            return .init(formula: "1 / (1 + e^-x)", derivativeFormula: "f(x)(1 - f(x))", range: "(0, 1)",
                         zeroCentred: false, saturating: true, canDie: false)
        case .tanh:
            return .init(formula: "(e^x - e^-x) / (e^x + e^-x)", derivativeFormula: "1 - f(x)^2", range: "(-1, 1)",
                         zeroCentred: true, saturating: true, canDie: false)
        case .hardLogistic:
            return .init(formula: "max(min(0.25x + 0.5, 1), 0)", derivativeFormula: "0.25 for -2 < x < 2, else 0",
                         range: "[0, 1]", zeroCentred: false, saturating: true, canDie: true)
        case .hardTanh:
            return .init(formula: "max(min(x, 1), -1)", derivativeFormula: "1 for -1 < x < 1, else 0",
                         range: "[-1, 1]", zeroCentred: true, saturating: true, canDie: true)
        case .relu:
            return .init(formula: "max(0, x)", derivativeFormula: "1 for x > 0, else 0 (0 at x = 0)",
                         range: "[0, inf)", zeroCentred: false, saturating: true, canDie: true)
        case .leakyRelu:
            return .init(formula: "x for x > 0, gamma*x otherwise (gamma = 0.01)",
                         derivativeFormula: "1 for x > 0, else gamma", range: "(-inf, inf)",
                         zeroCentred: false, saturating: false, canDie: false)
        case .prelu:
            return .init(formula: "x for x > 0, a*x otherwise (a learned per unit, initially 0.25)",
                         derivativeFormula: "1 for x > 0, else a; df/da = x for x <= 0",
                         range: "(-inf, inf)", zeroCentred: false, saturating: false, canDie: false)
        case .elu:
            return .init(formula: "x for x > 0, gamma(e^x - 1) otherwise (gamma = 1)",
                         derivativeFormula: "1 for x > 0, else gamma*e^x", range: "(-gamma, inf)",
                         zeroCentred: true, saturating: true, canDie: false)
        case .softplus:
            return .init(formula: "log(1 + e^x)", derivativeFormula: "1 / (1 + e^-x)", range: "(0, inf)",
                         zeroCentred: false, saturating: true, canDie: false)
        case .swish:
            return .init(formula: "x * sigma(beta*x) (beta = 1, optionally learned)",
                         derivativeFormula: "sigma(beta*x) + beta*x*sigma(beta*x)(1 - sigma(beta*x))",
                         range: "[about -0.28/beta, inf)", zeroCentred: false, saturating: true, canDie: false)
        case .gelu:
            return .init(formula: "x * Phi(x) = x/2 (1 + erf(x/sqrt 2))", derivativeFormula: "Phi(x) + x*phi(x)",
                         range: "[about -0.17, inf)", zeroCentred: false, saturating: true, canDie: false)
        case .geluTanh:
            return .init(formula: "x/2 (1 + tanh(sqrt(2/pi)(x + 0.044715x^3)))",
                         derivativeFormula: "derivative of the tanh approximation", range: "[about -0.17, inf)",
                         zeroCentred: false, saturating: true, canDie: false)
        }
    }
}

extension ActivationKind {
    /// Inputs where the derivative jumps (finite differences across them disagree with f′).
    public var kinks: [Double] {
        switch self {
        case .relu, .leakyRelu, .prelu, .elu: return [0]
        case .hardTanh: return [-1, 1]
        case .hardLogistic: return [-2, 2]
        default: return []
        }
    }
}

extension Activation {
    /// The formula with the parameter in force: `elu:0.5` reads "gamma(e^x - 1) otherwise (gamma = 0.5)",
    /// where `kind.properties.formula` states the default.
    public var formula: String {
        let text = kind.properties.formula
        guard let name = kind.parameterName else { return text }
        let standard = Self.plain(kind.defaultParameter), inForce = Self.plain(parameter)
        return text.replacing("\(name) = \(standard)", with: "\(name) = \(inForce)")
            .replacing("initially \(standard)", with: "initially \(inForce)")
    }

    /// 1 as "1", 0.01 as "0.01".
    static func plain(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : "\(x)"
    }
}
