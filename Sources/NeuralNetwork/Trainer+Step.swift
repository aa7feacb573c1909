import LinearAlgebra
import VectorKernels

/// The step loop: one mini-batch forward, backward and update; epochs; divergence.
extension Trainer {
    /// Trains one mini-batch. At the end of an epoch the validation set is evaluated and the
    /// epoch's metrics are returned.
    @discardableResult
    @_specialize(exported: true, where Scalar == Float)
    @_specialize(exported: true, where Scalar == Double)
    public func stepBatch() -> StepOutcome {
        guard status.isReady else { return .halted(status) }
        if position == 0 {
            shuffler.shuffle(&order)
            lossSum = 0
            correct = 0
            samples = 0
            for l in gradNormSums.indices { gradNormSums[l] = 0 }
            workspace.statistics.reset()
        }
        let n = min(batchSize, trainCount - position)
        if prefetchedBatch == PrefetchedBatch(position: position, batchSize: batchSize) {
            batchX.reshape(rows: n, columns: data.trainX.columns)
        } else {
            gather(rowsFrom: position, count: n)
        }
        prefetchedBatch = nil
        let batchNumber = batchInEpoch + 1
        let result: (lossSum: Double, correct: Int)
        let fusedFinite: Bool?
        if let split = splitStep(rows: n) {
            result = split.loss
            guard result.lossSum.isFinite else {
                return diverge("loss is \(result.lossSum)", batch: batchNumber)
            }
            fusedFinite = split.finite
        } else {
            network.forward(batchX, workspace: &workspace, training: true, statistics: .batch)
            let last = network.layers.count - 1
            result = batchLabels.withUnsafeBufferPointer { labels in
                loss.evaluate(logits: workspace.z[last], labels: labels, targets: batchTargets,
                              gradientInto: &workspace.delta[last], meanOver: n)
            }
            if let engine = gradientEngine {
                do {
                    try engine.computeGradients(network: network, input: batchX, labels: batchLabels, targets: batchTargets,
                                                workspace: &workspace)
                } catch {
                    return diverge("the gradient engine failed: \(error)", batch: batchNumber)
                }
            } else {
                network.backward(batchX, workspace: &workspace)
            }
            guard result.lossSum.isFinite else {
                return diverge("loss is \(result.lossSum)", batch: batchNumber)
            }
            // Plain single-precision SGD updates and measures the gradients in one pass; other
            // optimisers measure first, then update.
            if gathersAhead(after: n) {
                fusedFinite = gatheringNextBatch(after: n) {
                    optimizer.fusedSGDUpdate(from: network, into: &spareNetwork, with: workspace.gradients,
                                             weightGradientSquares: &weightGradientSquares)
                }
            } else {
                // Called directly: the closure above, formed in the unspecialised generic step, made two
                // heap allocations per step (Benchmarks' malloc counts, spiral).
                fusedFinite = optimizer.fusedSGDUpdate(from: network, into: &spareNetwork, with: workspace.gradients,
                                                       weightGradientSquares: &weightGradientSquares)
            }
        }
        for l in workspace.gradients.indices {
            if fusedFinite == nil { weightGradientSquares[l] = workspace.gradients[l].weights.sumOfSquares }
            let weightSquares = weightGradientSquares[l]
            var otherSquares: Scalar = 0
            for g in workspace.gradients[l].bias { otherSquares += g * g }
            for g in workspace.gradients[l].unitParameters { otherSquares += g * g }
            for g in workspace.gradients[l].gamma { otherSquares += g * g }
            for g in workspace.gradients[l].beta { otherSquares += g * g }
            guard (weightSquares + otherSquares).isFinite else {
                return diverge("the gradient of layer \(l + 1) is not finite", batch: batchNumber)
            }
            gradNormSums[l] += Double(weightSquares.squareRoot())
        }
        if fusedFinite == nil {
            optimizer.update(from: network, into: &spareNetwork, with: workspace.gradients)
        }
        if optimizer.settings.l1 > 0 {
            applyL1(from: network, into: &spareNetwork)
        }
        if hasBatchNormalization {
            network.updateRunningStatistics(into: &spareNetwork, from: workspace, rows: n)
        }
        guard fusedFinite ?? spareNetwork.allFinite, optimizer.settings.l1 == 0 || spareNetwork.allFinite,
              !hasBatchNormalization || spareNetwork.allFinite else {
            return diverge("the update made a weight non-finite", batch: batchNumber)
        }
        swap(&network, &spareNetwork)
        if firstLoss == nil { firstLoss = result.lossSum / Double(n) }
        lossSum += result.lossSum
        correct += result.correct
        samples += n
        position += n
        batchInEpoch += 1
        if position >= trainCount {
            return .epoch(finishEpoch(diverged: nil))
        }
        return .batch(loss: result.lossSum / Double(n))
    }

    /// Trains to the end of the current epoch; nil when training is halted.
    @discardableResult
    @_specialize(exported: true, where Scalar == Float)
    @_specialize(exported: true, where Scalar == Double)
    public func stepEpoch() -> EpochMetrics? {
        while true {
            switch stepBatch() {
            case .batch: continue
            case let .epoch(metrics): return metrics
            case .halted: return nil
            }
        }
    }

    /// Trains `epochs` epochs (fewer when training halts); returns their metrics.
    @discardableResult
    @_specialize(exported: true, where Scalar == Float)
    @_specialize(exported: true, where Scalar == Double)
    public func run(epochs: Int) -> [EpochMetrics] {
        var out: [EpochMetrics] = []
        for _ in 0..<max(epochs, 0) {
            guard let m = stepEpoch() else { break }
            out.append(m)
            if m.diverged != nil { break }
        }
        return out
    }

    func diverge(_ reason: String, batch: Int) -> StepOutcome {
        let message = "diverged at epoch \(epoch + 1), batch \(batch): \(reason)"
        let metrics = finishEpoch(diverged: message)
        status = .diverged(message)
        return .epoch(metrics)
    }

    /// Runs `body` (the update) while the second core copies the next batch's rows and labels into
    /// the batch buffers, which the update does not read; the next step then skips its gather. Only
    /// within an epoch (the next epoch's order is shuffled when it starts), for classification, and
    /// for batches of at least `prefetchMinimum` values (below it the hand-off costs more than the copy):
    /// the step calls it only where `gathersAhead(after: n)` holds.
    @inline(__always)
    func gatheringNextBatch<R>(after n: Int, _ body: () -> R) -> R {
        let next = position + n
        guard let core = SecondCore.shared else { return body() }
        let result: R? = withRowGather(from: next, count: min(batchSize, trainCount - next)) { job in
            withUnsafeMutablePointer(to: &job) { pointer in
                core.overlapping({ $0!.assumingMemoryBound(to: RowGather.self).pointee.run() },
                                 context: UnsafeMutableRawPointer(pointer), with: body)
            }
        }
        if let result {
            prefetchedBatch = PrefetchedBatch(position: next, batchSize: batchSize)
            return result
        }
        return body()
    }

    /// Calls `body` with the copy of the shuffled rows `order[start ..< start+count]` (inputs and
    /// labels) into the batch buffers, its pointers valid during the call.
    @inline(__always)
    func withRowGather<R>(from start: Int, count: Int, _ body: (inout RowGather) -> R) -> R {
        let rowBytes = data.trainX.columns * MemoryLayout<Scalar>.stride
        return data.trainX.storage.withUnsafeBytes { source in
            batchX.storage.withUnsafeMutableBytes { destination in
                order.withUnsafeBufferPointer { rows in
                    data.trainLabels.withUnsafeBufferPointer { labels in
                        batchLabels.withUnsafeMutableBufferPointer { batchLabels in
                            var job = RowGather(source: source.baseAddress!, destination: destination.baseAddress!,
                                                rows: rows.baseAddress! + start, count: count, rowBytes: rowBytes,
                                                labels: labels.baseAddress!, batchLabels: batchLabels.baseAddress!)
                            return body(&job)
                        }
                    }
                }
            }
        }
    }

    /// Whether the update after a batch of `n` rows may run while the second core gathers the next batch.
    @inline(__always)
    func gathersAhead(after n: Int) -> Bool {
        nextBatchCanBeGathered(after: n) && batchSize * data.trainX.columns >= Self.prefetchMinimum
    }

    /// Whether the batch after one of `n` rows can be gathered during this step: gathering ahead is
    /// on, the epoch has another batch (the next epoch's order is shuffled when it starts), and the
    /// task is classification (the gather copies labels, not targets). The split step gathers it as
    /// a piece of its own whatever the batch's size; the one-core step also needs `prefetchMinimum`.
    @inline(__always)
    func nextBatchCanBeGathered(after n: Int) -> Bool {
        gathersAhead && position + n < trainCount && data.trainTargets == nil
    }

    /// Batches smaller than this many input values are gathered by the step itself.
    static var prefetchMinimum: Int { 1 << 14 }

    /// Copies the shuffled rows `order[start ..< start+count]` into the batch buffers.
    func gather(rowsFrom start: Int, count n: Int) {
        batchX.reshape(rows: n, columns: data.trainX.columns)
        withRowGather(from: start, count: n) { job in job.run() }
        if let targets = data.trainTargets {
            let k = targets.columns
            batchTargets!.reshape(rows: n, columns: k)
            for i in 0..<n {
                let r = order[start + i]
                for j in 0..<k { batchTargets![i, j] = targets[r, j] }
            }
        }
    }
}

/// Which batch the buffers already hold (copied on the second core during the previous update).
struct PrefetchedBatch: Equatable {
    let position: Int
    let batchSize: Int
}

/// Rows of the training inputs, in the shuffled order, copied into the batch buffer; their labels too.
struct RowGather {
    let source: UnsafeRawPointer
    let destination: UnsafeMutableRawPointer
    let rows: UnsafePointer<Int>
    let count: Int
    let rowBytes: Int
    let labels: UnsafePointer<Int32>
    let batchLabels: UnsafeMutablePointer<Int32>

    func run() {
        nn_gather_rows(source, destination, rows, count, rowBytes, labels, batchLabels)
    }
}
