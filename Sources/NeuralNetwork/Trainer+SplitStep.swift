import LinearAlgebra
import VectorKernels

/// The training step shared by two cores by rows (`SplitPass`): where it applies, and how the
/// trainer's buffers are handed to it and its results taken back.
extension Trainer {
    /// Forward, loss, backward and the weights' SGD update of a batch of `n` rows on two cores,
    /// leaving the workspace, the statistics and the spare network as the one-core step does; the
    /// loss sum and count of correct predictions, and whether every new weight is finite (nil when
    /// the loss is not finite: then no weight was updated). Nil (nothing done) where the split does
    /// not apply (`splitsRows`) or the second core is busy.
    func splitStep(rows n: Int) -> (loss: (lossSum: Double, correct: Int), finite: Bool?)? {
        guard splitsRows(n), let core = SecondCore.shared else { return nil }
        if splitPass == nil {
            splitPass = SplitPass(shapes: network.layers.map { (inputs: $0.weights.rows, width: $0.width) })
        }
        let pass = splitPass!
        pass.begin(rows: n, split: n / 2, learningRate: Float(optimizer.settings.learningRate),
                   decay: Float(optimizer.settings.weightDecay))
        preparePointers(of: pass, rows: n)
        let last = network.layers.count - 1
        let result = core.overlapping({ Unmanaged<SplitPass>.fromOpaque($0!).takeUnretainedValue().runWorker() },
                                      context: Unmanaged.passUnretained(pass).toOpaque()) {
            pass.forward(rows: 0..<pass.split, worker: false)
            pass.wait(for: pass.workerForwardDone, pass.step)
            let result = batchLabels.withUnsafeBufferPointer { labels in
                loss.evaluate(logits: workspace.z[last], labels: labels, targets: batchTargets,
                              gradientInto: &workspace.delta[last], meanOver: n)
            }
            pass.updatesWeights = result.lossSum.isFinite
            pass.lossDone.store(pass.step, ordering: .releasing)
            pass.backPropagate(rows: 0..<pass.split)
            pass.mainDeltaDone.store(pass.step, ordering: .releasing)
            pass.wait(for: pass.workerDeltaDone, pass.step)
            pass.takeLayers()
            return result
        }
        guard let result else { return nil }
        takeStatistics(from: pass, rows: n)
        guard pass.updatesWeights else { return (result, nil) }
        let finite = optimizer.fusedSGDUpdate(from: network, into: &spareNetwork, with: workspace.gradients,
                                              weightGradientSquares: &weightGradientSquares,
                                              weightsUpdated: UnsafePointer(pass.updates))
        return (result, finite)
    }

    /// Whether a batch of `n` rows trains by `splitStep`: single precision on a machine with a
    /// second core, backprop, plain SGD without clipping, no batch normalisation, ReLU or logistic
    /// hidden units (the epilogue's own), every product below `Matrix.chunkThreshold` (larger ones are
    /// shared by chunks instead) and at least `splitMinimum` multiply-adds in the forward pass.
    func splitsRows(_ n: Int) -> Bool {
        guard splitsAcrossCores, Scalar.self == Float.self, SecondCore.shared != nil, gradientEngine == nil,
              !hasBatchNormalization, optimizer.settings.kind == .sgd, optimizer.settings.clipNorm == 0,
              n >= Self.splitMinimumRows else { return false }
        var multiplyAdds = 0
        let last = network.layers.count - 1
        for l in network.layers.indices {
            let layer = network.layers[l]
            if l < last {
                guard case let .activation(f) = layer.unit, f.kind == .relu || f.kind == .logistic,
                      layer.unitParameters.isEmpty else { return false }
            }
            let product = layer.weights.rows * layer.width * n
            guard product < Matrix<Float>.chunkThreshold else { return false }
            multiplyAdds += product
        }
        return multiplyAdds >= Self.splitMinimum
    }

    /// A step of fewer rows runs on one core.
    static var splitMinimumRows: Int { 16 }
    /// A step whose forward pass has fewer multiply-adds runs on one core (spiral's 3,360: the
    /// hand-offs would cost more than half of it).
    static var splitMinimum: Int { 1 << 16 }

    /// Points `pass` at this step's buffers, reshaped to `n` rows as the one-core step reshapes them.
    private func preparePointers(of pass: SplitPass, rows n: Int) {
        let last = network.layers.count - 1
        var input = batchX.storage.withUnsafeBufferPointer { floats($0.baseAddress!) }
        for l in 0...last {
            let width = network.layers[l].width
            workspace.z[l].reshape(rows: n, columns: width)
            workspace.delta[l].reshape(rows: n, columns: width)
            if l < last {
                workspace.a[l].reshape(rows: n, columns: width)
                workspace.derivative[l].reshape(rows: n, columns: width)
                workspace.upstream[l].reshape(rows: n, columns: width)
            }
            let layer = pass.layers + l
            layer.pointee.input = input
            layer.pointee.weights = network.layers[l].weights.storage.withUnsafeBufferPointer { floats($0.baseAddress!) }
            layer.pointee.bias = network.layers[l].bias.withUnsafeBufferPointer { floats($0.baseAddress!) }
            layer.pointee.z = workspace.z[l].storage.withUnsafeMutableBufferPointer { mutableFloats($0.baseAddress!) }
            layer.pointee.a = workspace.a[l].storage.withUnsafeMutableBufferPointer { mutableFloats($0.baseAddress!) }
            layer.pointee.derivative = workspace.derivative[l].storage.withUnsafeMutableBufferPointer { mutableFloats($0.baseAddress!) }
            layer.pointee.delta = workspace.delta[l].storage.withUnsafeMutableBufferPointer { mutableFloats($0.baseAddress!) }
            layer.pointee.upstreamBelow = l == 0 ? nil
                : workspace.upstream[l - 1].storage.withUnsafeMutableBufferPointer { mutableFloats($0.baseAddress!) }
            layer.pointee.weightGradient = workspace.gradients[l].weights.storage.withUnsafeMutableBufferPointer {
                mutableFloats($0.baseAddress!)
            }
            layer.pointee.biasGradient = workspace.gradients[l].bias.withUnsafeMutableBufferPointer { mutableFloats($0.baseAddress!) }
            layer.pointee.nextWeights = spareNetwork.layers[l].weights.storage.withUnsafeMutableBufferPointer {
                mutableFloats($0.baseAddress!)
            }
            layer.pointee.alive = workspace.statistics.alive[l].withUnsafeMutableBufferPointer { $0.baseAddress! }
            layer.pointee.inputs = network.layers[l].weights.rows
            layer.pointee.width = width
            if l < last, case let .activation(f) = network.layers[l].unit {
                layer.pointee.unit = f.kind == .relu ? NNUnitReLU : NNUnitLogistic
            } else {
                layer.pointee.unit = NNUnitNone
            }
            layer.pointee.threshold = Float(0.05 * (network.layers[l].effectiveActivation?.maximumDerivative ?? 1))
            layer.pointee.lo.0 = unsafeBitCast(workspace.statistics.preactivationMin[l], to: Float.self)
            layer.pointee.hi.0 = unsafeBitCast(workspace.statistics.preactivationMax[l], to: Float.self)
            if l < last { input = UnsafePointer(layer.pointee.a) }
        }
    }

    /// The two sides' extremes, counts and liveness into the epoch's statistics.
    private func takeStatistics(from pass: SplitPass, rows n: Int) {
        let last = network.layers.count - 1
        for l in 0...last {
            let layer = pass.layers[l]
            let lo = layer.lo.1 < layer.lo.0 ? layer.lo.1 : layer.lo.0
            let hi = layer.hi.1 > layer.hi.0 ? layer.hi.1 : layer.hi.0
            workspace.statistics.preactivationMin[l] = unsafeBitCast(lo, to: Scalar.self)
            workspace.statistics.preactivationMax[l] = unsafeBitCast(hi, to: Scalar.self)
            guard l < last else { continue }
            let counted = layer.counted.0 + layer.counted.1
            workspace.statistics.saturated[l] += layer.unit == NNUnitReLU ? n * layer.width - counted : counted
            workspace.statistics.pairs[l] += n * layer.width
            workspace.statistics.alive[l].withUnsafeMutableBufferPointer { alive in
                for u in 0..<layer.width where layer.workerAlive[u] != 0 { alive[u] = 1 }
            }
        }
    }
}

@inline(__always)
private func floats<T>(_ pointer: UnsafePointer<T>) -> UnsafePointer<Float> {
    UnsafeRawPointer(pointer).assumingMemoryBound(to: Float.self)
}

@inline(__always)
private func mutableFloats<T>(_ pointer: UnsafeMutablePointer<T>) -> UnsafeMutablePointer<Float> {
    UnsafeMutableRawPointer(pointer).assumingMemoryBound(to: Float.self)
}
