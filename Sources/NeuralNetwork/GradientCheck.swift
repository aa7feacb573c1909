import LinearAlgebra

/// The largest disagreement between backprop's gradient and central finite differences, per layer.
public struct LayerGradientCheck: Sendable, Equatable {
    /// Layer number from 1.
    public var layer: Int
    public var parameters: Int
    /// max over the layer's parameters of |g − ĝ| / max(1, |g|, |ĝ|): relative for gradients above
    /// 1, absolute below (finite differences cannot resolve relative error of tiny gradients).
    public var maxError: Double
}

public enum GradientCheck {
    /// Step of the central difference (in Double, its truncation and rounding errors are both ~1e-10).
    public static let step = 1e-5
    /// Largest error accepted.
    public static let tolerance = 1e-6

    /// Compares `gradients` (∂L/∂θ of the mean loss) with central finite differences of the loss.
    public static func compare(network: Network<Double>, gradients: [LayerGradients<Double>], input: Matrix<Double>,
                               labels: [Int32], targets: Matrix<Double>?) -> [LayerGradientCheck] {
        let numeric = numericGradients(network: network, input: input, labels: labels, targets: targets)
        return network.layers.indices.map { l in
            LayerGradientCheck(layer: l + 1, parameters: network.layers[l].parameterCount,
                               maxError: largestError(gradients[l], numeric[l]))
        }
    }

    /// |g − ĝ| / max(1, |g|, |ĝ|), the largest over two same-shaped sets of layer gradients.
    public static func largestError(_ a: LayerGradients<Double>, _ b: LayerGradients<Double>) -> Double {
        func worst(_ x: [Double], _ y: [Double]) -> Double {
            zip(x, y).reduce(0) { max($0, abs($1.0 - $1.1) / max(1, abs($1.0), abs($1.1))) }
        }
        return max(worst(Array(a.weights.elements), Array(b.weights.elements)), worst(a.bias, b.bias),
                   worst(a.unitParameters, b.unitParameters), worst(a.gamma, b.gamma), worst(a.beta, b.beta))
    }

    /// Central finite differences of the mean loss for every parameter (two forward passes each).
    /// Batch-normalised layers use the batch's statistics, as the training step (and its gradient) does.
    public static func numericGradients(network: Network<Double>, input: Matrix<Double>, labels: [Int32],
                                        targets: Matrix<Double>?) -> [LayerGradients<Double>] {
        var probe = network
        var ws = Workspace(for: network, batchCapacity: input.rows)
        func lossValue(_ net: Network<Double>) -> Double {
            net.forward(input, workspace: &ws, training: false, statistics: .batch)
            let r = labels.withUnsafeBufferPointer { net.loss.evaluate(logits: ws.output, labels: $0, targets: targets) }
            return r.lossSum / Double(input.rows)
        }
        func numeric(_ perturb: (inout Network<Double>, Double) -> Void) -> Double {
            perturb(&probe, step)
            let plus = lossValue(probe)
            perturb(&probe, -2 * step)
            let minus = lossValue(probe)
            perturb(&probe, step)
            return (plus - minus) / (2 * step)
        }
        var out: [LayerGradients<Double>] = []
        for l in network.layers.indices {
            var g = LayerGradients(shapeOf: network.layers[l])
            for i in 0..<g.weights.count { g.weights.storage[i] = numeric { net, h in net.layers[l].weights.storage[i] += h } }
            for i in 0..<g.bias.count { g.bias[i] = numeric { net, h in net.layers[l].bias[i] += h } }
            for i in 0..<g.unitParameters.count { g.unitParameters[i] = numeric { net, h in net.layers[l].unitParameters[i] += h } }
            for i in 0..<g.gamma.count { g.gamma[i] = numeric { net, h in net.layers[l].normalization!.gamma[i] += h } }
            for i in 0..<g.beta.count { g.beta[i] = numeric { net, h in net.layers[l].normalization!.beta[i] += h } }
            out.append(g)
        }
        return out
    }

    /// Backprop's gradients of the mean loss of one batch.
    public static func backpropGradients(network: Network<Double>, input: Matrix<Double>, labels: [Int32],
                                         targets: Matrix<Double>?) -> [LayerGradients<Double>] {
        var ws = Workspace(for: network, batchCapacity: input.rows)
        network.forward(input, workspace: &ws, training: true, statistics: .batch)
        let last = network.layers.count - 1
        _ = labels.withUnsafeBufferPointer {
            network.loss.evaluate(logits: ws.z[last], labels: $0, targets: targets, gradientInto: &ws.delta[last], meanOver: input.rows)
        }
        network.backward(input, workspace: &ws)
        return ws.gradients
    }
}

extension Trainer where Scalar == Double {
    /// Up to `count` training examples, in order, whose pre-activations all stay clear of a kink
    /// (ReLU's 0, hard-tanh's ±1, a tie between maxout pieces): there, finite differences measure
    /// neither one-sided derivative, so a check would report a false disagreement.
    /// With batch normalisation every row's pre-activations depend on the whole batch, so each
    /// candidate row is tried with the rows already chosen and the whole batch is checked.
    public func sampleBatch(count: Int) -> (input: Matrix<Double>, labels: [Int32], targets: Matrix<Double>?) {
        let f = trainX.columns
        let normalized = network.hasBatchNormalization
        let wanted = max(normalized ? BatchNorm.minimumBatchSize : 1, min(count, trainCount))
        var rows: [Int] = []
        var ws = Workspace(for: network, batchCapacity: normalized ? wanted : 1)
        var single = Matrix<Double>(rows: 1, columns: f)
        for r in 0..<trainCount where rows.count < wanted {
            if normalized {
                let candidate = rows + [r]
                guard candidate.count >= BatchNorm.minimumBatchSize else { rows = candidate; continue }
                var x = Matrix<Double>(rows: candidate.count, columns: f)
                for (i, c) in candidate.enumerated() { for j in 0..<f { x[i, j] = trainX[c, j] } }
                network.forward(x, workspace: &ws, training: false, statistics: .batch)
                if clearOfKinks(ws) { rows = candidate }
                continue
            }
            for j in 0..<f { single[0, j] = trainX[r, j] }
            network.forward(single, workspace: &ws, training: false)
            if clearOfKinks(ws) { rows.append(r) }
        }
        if normalized && rows.count < BatchNorm.minimumBatchSize { rows = Array(0..<min(wanted, trainCount)) }
        if rows.isEmpty { rows = [0] }
        var x = Matrix<Double>(rows: rows.count, columns: f)
        for (i, r) in rows.enumerated() { for j in 0..<f { x[i, j] = trainX[r, j] } }
        let t = trainTargets.map { targets in
            Matrix<Double>(rows: rows.count, columns: targets.columns,
                           elements: rows.flatMap { targets.row($0) })
        }
        return (x, rows.map { trainLabels[$0] }, t)
    }

    private func clearOfKinks(_ ws: Workspace<Double>) -> Bool {
        let margin = 1e-4
        for (l, layer) in network.layers.enumerated().dropLast() {
            let z = ws.z[l]
            switch layer.unit {
            case let .activation(a):
                for v in z.elements { for k in a.kind.kinks where abs(v - k) < margin { return false } }
            case let .maxout(k):
                for r in 0..<z.rows {
                    for u in 0..<layer.units {
                        let pieces = (0..<k).map { z[r, u * k + $0] }.sorted(by: >)
                        if pieces[0] - pieces[1] < margin { return false }
                    }
                }
            }
        }
        return true
    }

    /// Backprop against finite differences on up to `count` training examples clear of kinks.
    public func gradientCheck(count: Int = 16) -> [LayerGradientCheck] {
        let batch = sampleBatch(count: count)
        let g = GradientCheck.backpropGradients(network: network, input: batch.input, labels: batch.labels, targets: batch.targets)
        return GradientCheck.compare(network: network, gradients: g, input: batch.input, labels: batch.labels, targets: batch.targets)
    }
}
