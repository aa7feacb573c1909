import Activations
import LinearAlgebra

/// Exact Hessian-vector products of the mean loss, by Pearlmutter's R-operator (1994) written
/// directly for the dense network: forward mode over the trainer's own forward and backward passes,
/// on whole batches as matrices (BLAS products), with every buffer sized once and reused.
///
/// With v = (V_l, c_l, π_l) per layer (weights, biases, learned unit parameters), R{·} is the
/// derivative along v. Forward: R z_l = R a_{l−1}·W_l + a_{l−1}·V_l + c_l, R a_l = f′(z_l)⊙R z_l
/// + ∂f/∂p·π_l (maxout: the winning piece's R z). At the output R δ_L = ∇²ℓ(z_L)·R z_L / N.
/// Backward: R g_{l−1} = R δ_l·W_lᵀ + δ_l·V_lᵀ, R δ = R g⊙f′ + g⊙(f″·R z + ∂²f/∂z∂p·π),
/// H·v for W_l = R a_{l−1}ᵀ·δ_l + a_{l−1}ᵀ·R δ_l, for b_l = Σₙ R δ_l, for p = Σ R g⊙∂f/∂p +
/// g⊙(∂²f/∂z∂p·R z + ∂²f/∂p²·π). The autodiff graph's forward-over-reverse product is the
/// independent check (tests, in Double).
///
/// Batch normalisation is held in evaluation mode (running statistics) and γ, β are not among the
/// directions, as the landscape holds them: y = γ·(z + b − μ)/√(σ² + ε) + β is then a fixed
/// per-column scale s = γ/√(σ² + ε) and shift, so R y = s·R z and R(∂L/∂z) = s·R(∂L/∂y).
public struct HessianWorkspace<Scalar: NNScalar>: Sendable {
    /// The forward and backward pass's buffers (z, a, f′, δ, ∂L/∂a, gradients).
    public var pass: Workspace<Scalar>
    /// R z of each layer (N × width).
    @usableFromInline var rz: [Matrix<Scalar>]
    /// R a of each hidden layer (N × units).
    @usableFromInline var ra: [Matrix<Scalar>]
    /// R δ of each layer (N × width).
    @usableFromInline var rdelta: [Matrix<Scalar>]
    /// R(∂L/∂a) of each hidden layer (N × units).
    @usableFromInline var rg: [Matrix<Scalar>]

    public init(for network: Network<Scalar>, batchCapacity: Int) {
        pass = Workspace(for: network, batchCapacity: batchCapacity)
        let capacity = pass.capacity
        rz = network.layers.map { Matrix(rows: capacity, columns: $0.width) }
        ra = network.layers.map { Matrix(rows: capacity, columns: $0.units) }
        rdelta = network.layers.map { Matrix(rows: capacity, columns: $0.width) }
        rg = network.layers.map { Matrix(rows: capacity, columns: $0.units) }
    }

    public var capacity: Int { pass.capacity }
}

extension Network {
    /// Adds the gradient and H·v of this batch's share of the mean loss over `total` rows into
    /// `gradient` and `product` (shaped like the layers; `direction` too), and returns the batch's
    /// summed loss. `input` has N ≤ the workspace's capacity rows; `labels` one per row (ignored
    /// for MSE), `targets` N × outputs for MSE.
    @inlinable
    public func accumulateHessianVectorProduct(
        _ input: Matrix<Scalar>, labels: UnsafeBufferPointer<Int32>, targets: Matrix<Scalar>?, meanOver total: Int,
        direction v: [LayerGradients<Scalar>], workspace hw: inout HessianWorkspace<Scalar>,
        gradient: inout [LayerGradients<Scalar>], product: inout [LayerGradients<Scalar>]
    ) -> Double {
        let n = input.rows
        let last = layers.count - 1
        forward(input, workspace: &hw.pass, training: true, statistics: .running)
        let lossSum = loss.evaluate(logits: hw.pass.z[last], labels: labels, targets: targets,
                                    gradientInto: &hw.pass.delta[last], meanOver: total).lossSum
        backward(input, workspace: &hw.pass)
        for l in layers.indices {
            gradient[l].weights.add(hw.pass.gradients[l].weights)
            add(hw.pass.gradients[l].bias, into: &gradient[l].bias)
            add(hw.pass.gradients[l].unitParameters, into: &gradient[l].unitParameters)
        }

        // R forward.
        for l in layers.indices {
            if l == 0 {
                Matrix.multiply(input, v[0].weights, into: &hw.rz[0])
            } else {
                Matrix.multiply(hw.pass.a[l - 1], v[l].weights, into: &hw.rz[l])
                Matrix.multiply(hw.ra[l - 1], layers[l].weights, into: &hw.rz[l], beta: 1)
            }
            hw.rz[l].addToEachRow(v[l].bias)
            if layers[l].normalization != nil { scaleByNormalization(&hw.rz[l], layer: l, workspace: hw.pass) }
            if l < last { rForwardThroughUnits(layer: l, rows: n, direction: v[l], workspace: &hw) }
        }

        // R at the loss: the loss's Hessian with respect to the logits, times R z_L, over `total`.
        loss.hessianProduct(logits: hw.pass.z[last], along: hw.rz[last], labels: labels, into: &hw.rdelta[last], meanOver: total)

        // R backward.
        for l in layers.indices.reversed() {
            if l == 0 {
                Matrix.multiply(input, transposed: true, hw.rdelta[0], into: &product[0].weights, beta: 1)
            } else {
                Matrix.multiply(hw.pass.a[l - 1], transposed: true, hw.rdelta[l], into: &product[l].weights, beta: 1)
                Matrix.multiply(hw.ra[l - 1], transposed: true, hw.pass.delta[l], into: &product[l].weights, beta: 1)
            }
            hw.rdelta[l].columnSums(into: &hw.pass.gradients[l].bias)
            add(hw.pass.gradients[l].bias, into: &product[l].bias)
            guard l > 0 else { break }
            Matrix.multiply(hw.rdelta[l], transposed: false, layers[l].weights, transposed: true, into: &hw.rg[l - 1])
            Matrix.multiply(hw.pass.delta[l], transposed: false, v[l].weights, transposed: true, into: &hw.rg[l - 1], beta: 1)
            rBackThroughUnits(layer: l - 1, rows: n, direction: v[l - 1], workspace: &hw, product: &product[l - 1])
            if layers[l - 1].normalization != nil { scaleByNormalization(&hw.rdelta[l - 1], layer: l - 1, workspace: hw.pass) }
        }
        return lossSum
    }

    /// m ← m·diag(γ/√(σ² + ε)): the batch normalisation of layer `l` in evaluation mode, a fixed
    /// scale per column (the running statistics' 1/√(σ² + ε) as the forward pass computed it).
    @inlinable
    func scaleByNormalization(_ m: inout Matrix<Scalar>, layer l: Int, workspace ws: Workspace<Scalar>) {
        guard let bn = layers[l].normalization else { return }
        let rows = m.rows, width = m.columns
        m.storage.withUnsafeMutableBufferPointer { x in
            for j in 0..<width {
                let s = Scalar(Double(bn.gamma[j]) * ws.inverseDeviation[l][j])
                for r in 0..<rows { x[r * width + j] *= s }
            }
        }
    }

    /// R a_l from R z_l: f′(z)⊙R z (+ ∂f/∂p·π for learned unit parameters); maxout takes the
    /// winning piece's R z.
    @inlinable
    func rForwardThroughUnits(layer l: Int, rows n: Int, direction v: LayerGradients<Scalar>, workspace hw: inout HessianWorkspace<Scalar>) {
        let layer = layers[l]
        let units = layer.units
        hw.ra[l].reshape(rows: n, columns: units)
        switch layer.unit {
        case let .maxout(k):
            hw.rz[l].storage.withUnsafeBufferPointer { rz in
                hw.pass.argmax[l].withUnsafeBufferPointer { arg in
                    hw.ra[l].storage.withUnsafeMutableBufferPointer { ra in
                        for r in 0..<n {
                            for u in 0..<units { ra[r * units + u] = rz[r * units * k + u * k + Int(arg[r * units + u])] }
                        }
                    }
                }
            }
        case .activation:
            let count = n * units
            hw.rz[l].storage.withUnsafeBufferPointer { rz in
                hw.pass.derivative[l].storage.withUnsafeBufferPointer { fp in
                    hw.ra[l].storage.withUnsafeMutableBufferPointer { ra in
                        for i in 0..<count { ra[i] = fp[i] * rz[i] }
                        guard !layer.unitParameters.isEmpty, let f = layer.effectiveActivation else { return }
                        let perUnit = f.kind == .prelu
                        hw.pass.z[l].storage.withUnsafeBufferPointer { z in
                            for i in 0..<count {
                                let u = perUnit ? i % units : 0
                                ra[i] += f.parameterDerivative(z[i], parameter: layer.unitParameters[u]) * v.unitParameters[u]
                            }
                        }
                    }
                }
            }
        }
    }

    /// R δ_l from R g_l (and H·v for the layer's unit parameters, added into `product`).
    @inlinable
    func rBackThroughUnits(layer l: Int, rows n: Int, direction v: LayerGradients<Scalar>,
                           workspace hw: inout HessianWorkspace<Scalar>, product: inout LayerGradients<Scalar>) {
        let layer = layers[l]
        let units = layer.units
        hw.rdelta[l].reshape(rows: n, columns: layer.width)
        switch layer.unit {
        case let .maxout(k):
            hw.rdelta[l].fill(with: 0)
            hw.rg[l].storage.withUnsafeBufferPointer { rg in
                hw.pass.argmax[l].withUnsafeBufferPointer { arg in
                    hw.rdelta[l].storage.withUnsafeMutableBufferPointer { d in
                        for r in 0..<n {
                            for u in 0..<units { d[r * units * k + u * k + Int(arg[r * units + u])] = rg[r * units + u] }
                        }
                    }
                }
            }
        case .activation:
            guard let f = layer.effectiveActivation else { return }
            let count = n * units
            let learned = !layer.unitParameters.isEmpty
            let perUnit = f.kind == .prelu
            hw.rg[l].storage.withUnsafeBufferPointer { rg in
                hw.pass.upstream[l].storage.withUnsafeBufferPointer { g in
                    hw.pass.derivative[l].storage.withUnsafeBufferPointer { fp in
                        hw.pass.z[l].storage.withUnsafeBufferPointer { z in
                            hw.rz[l].storage.withUnsafeBufferPointer { rz in
                                hw.rdelta[l].storage.withUnsafeMutableBufferPointer { d in
                                    for i in 0..<count { d[i] = rg[i] * fp[i] }
                                    if !f.isPiecewiseLinear {
                                        for i in 0..<count {
                                            let p = perUnit ? Double(layer.unitParameters[i % units]) : f.parameter
                                            d[i] += g[i] * Scalar(f.secondDerivative(Double(z[i]), parameter: p)) * rz[i]
                                        }
                                    }
                                    guard learned else { return }
                                    for i in 0..<count {
                                        let u = perUnit ? i % units : 0
                                        let p = layer.unitParameters[u], x = Double(z[i])
                                        let mixed = Scalar(f.mixedDerivative(x, parameter: Double(p)))
                                        d[i] += g[i] * mixed * v.unitParameters[u]
                                        product.unitParameters[u] += rg[i] * f.parameterDerivative(z[i], parameter: p)
                                            + g[i] * (mixed * rz[i] + Scalar(f.parameterSecondDerivative(x, parameter: Double(p))) * v.unitParameters[u])
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

extension Loss {
    /// R δ = ∇²ℓ(z)·u / n per row: the loss's Hessian with respect to the logits `logits` (rows ×
    /// outputs) applied to `u` (same shape), into `result` (reshaped). Softmax cross-entropy:
    /// p⊙u − p(p·u); binary cross-entropy: σ(z)(1 − σ(z))·u; mean squared error: u.
    @inlinable
    public func hessianProduct<Scalar: NNScalar>(logits: Matrix<Scalar>, along u: Matrix<Scalar>, labels: UnsafeBufferPointer<Int32>,
                                                 into result: inout Matrix<Scalar>, meanOver n: Int) {
        let rows = logits.rows, cols = logits.columns
        let invN = 1 / Scalar(max(n, 1))
        result.reshape(rows: rows, columns: cols)
        logits.storage.withUnsafeBufferPointer { z in
            u.storage.withUnsafeBufferPointer { u in
                result.storage.withUnsafeMutableBufferPointer { out in
                    switch self {
                    case .softmaxCrossEntropy:
                        withUnsafeTemporaryAllocation(of: Scalar.self, capacity: max(cols, 1)) { scratch in
                            let e = scratch.baseAddress!
                            for r in 0..<rows {
                                let row = z.baseAddress! + r * cols
                                var m = row[0]
                                for c in 1..<max(cols, 1) where row[c] > m { m = row[c] }
                                softmaxNumerators(row, maximum: m, into: e, count: cols)
                                var sum: Scalar = 0
                                for c in 0..<cols { sum += e[c] }
                                var pu: Scalar = 0
                                for c in 0..<cols {
                                    e[c] /= sum
                                    pu += e[c] * u[r * cols + c]
                                }
                                for c in 0..<cols { out[r * cols + c] = e[c] * (u[r * cols + c] - pu) * invN }
                            }
                        }
                    case .binaryCrossEntropy:
                        for i in 0..<(rows * cols) {
                            let s = stableLogistic(z[i])
                            out[i] = s * (1 - s) * u[i] * invN
                        }
                    case .meanSquaredError:
                        for i in 0..<(rows * cols) { out[i] = u[i] * invN }
                    }
                }
            }
        }
    }
}

/// destination[i] += source[i].
@inlinable
func add<T: NNScalar>(_ source: [T], into destination: inout [T]) {
    precondition(source.count == destination.count, "add: sizes differ")
    destination.withUnsafeMutableBufferPointer { d in
        source.withUnsafeBufferPointer { s in
            for i in 0..<s.count { d[i] += s[i] }
        }
    }
}
