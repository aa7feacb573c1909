import Activations
import LinearAlgebra
import VectorKernels

/// What follows a layer's product z = a·W, in one sweep over z instead of four: the bias is added,
/// the pre-activation range recorded (training), and for ReLU and single-precision logistic layers
/// a = f(z), f′(z) and the epoch's liveness and saturation counts are written in the same pass.
///
/// In single precision the sweep is `nn_epilogue` (VectorKernels): down 16 or 8 columns at a time,
/// all rows, so the bias, the running extremes and the per-unit statistics stay in vector registers.
/// Every element gets exactly the operations the element-at-a-time forms gave it (z + b, then f),
/// so results are bit-identical to them; double precision runs those forms column by column.
extension Network {
    @inlinable
    func finishLayer(_ l: Int, rows n: Int, workspace ws: inout Workspace<Scalar>, training: Bool) {
        let isOutput = l == layers.count - 1
        var fused = FusedUnit.none
        if !isOutput, case let .activation(f) = layers[l].unit {
            if f.kind == .relu { fused = .relu }
            if f.kind == .logistic && Scalar.self == Float.self { fused = .logistic }
        }
        if !isOutput {
            ws.a[l].reshape(rows: n, columns: layers[l].units)
            ws.derivative[l].reshape(rows: n, columns: layers[l].units)
        }
        let width = layers[l].width
        let threshold = Scalar(0.05 * (layers[l].effectiveActivation?.maximumDerivative ?? 1))
        var lo = ws.statistics.preactivationMin[l], hi = ws.statistics.preactivationMax[l]
        var counted = 0
        if layers[l].normalization != nil { normalize(layer: l, rows: n, workspace: &ws) }
        // A normalised layer's z now holds γ·ẑ, and β takes the bias's place: y = γ·ẑ + β.
        let shift = layers[l].normalization?.beta ?? layers[l].bias
        ws.z[l].storage.withUnsafeMutableBufferPointer { zBuffer in
            ws.a[l].storage.withUnsafeMutableBufferPointer { aBuffer in
                ws.derivative[l].storage.withUnsafeMutableBufferPointer { dBuffer in
                    ws.statistics.alive[l].withUnsafeMutableBufferPointer { alive in
                        shift.withUnsafeBufferPointer { bias in
                            var sweep = EpilogueSweep<Scalar>(
                                z: zBuffer.baseAddress!, a: aBuffer.baseAddress!, d: dBuffer.baseAddress!,
                                bias: bias.baseAddress!, alive: alive.baseAddress!, rows: n, width: width,
                                threshold: threshold, lo: lo, hi: hi)
                            sweep.run(fused, training: training)
                            lo = sweep.lo
                            hi = sweep.hi
                            counted = sweep.counted
                        }
                    }
                }
            }
        }
        if training {
            ws.statistics.preactivationMin[l] = lo
            ws.statistics.preactivationMax[l] = hi
        }
        if fused != .none && training {
            // ReLU′ is 0 or 1: below 5% of its maximum exactly when it is 0.
            ws.statistics.saturated[l] += fused == .relu ? n * width - counted : counted
            ws.statistics.pairs[l] += n * width
        }
        if isOutput || fused != .none { return }
        switch layers[l].unit {
        case .activation:
            applyActivation(layer: l, rows: n, workspace: &ws, training: training)
        case let .maxout(k):
            applyMaxout(layer: l, pieces: k, rows: n, workspace: &ws)
        }
    }
}

/// The unit functions the epilogue computes itself.
@usableFromInline
enum FusedUnit: Sendable { case none, relu, logistic }

/// The pointers and running results of one epilogue sweep.
@usableFromInline
struct EpilogueSweep<Scalar: NNScalar> {
    @usableFromInline let z: UnsafeMutablePointer<Scalar>
    @usableFromInline let a: UnsafeMutablePointer<Scalar>
    @usableFromInline let d: UnsafeMutablePointer<Scalar>
    @usableFromInline let bias: UnsafePointer<Scalar>
    @usableFromInline let alive: UnsafeMutablePointer<UInt8>
    @usableFromInline let rows: Int
    @usableFromInline let width: Int
    @usableFromInline let threshold: Scalar
    @usableFromInline var lo: Scalar
    @usableFromInline var hi: Scalar
    /// ReLU: (unit, sample) pairs with z > 0; logistic: pairs with f′ below the saturation threshold.
    @usableFromInline var counted = 0

    @inlinable
    init(z: UnsafeMutablePointer<Scalar>, a: UnsafeMutablePointer<Scalar>, d: UnsafeMutablePointer<Scalar>,
         bias: UnsafePointer<Scalar>, alive: UnsafeMutablePointer<UInt8>, rows: Int, width: Int,
         threshold: Scalar, lo: Scalar, hi: Scalar) {
        self.z = z; self.a = a; self.d = d; self.bias = bias; self.alive = alive
        self.rows = rows; self.width = width; self.threshold = threshold; self.lo = lo; self.hi = hi
    }

    @inlinable
    mutating func run(_ unit: FusedUnit, training: Bool) {
        if Scalar.self == Float.self {
            runKernel(unit, training: training)
            return
        }
        for column in 0..<width {
            sweepColumn(unit, column: column, training: training)
        }
    }

    /// Single precision: the epilogue kernel of `VectorKernels` (the widest vectors this CPU has,
    /// the same bits at every width).
    @inlinable
    mutating func runKernel(_ unit: FusedUnit, training: Bool) {
        let kernelUnit: NNUnit
        switch unit {
        case .none: kernelUnit = NNUnitNone
        case .relu: kernelUnit = NNUnitReLU
        case .logistic: kernelUnit = NNUnitLogistic
        }
        let float = Float.self
        var sweep = NNEpilogue(
            z: UnsafeMutableRawPointer(z).assumingMemoryBound(to: float), a: UnsafeMutableRawPointer(a).assumingMemoryBound(to: float),
            d: UnsafeMutableRawPointer(d).assumingMemoryBound(to: float), bias: UnsafeRawPointer(bias).assumingMemoryBound(to: float),
            alive: alive, rows: rows, width: width, threshold: unsafeBitCast(threshold, to: Float.self),
            lo: unsafeBitCast(lo, to: Float.self), hi: unsafeBitCast(hi, to: Float.self), counted: 0)
        nn_epilogue(&sweep, kernelUnit, training ? 1 : 0)
        lo = unsafeBitCast(sweep.lo, to: Scalar.self)
        hi = unsafeBitCast(sweep.hi, to: Scalar.self)
        counted += sweep.counted
    }

    /// One column, every row (double precision).
    @inlinable @inline(__always)
    mutating func sweepColumn(_ unit: FusedUnit, column: Int, training: Bool) {
        let b = bias[column]
        var live = false
        for r in 0..<rows {
            let offset = r * width + column
            let v = z[offset] + b
            z[offset] = v
            guard training || unit != .none else { continue }
            if training {
                lo = v < lo ? v : lo
                hi = v > hi ? v : hi
            }
            switch unit {
            case .none:
                break
            case .relu:
                a[offset] = v > 0 ? v : 0
                if training {
                    d[offset] = v > 0 ? 1 : 0
                    live = live || v > 0
                    if v > 0 { counted += 1 }
                }
            case .logistic:
                let s = unsafeBitCast(stableLogistic(SIMD8<Float>(repeating: unsafeBitCast(v, to: Float.self)))[0],
                                      to: Scalar.self)
                a[offset] = s
                if training {
                    let derivative = s * (1 - s)
                    d[offset] = derivative
                    live = live || derivative != 0
                    if derivative < threshold { counted += 1 }
                }
            }
        }
        if live { alive[column] = 1 }
    }
}
