import LinearAlgebra

/// Batch normalisation's forward and backward passes, by hand, in the network's own precision with
/// sums in Double. Everything lives in the workspace's preallocated buffers: nothing is allocated.
extension Network {
    /// z ← γ·ẑ with ẑ = (z + b − μ)/√(σ² + ε) per column (the epilogue then adds β). μ and σ² are
    /// the batch's mean and biased variance (`.batch`; two passes, so no cancellation) or the running
    /// statistics (`.running`). Keeps ẑ, μ, σ² and 1/√(σ² + ε) for the backward pass and the trainer.
    @inlinable
    func normalize(layer l: Int, rows n: Int, workspace ws: inout Workspace<Scalar>) {
        let layer = layers[l]
        guard let bn = layer.normalization else { return }
        let width = layer.width
        let useBatch = ws.normalizationStatistics == .batch
        let epsilon = BatchNorm.epsilon
        ws.normalized[l].reshape(rows: n, columns: width)
        ws.z[l].storage.withUnsafeMutableBufferPointer { z in
            ws.normalized[l].storage.withUnsafeMutableBufferPointer { zHat in
                ws.batchMean[l].withUnsafeMutableBufferPointer { mean in
                    ws.batchVariance[l].withUnsafeMutableBufferPointer { variance in
                        ws.inverseDeviation[l].withUnsafeMutableBufferPointer { inverse in
                            layer.bias.withUnsafeBufferPointer { b in
                                bn.gamma.withUnsafeBufferPointer { gamma in
                                    for j in 0..<width {
                                        let bias = Double(b[j])
                                        var mu: Double, sigma2: Double
                                        if useBatch {
                                            var sum = 0.0
                                            for r in 0..<n { sum += Double(z[r * width + j]) + bias }
                                            mu = sum / Double(n)
                                            var squares = 0.0
                                            for r in 0..<n {
                                                let d = Double(z[r * width + j]) + bias - mu
                                                squares += d * d
                                            }
                                            sigma2 = squares / Double(n)
                                        } else {
                                            mu = Double(bn.runningMean[j])
                                            sigma2 = Double(bn.runningVariance[j])
                                        }
                                        let inv = 1 / (sigma2 + epsilon).squareRoot()
                                        mean[j] = mu
                                        variance[j] = sigma2
                                        inverse[j] = inv
                                        let g = gamma[j]
                                        for r in 0..<n {
                                            let i = r * width + j
                                            let h = Scalar((Double(z[i]) + bias - mu) * inv)
                                            zHat[i] = h
                                            z[i] = g * h
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// ws.delta[l] holds ∂L/∂y; leaves ∂L/∂z there and writes ∂L/∂γ = Σₙ ∂L/∂y·ẑ and ∂L/∂β = Σₙ ∂L/∂y.
    /// With batch statistics μ and σ² depend on every row:
    /// ∂L/∂z = γ/(N·√(σ² + ε))·(N·∂L/∂y − Σₙ ∂L/∂y − ẑ·Σₙ ∂L/∂y·ẑ); with running ones the
    /// normalisation is affine: ∂L/∂z = γ/√(σ² + ε)·∂L/∂y.
    @inlinable
    func backThroughNormalization(layer l: Int, workspace ws: inout Workspace<Scalar>) {
        let layer = layers[l]
        guard let bn = layer.normalization else { return }
        let width = layer.width
        let n = ws.delta[l].rows
        let useBatch = ws.normalizationStatistics == .batch
        let count = Double(n)
        ws.delta[l].storage.withUnsafeMutableBufferPointer { delta in
            ws.normalized[l].storage.withUnsafeBufferPointer { zHat in
                ws.inverseDeviation[l].withUnsafeBufferPointer { inverse in
                    ws.gradients[l].gamma.withUnsafeMutableBufferPointer { gGamma in
                        ws.columnSums[l].withUnsafeMutableBufferPointer { sums in
                            bn.gamma.withUnsafeBufferPointer { gamma in
                                for j in 0..<width {
                                    var sumG = 0.0, sumGZ = 0.0
                                    for r in 0..<n {
                                        let i = r * width + j
                                        let g = Double(delta[i])
                                        sumG += g
                                        sumGZ += g * Double(zHat[i])
                                    }
                                    gGamma[j] = Scalar(sumGZ)
                                    sums[j] = sumG
                                    let scale = Double(gamma[j]) * inverse[j]
                                    if useBatch {
                                        let meanG = sumG / count, meanGZ = sumGZ / count
                                        for r in 0..<n {
                                            let i = r * width + j
                                            delta[i] = Scalar(scale * (Double(delta[i]) - meanG - Double(zHat[i]) * meanGZ))
                                        }
                                    } else {
                                        for r in 0..<n {
                                            let i = r * width + j
                                            delta[i] = Scalar(scale * Double(delta[i]))
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        for j in 0..<width { ws.gradients[l].beta[j] = Scalar(ws.columnSums[l][j]) }
    }

    /// The running statistics after a training batch of `rows` rows whose forward pass (batch
    /// statistics) is in `ws`: running ← (1 − m)·running + m·batch, with the batch's unbiased
    /// variance (σ²·N/(N − 1), as PyTorch keeps it). A batch of one row leaves them as they are.
    /// Written into `next` (the trainer's spare network), read from this network.
    @inlinable
    public func updateRunningStatistics(into next: inout Network, from ws: Workspace<Scalar>, rows n: Int) {
        let m = BatchNorm.momentum
        for l in layers.indices {
            guard let bn = layers[l].normalization else { continue }
            let correction = n > 1 ? Double(n) / Double(n - 1) : 0
            for j in 0..<bn.width {
                next.layers[l].normalization!.runningMean[j] = n > 1
                    ? Scalar((1 - m) * Double(bn.runningMean[j]) + m * ws.batchMean[l][j]) : bn.runningMean[j]
            }
            for j in 0..<bn.width {
                next.layers[l].normalization!.runningVariance[j] = n > 1
                    ? Scalar((1 - m) * Double(bn.runningVariance[j]) + m * ws.batchVariance[l][j] * correction)
                    : bn.runningVariance[j]
            }
        }
    }
}
