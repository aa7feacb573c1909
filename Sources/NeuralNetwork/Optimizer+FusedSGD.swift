import LinearAlgebra
import VectorKernels

/// Plain SGD in single precision, the commonest case, in one pass over each weight matrix: the new
/// weights, Σg² of the weight gradient (for the `grad_norm` diagnostic) and the finiteness check of
/// the new weights, where the general path reads the gradients twice and the new weights once more.
/// Same arithmetic, same summation order as `Optimizer.step` and `Matrix.sumOfSquares`: the results
/// are bit-identical to the general path.
extension Optimizer {
    /// Writes `current` updated into `next` and each layer's Σg² of the weight gradient into
    /// `weightGradientSquares`. Returns whether every new parameter is finite, or nil (nothing
    /// done) unless this is SGD without clipping in single precision. With `updatedBySplit` (the
    /// results of layer l's weights at 2l, of its bias at 2l + 1) the split step has written both
    /// into `next` (`SplitPass`, for layers without unit parameters or normalisation).
    @inlinable
    public mutating func fusedSGDUpdate(from current: Network<Scalar>, into next: inout Network<Scalar>,
                                        with gradients: [LayerGradients<Scalar>],
                                        weightGradientSquares: inout [Scalar],
                                        updatedBySplit: UnsafePointer<NNSGDResult>? = nil) -> Bool? {
        guard Scalar.self == Float.self, settings.kind == .sgd, settings.clipNorm == 0 else { return nil }
        steps += 1
        let lr = Float(settings.learningRate), decay = Float(settings.weightDecay)
        var finite = true
        for l in current.layers.indices {
            if let updated = updatedBySplit {
                weightGradientSquares[l] = unsafeBitCast(updated[2 * l].squares, to: Scalar.self)
                finite = finite && updated[2 * l].finite != 0 && updated[2 * l + 1].finite != 0
                continue
            }
            let count = current.layers[l].weights.count
            next.layers[l].weights.storage.withUnsafeMutableBufferPointer { out in
                current.layers[l].weights.storage.withUnsafeBufferPointer { w in
                    gradients[l].weights.storage.withUnsafeBufferPointer { g in
                        let result = sgdLanes(w: UnsafeRawPointer(w.baseAddress!), g: UnsafeRawPointer(g.baseAddress!),
                                              out: UnsafeMutableRawPointer(out.baseAddress!), count: count,
                                              learningRate: lr, decay: decay)
                        weightGradientSquares[l] = unsafeBitCast(result.squares, to: Scalar.self)
                        finite = finite && result.finite
                    }
                }
            }
            updateBiasAndUnitParameters(of: l, from: current, into: &next, with: gradients, scale: 1)
            for x in next.layers[l].bias where !x.isFinite { finite = false }
            for x in next.layers[l].unitParameters where !x.isFinite { finite = false }
            if let bn = next.layers[l].normalization {
                for x in bn.gamma where !x.isFinite { finite = false }
                for x in bn.beta where !x.isFinite { finite = false }
            }
        }
        return finite
    }
}

/// out = w − η·(g + λ·w) over `count` floats; returns Σg² (eight running sums, lane j summing
/// elements j, j+8, …, the tail into lane 0, combined pairwise) and whether every out is finite.
/// The pass is `nn_sgd` (VectorKernels): the same bits at every vector width.
@inlinable
func sgdLanes(w: UnsafeRawPointer, g: UnsafeRawPointer, out: UnsafeMutableRawPointer, count: Int,
              learningRate: Float, decay: Float) -> (squares: Float, finite: Bool) {
    let result = nn_sgd(w.assumingMemoryBound(to: Float.self), g.assumingMemoryBound(to: Float.self),
                        out.assumingMemoryBound(to: Float.self), count, learningRate, decay)
    return (result.squares, result.finite != 0)
}
