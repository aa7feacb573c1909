import Activations
import LinearAlgebra
import VectorKernels
import Randomness

/// A fully connected feedforward network: input → hidden layers → affine output layer, with the
/// loss (softmax cross-entropy, binary cross-entropy or MSE) applied to the output.
public struct Network<Scalar: NNScalar>: Sendable, Equatable {
    public var layers: [Layer<Scalar>]
    public var loss: Loss

    public init(layers: [Layer<Scalar>], loss: Loss) {
        self.layers = layers
        self.loss = loss
    }

    /// A freshly initialised network. `units[l]` is hidden layer l's kind of unit.
    public init(inputs: Int, hidden: [Int], units: [UnitKind], outputs: Int, loss: Loss,
                initializer: Initializer, biasInit: Double, initScale: Double = 1, batchNorm: Bool = false,
                rng: inout SeededGenerator) {
        precondition(units.count == hidden.count, "one unit kind per hidden layer")
        var layers: [Layer<Scalar>] = []
        var fanIn = inputs
        for (width, unit) in zip(hidden, units) {
            layers.append(Layer(inputs: fanIn, units: width, unit: unit, initializer: initializer, bias: biasInit,
                                scale: initScale, batchNorm: batchNorm, rng: &rng))
            fanIn = width
        }
        layers.append(Layer(inputs: fanIn, units: outputs, unit: .activation(Activation(.identity)),
                            initializer: initializer, bias: biasInit, scale: initScale, rng: &rng))
        self.init(layers: layers, loss: loss)
    }

    public var inputs: Int { layers.first?.inputs ?? 0 }
    public var outputs: Int { layers.last?.width ?? 0 }
    public var parameterCount: Int { layers.reduce(0) { $0 + $1.parameterCount } }
    /// Whether any layer is batch-normalised.
    public var hasBatchNormalization: Bool { layers.contains { $0.normalization != nil } }

    /// "2-16-16-3".
    public var shapeDescription: String {
        ([inputs] + layers.map(\.units)).map(String.init).joined(separator: "-")
    }

    /// The same network in another precision.
    public func converted<Other: NNScalar>(to: Other.Type = Other.self) -> Network<Other> {
        Network<Other>(layers: layers.map { $0.converted() }, loss: loss)
    }

    /// Copies every parameter value from `other` (same shapes) into this network's existing storage.
    @inlinable
    public mutating func assignValues(from other: Network) {
        for l in layers.indices {
            copy(other.layers[l].weights.storage, into: &layers[l].weights.storage)
            copy(other.layers[l].bias, into: &layers[l].bias)
            copy(other.layers[l].unitParameters, into: &layers[l].unitParameters)
            if let normalization = other.layers[l].normalization {
                layers[l].normalization!.assignValues(from: normalization)
            }
        }
    }

    /// True when every weight, bias and unit parameter is finite.
    public var allFinite: Bool {
        var finite = true
        for l in layers.indices {
            finite = finite && layers[l].weights.allFinite
            layers[l].bias.withUnsafeBufferPointer { b in
                for x in b where !x.isFinite { finite = false }
            }
            for x in layers[l].unitParameters where !x.isFinite { finite = false }
            if let normalization = layers[l].normalization { finite = finite && normalization.allFinite }
        }
        return finite
    }
}

/// Per-layer statistics gathered during forward passes in training mode, over one epoch.
public struct ActivityStatistics<Scalar: NNScalar>: Sendable {
    /// alive[l][u] ≠ 0: unit u of hidden layer l had a non-zero derivative for some sample
    /// (bytes rather than Bool, so the statistics loop can be vectorised with `|`).
    public var alive: [[UInt8]]
    /// saturated[l]: (unit, sample) pairs with f′ below 5% of its maximum.
    public var saturated: [Int]
    /// samples[l]: (unit, sample) pairs seen.
    public var pairs: [Int]
    public var preactivationMin: [Scalar]
    public var preactivationMax: [Scalar]

    init(layerUnits: [Int]) {
        alive = layerUnits.map { Array(repeating: 0, count: $0) }
        saturated = Array(repeating: 0, count: layerUnits.count)
        pairs = Array(repeating: 0, count: layerUnits.count)
        preactivationMin = Array(repeating: .infinity, count: layerUnits.count)
        preactivationMax = Array(repeating: -.infinity, count: layerUnits.count)
    }

    /// Forgets everything (start of an epoch); allocates nothing.
    public mutating func reset() {
        for l in alive.indices {
            for u in alive[l].indices { alive[l][u] = 0 }
            saturated[l] = 0
            pairs[l] = 0
            preactivationMin[l] = .infinity
            preactivationMax[l] = -.infinity
        }
    }
}

/// Every buffer one forward and backward pass needs, sized once for a batch capacity and reused:
/// the steady-state training step allocates nothing.
public struct Workspace<Scalar: NNScalar>: Sendable {
    /// z of each layer (N × width).
    public var z: [Matrix<Scalar>]
    /// a = f(z) of each hidden layer (N × units); the output layer's a is its z.
    public var a: [Matrix<Scalar>]
    /// f′(z) of each hidden activation layer (N × units).
    @usableFromInline var derivative: [Matrix<Scalar>]
    /// δ = ∂L/∂z of each layer (N × width).
    public var delta: [Matrix<Scalar>]
    /// ∂L/∂a of each hidden layer (N × units).
    @usableFromInline var upstream: [Matrix<Scalar>]
    /// For maxout layers, the winning piece of each (sample, unit).
    @usableFromInline var argmax: [[Int32]]
    /// ∂L/∂θ of each layer for the last backward pass.
    public var gradients: [LayerGradients<Scalar>]
    public var statistics: ActivityStatistics<Scalar>
    public let capacity: Int
    /// Batch-normalised layers: ẑ = (z − μ)/√(σ² + ε) of the last forward pass (N × width; 0 × 0 elsewhere).
    public var normalized: [Matrix<Scalar>]
    /// Batch-normalised layers: the mean and biased variance of each column of z over the last
    /// batch (training mode; the running values in running mode), and 1/√(σ² + ε). Empty elsewhere.
    public var batchMean: [[Double]]
    public var batchVariance: [[Double]]
    @usableFromInline var inverseDeviation: [[Double]]
    /// Batch-normalised layers: Σₙ ∂L/∂y per column during the backward pass.
    @usableFromInline var columnSums: [[Double]]
    /// Where the last forward pass took the normalised layers' statistics from.
    public var normalizationStatistics: NormalizationStatistics = .running

    public init(for network: Network<Scalar>, batchCapacity: Int) {
        let capacity = max(batchCapacity, 1)
        self.capacity = capacity
        let layers = network.layers
        z = layers.map { Matrix(rows: capacity, columns: $0.width) }
        a = layers.map { Matrix(rows: capacity, columns: $0.units) }
        derivative = layers.map { Matrix(rows: capacity, columns: $0.units) }
        delta = layers.map { Matrix(rows: capacity, columns: $0.width) }
        upstream = layers.map { Matrix(rows: capacity, columns: $0.units) }
        argmax = layers.map { $0.unit.pieces > 1 ? Array(repeating: 0, count: capacity * $0.units) : [] }
        gradients = layers.map { LayerGradients(shapeOf: $0) }
        statistics = ActivityStatistics(layerUnits: layers.map(\.units))
        normalized = layers.map { $0.normalization == nil ? Matrix(rows: 0, columns: 0) : Matrix(rows: capacity, columns: $0.width) }
        batchMean = layers.map { Array(repeating: 0, count: $0.normalization?.width ?? 0) }
        batchVariance = batchMean
        inverseDeviation = batchMean
        columnSums = batchMean
    }

    /// The network's output (logits) of the last forward pass.
    public var output: Matrix<Scalar> { z[z.count - 1] }
}

extension Network {
    /// Forward pass of a batch (N ≤ the workspace's capacity rows), keeping every z and a.
    /// With `training`, also f′ of hidden layers and the epoch's activity statistics.
    /// Batch-normalised layers use the batch's own mean and variance with `statistics: .batch` (a
    /// training step, gradient checks) and the running ones otherwise; either way z holds y, the
    /// normalised, scaled and shifted value the units' function reads.
    @inlinable
    public func forward(_ input: Matrix<Scalar>, workspace ws: inout Workspace<Scalar>, training: Bool,
                        statistics: NormalizationStatistics = .running) {
        let n = input.rows
        precondition(n <= ws.capacity, "batch of \(n) rows exceeds the workspace capacity \(ws.capacity)")
        ws.normalizationStatistics = statistics
        for l in layers.indices {
            // layers[l] is read in place: a copy of the layer would retain and release its arrays.
            if l == 0 {
                Matrix.multiply(input, layers[0].weights, into: &ws.z[0])
            } else {
                Matrix.multiply(ws.a[l - 1], layers[l].weights, into: &ws.z[l])
            }
            finishLayer(l, rows: n, workspace: &ws, training: training)
        }
    }

    @inlinable
    func applyActivation(layer l: Int, rows n: Int, workspace ws: inout Workspace<Scalar>, training: Bool) {
        let layer = layers[l]
        guard let f = layer.effectiveActivation else { return }
        let units = layer.units
        let count = n * units
        let perUnit = f.kind == .prelu
        let threshold = Scalar(0.05 * f.maximumDerivative)
        layer.unitParameters.withUnsafeBufferPointer { params in
            let p = perUnit ? params : UnsafeBufferPointer(start: params.baseAddress, count: 0)
            ws.z[l].storage.withUnsafeBufferPointer { z in
                ws.a[l].storage.withUnsafeMutableBufferPointer { a in
                    f.forward(z, into: a, columns: units, count: count, parameters: p)
                }
                guard training else { return }
                ws.a[l].storage.withUnsafeBufferPointer { a in
                    ws.derivative[l].storage.withUnsafeMutableBufferPointer { d in
                        f.derivative(z, activated: a, into: d, columns: units, count: count, parameters: p)
                        var saturated = 0
                        ws.statistics.alive[l].withUnsafeMutableBufferPointer { alive in
                            for r in 0..<n {
                                let row = d.baseAddress! + r * units
                                for u in 0..<units {
                                    let v = row[u]
                                    alive[u] |= v != 0 ? 1 : 0
                                    saturated &+= Swift.abs(v) < threshold ? 1 : 0
                                }
                            }
                        }
                        ws.statistics.saturated[l] += saturated
                        ws.statistics.pairs[l] += count
                    }
                }
            }
        }
    }

    @inlinable
    func applyMaxout(layer l: Int, pieces k: Int, rows n: Int, workspace ws: inout Workspace<Scalar>) {
        let units = layers[l].units
        let width = units * k
        ws.z[l].storage.withUnsafeBufferPointer { z in
            ws.a[l].storage.withUnsafeMutableBufferPointer { a in
                ws.argmax[l].withUnsafeMutableBufferPointer { arg in
                    for r in 0..<n {
                        for u in 0..<units {
                            let base = r * width + u * k
                            var best = z[base]
                            var bestJ: Int32 = 0
                            for j in 1..<k where z[base + j] > best {
                                best = z[base + j]
                                bestJ = Int32(j)
                            }
                            a[r * units + u] = best
                            arg[r * units + u] = bestJ
                        }
                    }
                }
            }
        }
    }

    /// Backpropagation, as the textbook writes it: δ of the output layer is already in
    /// `ws.delta[L]`; for each layer from the last, ∂L/∂W = a_{l−1}ᵀ·δ_l, ∂L/∂b = Σₙ δ_l, and
    /// δ_{l−1} = (δ_l·W_lᵀ) ⊙ f′(z_{l−1}) (maxout: routed to the winning piece), then through a
    /// batch normalisation where there is one (see `backThroughNormalization`).
    /// Requires a preceding `forward(_:workspace:training: true)` on the same input.
    @inlinable
    public func backward(_ input: Matrix<Scalar>, workspace ws: inout Workspace<Scalar>) {
        for l in layers.indices.reversed() {
            if l == 0 {
                Matrix.multiply(input, transposed: true, ws.delta[0], into: &ws.gradients[0].weights)
            } else {
                Matrix.multiply(ws.a[l - 1], transposed: true, ws.delta[l], into: &ws.gradients[l].weights)
            }
            ws.delta[l].columnSums(into: &ws.gradients[l].bias)
            if layers[l].normalization != nil && ws.normalizationStatistics == .batch {
                // Normalising with the batch's mean cancels b exactly: its gradient is 0, not the
                // rounding noise of Σₙ ∂L/∂z (which Adam would blow up to steps of the size of η).
                for j in ws.gradients[l].bias.indices { ws.gradients[l].bias[j] = 0 }
            }
            guard l > 0 else { break }
            Matrix.multiply(ws.delta[l], transposed: false, layers[l].weights, transposed: true, into: &ws.upstream[l - 1])
            backThroughUnits(layer: l - 1, workspace: &ws)
            if layers[l - 1].normalization != nil { backThroughNormalization(layer: l - 1, workspace: &ws) }
        }
    }

    /// δ_l from ∂L/∂a_l, and the gradients of the units' own parameters.
    @inlinable
    func backThroughUnits(layer l: Int, workspace ws: inout Workspace<Scalar>) {
        let n = ws.upstream[l].rows
        let units = layers[l].units
        ws.delta[l].reshape(rows: n, columns: layers[l].width)
        switch layers[l].unit {
        case let .maxout(k):
            ws.delta[l].fill(with: 0)
            ws.upstream[l].storage.withUnsafeBufferPointer { g in
                ws.argmax[l].withUnsafeBufferPointer { arg in
                    ws.delta[l].storage.withUnsafeMutableBufferPointer { d in
                        for r in 0..<n {
                            for u in 0..<units {
                                d[r * units * k + u * k + Int(arg[r * units + u])] = g[r * units + u]
                            }
                        }
                    }
                }
            }
        case .activation:
            let count = n * units
            ws.upstream[l].storage.withUnsafeBufferPointer { g in
                ws.derivative[l].storage.withUnsafeBufferPointer { fp in
                    ws.delta[l].storage.withUnsafeMutableBufferPointer { d in
                        if Scalar.self == Float.self, count > 0 {
                            nn_multiply(UnsafeRawPointer(g.baseAddress!).assumingMemoryBound(to: Float.self),
                                        UnsafeRawPointer(fp.baseAddress!).assumingMemoryBound(to: Float.self),
                                        UnsafeMutableRawPointer(d.baseAddress!).assumingMemoryBound(to: Float.self), count)
                        } else {
                            for i in 0..<count { d[i] = g[i] * fp[i] }
                        }
                    }
                }
            }
            guard !layers[l].unitParameters.isEmpty, let f = layers[l].effectiveActivation else { return }
            let perUnit = f.kind == .prelu
            ws.upstream[l].storage.withUnsafeBufferPointer { g in
                ws.z[l].storage.withUnsafeBufferPointer { z in
                    layers[l].unitParameters.withUnsafeBufferPointer { params in
                        ws.gradients[l].unitParameters.withUnsafeMutableBufferPointer { gp in
                            for j in 0..<gp.count { gp[j] = 0 }
                            for r in 0..<n {
                                for u in 0..<units {
                                    let i = r * units + u
                                    let p = perUnit ? params[u] : params[0]
                                    gp[perUnit ? u : 0] += g[i] * f.parameterDerivative(z[i], parameter: p)
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Element-wise copy into existing storage (no allocation when the destination is uniquely owned).
@inlinable
func copy<T>(_ source: [T], into destination: inout [T]) {
    precondition(source.count == destination.count, "copy: sizes differ")
    destination.withUnsafeMutableBufferPointer { d in
        source.withUnsafeBufferPointer { s in
            for i in 0..<s.count { d[i] = s[i] }
        }
    }
}
