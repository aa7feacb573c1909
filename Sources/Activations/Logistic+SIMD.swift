import VectorKernels

/// The single-precision logistic function, eight lanes at a time.
///
/// Deep sigmoid networks spend most of their element-wise time in σ; a call of the C library's
/// `expf` per element costs more than the matrix products of a 32-unit layer. This is the same
/// σ(x) = 1/(1+e^−x) in the overflow-safe form (e^−|x| only), with e^t computed in SIMD registers:
/// t = k·ln 2 + r with k = round(t/ln 2) and |r| ≤ ln 2 / 2 (Cody–Waite split of ln 2), e^r from
/// Cephes' degree-6 polynomial (about 1 ulp), and 2^k assembled in the exponent bits in two halves
/// so that results down to the subnormal range stay right. `stableLogistic` on a single `Float`
/// goes through the same lanes, so the buffer passes and the scalar function agree bit for bit.

/// e^t for t ≤ 0, about 1 ulp; NaN gives NaN. (`@_transparent`: `@inline(__always)` left these
/// out of line in the layer epilogue, where the call cost 8% of `deep-sigmoid`'s training time.)
@_transparent
public func expNonPositive(_ t: SIMD8<Float>) -> SIMD8<Float> {
    let floor: Float = -103.97  // below this e^t rounds to 0 in single precision
    let x = t.replacing(with: floor, where: t .< floor)
    // k = round-to-nearest(x·log2 e), with the float adding-and-subtracting trick: 1.5·2²³ puts the
    // integer in the low mantissa bits (|k| ≤ 150, far below 2²²).
    let magic = SIMD8<Float>(repeating: 12_582_912)
    let shifted = x * 1.442_695_04 + magic
    let k = shifted - magic
    let r = (x - k * 0.693_359_375) - k * -2.121_944_4e-4
    var p = SIMD8<Float>(repeating: 1.987_569_15e-4)
    p = p * r + 1.398_199_95e-3
    p = p * r + 8.333_451_9e-3
    p = p * r + 4.166_579_59e-2
    p = p * r + 0.166_666_65
    p = p * r + 0.500_000_01
    let y = p * (r * r) + r + 1
    // 2^k as two normal powers of two, k = k₁ + k₂ with k₁ = ⌊k/2⌋ ≥ −75.
    let kBits = unsafeBitCast(shifted, to: SIMD8<Int32>.self) &- 0x4B40_0000
    let k1 = kBits &>> 1
    let k2 = kBits &- k1
    let scale1 = unsafeBitCast((k1 &+ 127) &<< 23, to: SIMD8<Float>.self)
    let scale2 = unsafeBitCast((k2 &+ 127) &<< 23, to: SIMD8<Float>.self)
    let e = y * scale1 * scale2
    return e.replacing(with: 0, where: t .< floor)
}

/// σ(x) on eight lanes: 1/(1+e^−x) for x ≥ 0, e^x/(1+e^x) below; NaN stays NaN.
@_transparent
public func stableLogistic(_ x: SIMD8<Float>) -> SIMD8<Float> {
    let negativeAbs = x.replacing(with: -x, where: x .> 0)
    let e = expNonPositive(negativeAbs)
    let numerator = SIMD8<Float>(repeating: 1).replacing(with: e, where: x .< 0)
    let s = numerator / (1 + e)
    return s.replacing(with: x, where: x .!= x)
}

/// out[i] = e^(x[i] − shift) for x[i] ≤ shift (softmax: shift is the row's maximum), in
/// `nn_exponentials` (VectorKernels): these lanes' arithmetic at the CPU's widest vectors.
@inlinable
public func exponentials(of x: UnsafePointer<Float>, minus shift: Float, into out: UnsafeMutablePointer<Float>, count: Int) {
    nn_exponentials(x, shift, out, count)
}
