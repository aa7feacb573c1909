import VectorKernels
import RealModule

/// Whole-buffer passes, one switch per call rather than per element, for the training loop.
extension Activation {
    /// a[i] = f(z[i]) for a row-major batch of `columns` units; `parameters` is one value per unit
    /// (PReLU slopes, or a learned swish β repeated) or empty to use the function's own parameter.
    @inlinable
    public func forward<T: Real & BinaryFloatingPoint>(
        _ z: UnsafeBufferPointer<T>, into a: UnsafeMutableBufferPointer<T>,
        columns: Int, count: Int, parameters: UnsafeBufferPointer<T>
    ) {
        switch kind {
        case .identity:
            for i in 0..<count { a[i] = z[i] }
        case .relu:
            for i in 0..<count { a[i] = z[i] > 0 ? z[i] : 0 }
        case .tanh:
            for i in 0..<count { a[i] = T.tanh(z[i]) }
        case .logistic:
            if T.self == Float.self {
                logisticLanes(z, into: a, count: count)
            } else {
                for i in 0..<count { a[i] = stableLogistic(z[i]) }
            }
        default:
            if parameters.isEmpty {
                let p = T(parameter)
                for i in 0..<count { a[i] = value(z[i], parameter: p) }
            } else {
                for i in 0..<count { a[i] = value(z[i], parameter: parameters[i % columns]) }
            }
        }
    }

    /// d[i] = f′(z[i]) (see `forward` for `parameters`). `a` holds f(z), which makes the logistic
    /// and tanh derivatives cheap.
    @inlinable
    public func derivative<T: Real & BinaryFloatingPoint>(
        _ z: UnsafeBufferPointer<T>, activated a: UnsafeBufferPointer<T>,
        into d: UnsafeMutableBufferPointer<T>, columns: Int, count: Int, parameters: UnsafeBufferPointer<T>
    ) {
        switch kind {
        case .identity:
            for i in 0..<count { d[i] = 1 }
        case .relu:
            for i in 0..<count { d[i] = z[i] > 0 ? 1 : 0 }
        case .tanh:
            for i in 0..<count { d[i] = 1 - a[i] * a[i] }
        case .logistic:
            for i in 0..<count { d[i] = a[i] * (1 - a[i]) }
        default:
            if parameters.isEmpty {
                let p = T(parameter)
                for i in 0..<count { d[i] = derivative(z[i], parameter: p) }
            } else {
                for i in 0..<count { d[i] = derivative(z[i], parameter: parameters[i % columns]) }
            }
        }
    }
}

/// a[i] = σ(z[i]) in single precision, in `nn_logistic` (VectorKernels: the Swift lanes'
/// arithmetic at the CPU's widest vectors).
@inlinable
func logisticLanes<T: BinaryFloatingPoint>(_ z: UnsafeBufferPointer<T>, into a: UnsafeMutableBufferPointer<T>, count: Int) {
    guard count > 0 else { return }
    nn_logistic(UnsafeRawPointer(z.baseAddress!).assumingMemoryBound(to: Float.self),
                UnsafeMutableRawPointer(a.baseAddress!).assumingMemoryBound(to: Float.self), count)
}
