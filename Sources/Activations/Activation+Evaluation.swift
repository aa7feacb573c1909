import RealModule

/// Values and derivatives, in forms that stay finite for any finite input.
///
/// Conventions at kinks (as in PyTorch and JAX): ReLU′(0) = 0; leaky ReLU, PReLU and ELU use their
/// x ≤ 0 branch at 0; hard-tanh′ and hard-logistic′ are 0 at the corners (x = ±1, x = ±2).
extension Activation {
    /// f(x), with `p` the function's parameter (PReLU's per-unit slope is passed here).
    @inlinable
    public func value<T: Real & BinaryFloatingPoint>(_ x: T, parameter p: T) -> T {
        switch kind {
        case .identity: return x
        case .logistic: return stableLogistic(x)
        case .tanh: return T.tanh(x)
        case .hardLogistic: return Swift.max(Swift.min(T(0.25) * x + T(0.5), 1), 0)
        case .hardTanh: return Swift.max(Swift.min(x, 1), -1)
        case .relu: return x > 0 ? x : 0
        case .leakyRelu, .prelu: return x > 0 ? x : p * x
        case .elu: return x > 0 ? x : p * T.expMinusOne(x)
        case .softplus: return stableSoftplus(x)
        case .swish: return x * stableLogistic(p * x)
        case .gelu: return x * standardNormalCDF(x)
        case .geluTanh: return T(0.5) * x * (1 + T.tanh(geluTanhInner(x)))
        }
    }

    /// f′(x).
    @inlinable
    public func derivative<T: Real & BinaryFloatingPoint>(_ x: T, parameter p: T) -> T {
        switch kind {
        case .identity: return 1
        case .logistic:
            let s = stableLogistic(x)
            return s * (1 - s)
        case .tanh:
            let t = T.tanh(x)
            return 1 - t * t
        case .hardLogistic: return (x > -2 && x < 2) ? T(0.25) : 0
        case .hardTanh: return (x > -1 && x < 1) ? 1 : 0
        case .relu: return x > 0 ? 1 : 0
        case .leakyRelu, .prelu: return x > 0 ? 1 : p
        case .elu: return x > 0 ? 1 : p * T.exp(x)
        case .softplus: return stableLogistic(x)
        case .swish:
            let s = stableLogistic(p * x)
            return s + p * x * s * (1 - s)
        case .gelu:
            return standardNormalCDF(x) + x * standardNormalPDF(x)
        case .geluTanh:
            // Beyond |x| = 10 the function is x or 0 to far below Float's resolution; the general
            // formula would multiply 0 by an overflowing x³ there.
            if x > 10 { return 1 }
            if x < -10 { return 0 }
            let t = T.tanh(geluTanhInner(x))
            let c = T(0.7978845608028654)  // √(2/π)
            return T(0.5) * (1 + t) + T(0.5) * x * (1 - t * t) * c * (1 + 3 * T(0.044715) * x * x)
        }
    }

    /// ∂f/∂p: the gradient with respect to the function's learned parameter (PReLU slope, swish β).
    @inlinable
    public func parameterDerivative<T: Real & BinaryFloatingPoint>(_ x: T, parameter p: T) -> T {
        switch kind {
        case .leakyRelu, .prelu: return x > 0 ? 0 : x
        case .elu: return x > 0 ? 0 : T.expMinusOne(x)
        case .swish:
            // x·(x·σ(1−σ)) rather than x²·σ(1−σ): x² overflows Float for |x| beyond 1.8e19, where
            // σ(1−σ) is already 0.
            let s = stableLogistic(p * x)
            return x * (x * s * (1 - s))
        default: return 0
        }
    }

    /// f(x) with the function's own parameter.
    @inlinable
    public func value<T: Real & BinaryFloatingPoint>(_ x: T) -> T { value(x, parameter: T(parameter)) }

    /// f′(x) with the function's own parameter.
    @inlinable
    public func derivative<T: Real & BinaryFloatingPoint>(_ x: T) -> T { derivative(x, parameter: T(parameter)) }

    /// The largest value f′ takes: the reference for `saturated_fraction` (f′ below 5% of it).
    public var maximumDerivative: Double {
        switch kind {
        case .logistic, .hardLogistic, .softplus: return kind == .softplus ? 1 : 0.25
        case .identity, .tanh, .hardTanh, .relu: return 1
        case .leakyRelu, .prelu: return Swift.max(1, Swift.abs(parameter))
        case .elu: return Swift.max(1, parameter)
        // The maxima below are rounded up, so that no derivative exceeds them.
        case .swish: return parameter == 0 ? 0.5 : 1.09984  // max of σ(u) + u·σ(u)(1−σ(u)), u = βx, at u ≈ 2.3994
        case .gelu: return 1.12891  // Φ(x) + xφ(x) at x = √2
        case .geluTanh: return 1.12900  // at x ≈ 1.4185
        }
    }
}

/// σ(x) = 1/(1+e^−x) without overflow: e^−|x| never exceeds 1. Single precision goes through the
/// SIMD form (Logistic+SIMD.swift), so scalar and whole-buffer passes give the same bits.
@inlinable
public func stableLogistic<T: Real & BinaryFloatingPoint>(_ x: T) -> T {
    if T.self == Float.self {
        let lanes = stableLogistic(SIMD8<Float>(repeating: unsafeBitCast(x, to: Float.self)))
        return unsafeBitCast(lanes[0], to: T.self)
    }
    if x >= 0 {
        return 1 / (1 + T.exp(-x))
    } else {
        let e = T.exp(x)
        return e / (1 + e)
    }
}

/// log(1+eˣ) = max(x, 0) + log1p(e^−|x|): finite for every finite x.
@inlinable
public func stableSoftplus<T: Real & BinaryFloatingPoint>(_ x: T) -> T {
    Swift.max(x, 0) + T.log(onePlus: T.exp(-Swift.abs(x)))
}

/// Φ(x), the standard normal CDF, via erfc so that the far negative tail keeps its precision.
@inlinable
public func standardNormalCDF<T: Real & BinaryFloatingPoint>(_ x: T) -> T {
    T(0.5) * T.erfc(-x * T(0.7071067811865476))
}

/// φ(x), the standard normal density.
@inlinable
public func standardNormalPDF<T: Real & BinaryFloatingPoint>(_ x: T) -> T {
    T(0.3989422804014327) * T.exp(-T(0.5) * x * x)
}

/// √(2/π)(x + 0.044715x³), the argument of tanh in the GELU approximation.
@inlinable
func geluTanhInner<T: Real & BinaryFloatingPoint>(_ x: T) -> T {
    T(0.7978845608028654) * (x + T(0.044715) * x * x * x)
}
