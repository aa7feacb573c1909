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

/// The right-hand columns of a sweep shared by two cores, run by the worker.
@usableFromInline
struct SweepJob {
    @usableFromInline var sweep: NNEpilogue
    @usableFromInline let unit: NNUnit
    @usableFromInline let training: Int32

    @inlinable
    init(sweep: NNEpilogue, unit: NNUnit, training: Int32) {
        self.sweep = sweep
        self.unit = unit
        self.training = training
    }

    @inlinable
    mutating func run() { nn_epilogue(&sweep, unit, training) }
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
    /// the same bits at every width). From `twoCoreElements` on, with a second core, the right-hand
    /// columns run on the worker while this thread sweeps the left ones; the extremes combine in any
    /// order (an extreme of 0 is +0), so the bits are those of one sweep.
    @inlinable
    mutating func runKernel(_ unit: FusedUnit, training: Bool) {
        let kernelUnit: NNUnit
        switch unit {
        case .none: kernelUnit = NNUnitNone
        case .relu: kernelUnit = NNUnitReLU
        case .logistic: kernelUnit = NNUnitLogistic
        }
        let float = Float.self
        let z = UnsafeMutableRawPointer(self.z).assumingMemoryBound(to: float)
        let a = UnsafeMutableRawPointer(self.a).assumingMemoryBound(to: float)
        let d = UnsafeMutableRawPointer(self.d).assumingMemoryBound(to: float)
        let bias = UnsafeRawPointer(self.bias).assumingMemoryBound(to: float)
        let alive = self.alive, rows = self.rows, width = self.width
        let threshold = unsafeBitCast(self.threshold, to: Float.self)
        func sweep(from column: Int, to end: Int, lo: Float, hi: Float) -> NNEpilogue {
            NNEpilogue(z: z + column, a: a + column, d: d + column, bias: bias + column, alive: alive + column,
                       rows: rows, width: end - column, stride: width, threshold: threshold, lo: lo, hi: hi, counted: 0)
        }
        var left = sweep(from: 0, to: width, lo: unsafeBitCast(lo, to: Float.self), hi: unsafeBitCast(hi, to: Float.self))
        var shared = false
        if rows * width >= Self.twoCoreElements, width >= 64, let core = SecondCore.shared {
            let split = (width / 2 + 31) / 32 * 32  // whole vector blocks on both sides
            left.width = split
            var right = SweepJob(sweep: sweep(from: split, to: width, lo: .infinity, hi: -.infinity),
                                 unit: kernelUnit, training: training ? 1 : 0)
            shared = withUnsafeMutablePointer(to: &right) { job in
                core.overlapping({ $0!.assumingMemoryBound(to: SweepJob.self).pointee.run() },
                                 context: UnsafeMutableRawPointer(job)) {
                    nn_epilogue(&left, kernelUnit, training ? 1 : 0)
                } != nil
            }
            if shared {
                let r = right.sweep
                left.lo = r.lo < left.lo ? r.lo : left.lo
                left.hi = r.hi > left.hi ? r.hi : left.hi
                left.counted += r.counted
            } else {
                left.width = width  // the worker is busy elsewhere: one sweep here
            }
        }
        if !shared { nn_epilogue(&left, kernelUnit, training ? 1 : 0) }
        lo = unsafeBitCast(left.lo, to: Scalar.self)
        hi = unsafeBitCast(left.hi, to: Scalar.self)
        counted += left.counted
    }

    /// From this many elements (rows × units) on, a single-precision sweep is shared by two cores:
    /// `mnist-size`'s hidden layers (128 × 256 and 128 × 128), not the smaller workloads' (digits'
    /// largest sweep, 32 × 128, takes about 1 µs, what a hand-off and the rows' trip between the
    /// cores' caches cost; pairing digits' products on two cores lost that way).
    @usableFromInline static var twoCoreElements: Int { 1 << 14 }

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
                lo = v < lo ? v + 0 : lo  // +0 for −0, as the kernel
                hi = v > hi ? v + 0 : hi
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
