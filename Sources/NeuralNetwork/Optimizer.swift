import LinearAlgebra
import RealModule

/// The update rules, by their stable names.
public enum OptimizerKind: String, CaseIterable, Sendable, Codable {
    /// w ← w − η·g
    case sgd
    /// v ← μ·v + g; w ← w − η·v (PyTorch's form)
    case momentum
    /// Adam (Kingma & Ba) with bias correction.
    case adam

    public init?(name: String) { self.init(rawValue: name.lowercased()) }
}

/// Hyper-parameters of the update rule.
public struct OptimizerSettings: Sendable, Equatable, Codable {
    public var kind: OptimizerKind = .sgd
    public var learningRate = 0.1
    public var momentum = 0.9
    public var beta1 = 0.9
    public var beta2 = 0.999
    public var epsilon = 1e-8
    /// L2 penalty λ: λ·W is added to each weight gradient (not to biases).
    public var weightDecay = 0.0
    /// L1 penalty λ₁, applied by the trainer after each update with Playground's zero-crossing
    /// rule (see `Trainer.applyL1`); 0 turns it off.
    public var l1 = 0.0
    /// Largest global gradient norm; gradients are scaled down to it. 0 turns clipping off.
    public var clipNorm = 0.0

    public init() {}
}

/// The optimiser's memory (velocities, Adam moments), one buffer per parameter tensor, sized once.
public struct Optimizer<Scalar: NNScalar>: Sendable {
    public var settings: OptimizerSettings
    @usableFromInline var first: [[Scalar]]
    @usableFromInline var second: [[Scalar]]
    public var steps = 0
    /// Tensors per layer in `first` and `second`: weights, bias, unit parameters, γ, β.
    @usableFromInline static var tensorsPerLayer: Int { 5 }

    public init(settings: OptimizerSettings, network: Network<Scalar>) {
        self.settings = settings
        let sizes = network.layers.flatMap { layer in
            [layer.weights.count, layer.bias.count, layer.unitParameters.count,
             layer.normalization?.width ?? 0, layer.normalization?.width ?? 0]
        }
        first = sizes.map { Array(repeating: 0, count: $0) }
        second = settings.kind == .adam ? sizes.map { Array(repeating: 0, count: $0) } : sizes.map { _ in [] }
    }

    /// Forgets velocities and moments (after a change of optimiser or a reset).
    public mutating func resetState(for network: Network<Scalar>) {
        self = Optimizer(settings: settings, network: network)
    }

    /// One update of every parameter from `gradients`: `next` ← `current` updated. `next` must have
    /// `current`'s shapes; its old values are overwritten (the trainer passes its spare copy, so
    /// that a step which makes a weight non-finite can be dropped without copying anything back).
    /// Applies weight decay and clipping.
    @inlinable
    public mutating func update(from current: Network<Scalar>, into next: inout Network<Scalar>,
                                with gradients: [LayerGradients<Scalar>]) {
        steps += 1
        var scale: Scalar = 1
        if settings.clipNorm > 0 {
            var total: Scalar = 0
            for g in gradients { total += g.sumOfSquares }
            let norm = total.squareRoot()
            if norm > Scalar(settings.clipNorm) { scale = Scalar(settings.clipNorm) / norm }
        }
        for l in current.layers.indices {
            let decay = Scalar(settings.weightDecay)
            let layer = current.layers[l]
            next.layers[l].weights.storage.withUnsafeMutableBufferPointer { out in
                layer.weights.storage.withUnsafeBufferPointer { w in
                    gradients[l].weights.storage.withUnsafeBufferPointer { g in
                        step(w, g, into: out, count: layer.weights.count, tensor: Optimizer.tensorsPerLayer * l, scale: scale, decay: decay)
                    }
                }
            }
            updateBiasAndUnitParameters(of: l, from: current, into: &next, with: gradients, scale: scale)
        }
    }

    /// The layer's biases, unit parameters and batch normalisation's γ and β (no weight decay):
    /// `next` ← `current` updated.
    @inlinable
    mutating func updateBiasAndUnitParameters(of l: Int, from current: Network<Scalar>, into next: inout Network<Scalar>,
                                              with gradients: [LayerGradients<Scalar>], scale: Scalar) {
        next.layers[l].bias.withUnsafeMutableBufferPointer { out in
            current.layers[l].bias.withUnsafeBufferPointer { w in
                gradients[l].bias.withUnsafeBufferPointer { g in
                    step(w, g, into: out, count: w.count, tensor: Optimizer.tensorsPerLayer * l + 1, scale: scale, decay: 0)
                }
            }
        }
        if !current.layers[l].unitParameters.isEmpty {
            next.layers[l].unitParameters.withUnsafeMutableBufferPointer { out in
                current.layers[l].unitParameters.withUnsafeBufferPointer { w in
                    gradients[l].unitParameters.withUnsafeBufferPointer { g in
                        step(w, g, into: out, count: w.count, tensor: Optimizer.tensorsPerLayer * l + 2, scale: scale, decay: 0)
                    }
                }
            }
        }
        guard let bn = current.layers[l].normalization else { return }
        next.layers[l].normalization!.gamma.withUnsafeMutableBufferPointer { out in
            bn.gamma.withUnsafeBufferPointer { w in
                gradients[l].gamma.withUnsafeBufferPointer { g in
                    step(w, g, into: out, count: w.count, tensor: Optimizer.tensorsPerLayer * l + 3, scale: scale, decay: 0)
                }
            }
        }
        next.layers[l].normalization!.beta.withUnsafeMutableBufferPointer { out in
            bn.beta.withUnsafeBufferPointer { w in
                gradients[l].beta.withUnsafeBufferPointer { g in
                    step(w, g, into: out, count: w.count, tensor: Optimizer.tensorsPerLayer * l + 4, scale: scale, decay: 0)
                }
            }
        }
    }

    @inlinable
    mutating func step(_ w: UnsafeBufferPointer<Scalar>, _ g: UnsafeBufferPointer<Scalar>,
                       into out: UnsafeMutableBufferPointer<Scalar>, count n: Int,
                       tensor: Int, scale: Scalar, decay: Scalar) {
        let lr = Scalar(settings.learningRate)
        switch settings.kind {
        case .sgd:
            for i in 0..<n { out[i] = w[i] - lr * (g[i] * scale + decay * w[i]) }
        case .momentum:
            let mu = Scalar(settings.momentum)
            first[tensor].withUnsafeMutableBufferPointer { v in
                for i in 0..<n {
                    v[i] = mu * v[i] + g[i] * scale + decay * w[i]
                    out[i] = w[i] - lr * v[i]
                }
            }
        case .adam:
            let b1 = Scalar(settings.beta1), b2 = Scalar(settings.beta2), eps = Scalar(settings.epsilon)
            let c1 = 1 - Scalar.pow(b1, steps), c2 = 1 - Scalar.pow(b2, steps)
            let stepSize = lr / c1
            let c2Root = c2.squareRoot()
            first[tensor].withUnsafeMutableBufferPointer { m in
                second[tensor].withUnsafeMutableBufferPointer { v in
                    for i in 0..<n {
                        let gi = g[i] * scale + decay * w[i]
                        m[i] = b1 * m[i] + (1 - b1) * gi
                        v[i] = b2 * v[i] + (1 - b2) * gi * gi
                        out[i] = w[i] - stepSize * m[i] / (v[i].squareRoot() / c2Root + eps)
                    }
                }
            }
        }
    }
}
