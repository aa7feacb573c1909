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
    /// The first `count` training examples as a batch (for gradient checks): inputs, labels, targets.
    public func sampleBatch(count: Int) -> (input: Matrix<Double>, labels: [Int32], targets: Matrix<Double>?) {
        let n = max(1, min(count, trainCount))
        var x = Matrix<Double>(rows: n, columns: trainX.columns)
        for i in 0..<(n * trainX.columns) { x.storage[i] = trainX.storage[i] }
        let t = trainTargets.map { targets in
            Matrix<Double>(rows: n, columns: targets.columns, elements: Array(targets.storage[0..<(n * targets.columns)]))
        }
        return (x, Array(trainLabels[0..<n]), t)
    }

    /// Backprop against finite differences on the first `count` training examples.
    public func gradientCheck(count: Int = 16) -> [LayerGradientCheck] {
        let batch = sampleBatch(count: count)
        let g = GradientCheck.backpropGradients(network: network, input: batch.input, labels: batch.labels, targets: batch.targets)
        return GradientCheck.compare(network: network, gradients: g, input: batch.input, labels: batch.labels, targets: batch.targets)
    }
}
