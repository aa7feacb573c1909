import RealModule

/// Second derivatives, for exact Hessian-vector products (forward mode over reverse mode needs the
/// derivative of every first-derivative rule).
///
/// Piecewise-linear functions (ReLU, leaky ReLU, PReLU, hard-tanh, hard-logistic, identity) have
/// f″ = 0 wherever they are differentiable twice; at their kinks the same branch as `derivative`
/// is used, so f″ is 0 there too.
extension Activation {
    /// True for the piecewise-linear functions, whose f″ is 0 everywhere (`secondDerivative`'s
    /// first case): Hessian-vector products skip the f″ term for them.
    public var isPiecewiseLinear: Bool {
        switch kind {
        case .identity, .hardLogistic, .hardTanh, .relu, .leakyRelu, .prelu: return true
        case .logistic, .tanh, .elu, .softplus, .swish, .gelu, .geluTanh: return false
        }
    }

    /// ∂²f/∂x².
    public func secondDerivative(_ x: Double, parameter p: Double) -> Double {
        switch kind {
        case .identity, .hardLogistic, .hardTanh, .relu, .leakyRelu, .prelu: return 0
        case .logistic:
            let s = stableLogistic(x)
            return s * (1 - s) * (1 - 2 * s)
        case .tanh:
            let t = Double.tanh(x)
            return -2 * t * (1 - t * t)
        case .elu: return x > 0 ? 0 : p * Double.exp(x)
        case .softplus:
            let s = stableLogistic(x)
            return s * (1 - s)
        case .swish:
            // f = x·σ(px): f″ = p·σ(1−σ)·(2 + p·x·(1 − 2σ)).
            let s = stableLogistic(p * x)
            return p * s * (1 - s) * (2 + p * x * (1 - 2 * s))
        case .gelu:
            // f′ = Φ + xφ, φ′ = −xφ: f″ = φ·(2 − x²).
            return standardNormalPDF(x) * (2 - x * x)
        case .geluTanh:
            if Swift.abs(x) > 10 { return 0 }
            // f = ½x(1 + tanh u), u = c(x + kx³): f″ = (1 − t²)·(u′ + ½x(u″ − 2t·u′²)).
            let c = 0.7978845608028654, k = 0.044715
            let t = Double.tanh(geluTanhInner(x))
            let u1 = c * (1 + 3 * k * x * x), u2 = 6 * c * k * x
            return (1 - t * t) * (u1 + 0.5 * x * (u2 - 2 * t * u1 * u1))
        }
    }

    /// ∂²f/∂x∂p: how the slope f′ changes with the learned parameter.
    public func mixedDerivative(_ x: Double, parameter p: Double) -> Double {
        switch kind {
        case .leakyRelu, .prelu: return x > 0 ? 0 : 1
        case .elu: return x > 0 ? 0 : Double.exp(x)
        case .swish:
            let s = stableLogistic(p * x)
            return x * s * (1 - s) * (2 + p * x * (1 - 2 * s))
        default: return 0
        }
    }

    /// ∂²f/∂p².
    public func parameterSecondDerivative(_ x: Double, parameter p: Double) -> Double {
        switch kind {
        case .swish:
            let s = stableLogistic(p * x)
            return x * (x * (x * s * (1 - s) * (1 - 2 * s)))
        default: return 0
        }
    }
}
