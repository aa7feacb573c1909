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
        guard splitsRows(n), let core = SecondCore.shared, let pass = splitPass else { return nil }
        pass.begin(rows: n, learningRate: Float(optimizer.settings.learningRate), decay: Float(optimizer.settings.weightDecay))
        Self.point(pass, at: network, &spareNetwork, &workspace, batch: batchX, rows: n)
        let gathers = nextBatchCanBeGathered(after: n)
        if gathers {
            pass.gather = withRowGather(from: position + n, count: min(batchSize, trainCount - position - n)) { $0 }
        }
        let outcome = batchLabels.withUnsafeBufferPointer { labels in
            pass.labels = labels.baseAddress!
            return core.overlapping({ Unmanaged<SplitPass>.fromOpaque($0!).takeUnretainedValue().runWorker() },
                                    context: Unmanaged.passUnretained(pass).toOpaque()) {
                let correct = pass.passRows(0..<pass.split, worker: false)
                let polls = pass.takePieces(worker: false)
                let lossSum = pass.lossSum
                return ((lossSum: lossSum, correct: correct + pass.workerCorrect), polls)
            }
        }
        guard let (result, polls) = outcome else { return nil }
        if gathers { prefetchedBatch = PrefetchedBatch(position: position + n, batchSize: batchSize) }
        pass.rebalance(afterPolls: polls)
        Self.takeStatistics(from: pass, into: &workspace.statistics, rows: n)
        guard pass.updatesWeights else { return (result, nil) }
        let finite = optimizer.fusedSGDUpdate(from: network, into: &spareNetwork, with: workspace.gradients,
                                              weightGradientSquares: &weightGradientSquares,
                                              updatedBySplit: UnsafePointer(pass.updates))
        return (result, finite)
    }

    /// Whether a batch of `n` rows trains by `splitStep`: single precision on a machine with a
    /// second core, backprop, softmax cross-entropy, plain SGD without clipping, no batch normalisation, ReLU or logistic
    /// hidden units (the epilogue's own), every product in our kernel (below `Matrix.ownKernelLimit`,
    /// as in the one-core step) and at least `splitMinimum` multiply-adds in the forward pass.
    func splitsRows(_ n: Int) -> Bool {
        guard splitsAcrossCores, Self.splitStepAllowed, Scalar.self == Float.self, SecondCore.shared != nil, gradientEngine == nil,
              loss == .softmaxCrossEntropy, data.trainTargets == nil, optimizer.settings.kind == .sgd, optimizer.settings.clipNorm == 0, n >= Self.splitMinimumRows
        else { return false }
        if !checkedSplitLayout {
            checkedSplitLayout = true
            splitPass = makeSplitPass()
        }
        guard let pass = splitPass else { return false }
        return n * pass.largestProductPerRow < Matrix<Float>.ownKernelLimit && n * pass.multiplyAddsPerRow >= Self.splitMinimum
    }

    /// A step of fewer rows runs on one core.
    static var splitMinimumRows: Int { 16 }
    /// False when `NNSCOPE_SPLIT_STEP=0`: every step takes the one-core path (whose products and
    /// epilogues may still be shared by chunks), for comparing the two (`bench/split-vs-chunks.sh`).
    static var splitStepAllowed: Bool { SplitPass.allowed }
    /// A step whose forward pass has fewer multiply-adds runs on one core (spiral's 3,360: the
    /// hand-offs would cost more than half of it).
    static var splitMinimum: Int { 1 << 16 }

    /// The pass for this network, or nil when its layers rule the split out (the layers' kinds and
    /// shapes never change during a trainer's life).
    private func makeSplitPass() -> SplitPass? {
        guard !hasBatchNormalization else { return nil }
        let last = network.layers.count - 1
        var units: [NNUnit] = []
        for l in network.layers.indices {
            guard l < last else {
                units.append(NNUnitNone)
                continue
            }
            guard case let .activation(f) = network.layers[l].unit, f.kind == .relu || f.kind == .logistic,
                  network.layers[l].unitParameters.isEmpty else { return nil }
            units.append(f.kind == .relu ? NNUnitReLU : NNUnitLogistic)
        }
        return SplitPass(layers: network.layers.indices.map { l in
            let layer = network.layers[l]
            return (inputs: layer.weights.rows, width: layer.width, unit: units[l],
                    threshold: Float(0.05 * (layer.effectiveActivation?.maximumDerivative ?? 1)))
        })
    }

    /// Points `pass` at this step's buffers, reshaped to `n` rows as the one-core step reshapes them.
    /// One access to each of the trainer's buffers for the whole table.
    private static func point(_ pass: SplitPass, at network: Network<Scalar>, _ spare: inout Network<Scalar>,
                              _ ws: inout Workspace<Scalar>, batch: Matrix<Scalar>, rows n: Int) {
        let last = network.layers.count - 1
        var input = batch.storage.withUnsafeBufferPointer { floats($0.baseAddress!) }
        for l in 0...last {
            let width = pass.layers[l].width
            if ws.z[l].rows != n {
                ws.z[l].reshape(rows: n, columns: width)
                ws.delta[l].reshape(rows: n, columns: width)
                if l < last {
                    ws.a[l].reshape(rows: n, columns: width)
                    ws.derivative[l].reshape(rows: n, columns: width)
                    ws.upstream[l].reshape(rows: n, columns: width)
                }
            }
            let layer = pass.layers + l
            layer.pointee.input = input
            layer.pointee.weights = network.layers[l].weights.storage.withUnsafeBufferPointer { floats($0.baseAddress!) }
            layer.pointee.bias = network.layers[l].bias.withUnsafeBufferPointer { floats($0.baseAddress!) }
            layer.pointee.z = ws.z[l].storage.withUnsafeMutableBufferPointer { mutableFloats($0.baseAddress!) }
            layer.pointee.a = ws.a[l].storage.withUnsafeMutableBufferPointer { mutableFloats($0.baseAddress!) }
            layer.pointee.derivative = ws.derivative[l].storage.withUnsafeMutableBufferPointer { mutableFloats($0.baseAddress!) }
            layer.pointee.delta = ws.delta[l].storage.withUnsafeMutableBufferPointer { mutableFloats($0.baseAddress!) }
            layer.pointee.upstreamBelow = l == 0 ? nil
                : ws.upstream[l - 1].storage.withUnsafeMutableBufferPointer { mutableFloats($0.baseAddress!) }
            layer.pointee.weightGradient = ws.gradients[l].weights.storage.withUnsafeMutableBufferPointer {
                mutableFloats($0.baseAddress!)
            }
            layer.pointee.biasGradient = ws.gradients[l].bias.withUnsafeMutableBufferPointer { mutableFloats($0.baseAddress!) }
            layer.pointee.nextWeights = spare.layers[l].weights.storage.withUnsafeMutableBufferPointer {
                mutableFloats($0.baseAddress!)
            }
            layer.pointee.nextBias = spare.layers[l].bias.withUnsafeMutableBufferPointer { mutableFloats($0.baseAddress!) }
            layer.pointee.alive = ws.statistics.alive[l].withUnsafeMutableBufferPointer { $0.baseAddress! }
            layer.pointee.lo.0 = unsafeBitCast(ws.statistics.preactivationMin[l], to: Float.self)
            layer.pointee.hi.0 = unsafeBitCast(ws.statistics.preactivationMax[l], to: Float.self)
            if l < last { input = UnsafePointer(layer.pointee.a) }
        }
    }

    /// The two sides' extremes, counts and liveness into the epoch's statistics.
    private static func takeStatistics(from pass: SplitPass, into statistics: inout ActivityStatistics<Scalar>, rows n: Int) {
        let last = pass.layerCount - 1
        for l in 0...last {
            let layer = pass.layers[l]
            let lo = layer.lo.1 < layer.lo.0 ? layer.lo.1 : layer.lo.0
            let hi = layer.hi.1 > layer.hi.0 ? layer.hi.1 : layer.hi.0
            statistics.preactivationMin[l] = unsafeBitCast(lo, to: Scalar.self)
            statistics.preactivationMax[l] = unsafeBitCast(hi, to: Scalar.self)
            guard l < last else { continue }
            let counted = layer.counted.0 + layer.counted.1
            statistics.saturated[l] += layer.unit == NNUnitReLU ? n * layer.width - counted : counted
            statistics.pairs[l] += n * layer.width
            statistics.alive[l].withUnsafeMutableBufferPointer { alive in
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
