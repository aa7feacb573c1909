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
        var probe = network
        var ws = Workspace(for: network, batchCapacity: input.rows)
        func lossValue(_ net: Network<Double>) -> Double {
            net.forward(input, workspace: &ws, training: false)
            let r = labels.withUnsafeBufferPointer { net.loss.evaluate(logits: ws.output, labels: $0, targets: targets) }
            return r.lossSum / Double(input.rows)
        }
        func error(_ analytic: Double, _ numeric: Double) -> Double {
            abs(analytic - numeric) / max(1, abs(analytic), abs(numeric))
        }
        func numeric(_ perturb: (inout Network<Double>, Double) -> Void) -> Double {
            perturb(&probe, step)
            let plus = lossValue(probe)
            perturb(&probe, -2 * step)
            let minus = lossValue(probe)
            perturb(&probe, step)
            return (plus - minus) / (2 * step)
        }
        var out: [LayerGradientCheck] = []
        for l in network.layers.indices {
            var worst = 0.0
            let layer = network.layers[l]
            for i in 0..<layer.weights.count {
                let n = numeric { net, h in net.layers[l].weights.storage[i] += h }
                worst = max(worst, error(gradients[l].weights.storage[i], n))
            }
            for i in 0..<layer.bias.count {
                let n = numeric { net, h in net.layers[l].bias[i] += h }
                worst = max(worst, error(gradients[l].bias[i], n))
            }
            for i in 0..<layer.unitParameters.count {
                let n = numeric { net, h in net.layers[l].unitParameters[i] += h }
                worst = max(worst, error(gradients[l].unitParameters[i], n))
            }
            out.append(LayerGradientCheck(layer: l + 1, parameters: layer.parameterCount, maxError: worst))
        }
        return out
    }

    /// Backprop's gradients of the mean loss of one batch.
    public static func backpropGradients(network: Network<Double>, input: Matrix<Double>, labels: [Int32],
                                         targets: Matrix<Double>?) -> [LayerGradients<Double>] {
        var ws = Workspace(for: network, batchCapacity: input.rows)
        network.forward(input, workspace: &ws, training: true)
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
    public func sampleBatch(count: Int) -> (input: Matrix<Double>, labels: [Int32], targets: Matrix<Double>?) {
        let f = trainX.columns
        let wanted = max(1, min(count, trainCount))
        var rows: [Int] = []
        var ws = Workspace(for: network, batchCapacity: 1)
        var single = Matrix<Double>(rows: 1, columns: f)
        for r in 0..<trainCount where rows.count < wanted {
            for j in 0..<f { single[0, j] = trainX[r, j] }
            network.forward(single, workspace: &ws, training: false)
            if clearOfKinks(ws) { rows.append(r) }
        }
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
                for u in 0..<layer.units {
                    let pieces = (0..<k).map { z[0, u * k + $0] }.sorted(by: >)
                    if pieces[0] - pieces[1] < margin { return false }
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
