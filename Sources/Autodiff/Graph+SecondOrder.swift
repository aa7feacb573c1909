import Activations
import LinearAlgebra
import RealModule

/// Second order: Hessian-vector products by forward mode over reverse mode.
///
/// The reverse sweep maps (values, adjoint of the output) to adjoints. Differentiating that sweep
/// in forward mode along a direction v of the inputs gives, beside every adjoint ḡ = ∂f/∂node, its
/// tangent ġ = d/dε ∂f/∂node(x + εv); at the inputs ġ is H·v, exactly (no step size).
///
/// Each op's vector-Jacobian product is linear in the adjoint g and depends on the forward values,
/// so its tangent has two parts: the same VJP applied to ġ, plus the VJP's derivative with respect
/// to the values (their tangents from a forward-mode sweep) at fixed g. The second part is
/// `backwardTangent`, one rule per op, next to the op's other rules in meaning.
extension Graph {
    /// The gradient of `output` with respect to `inputs` and the Hessian-vector product H·v, with
    /// v given per input (`direction[k]` shaped like `inputs[k]`). One forward-mode sweep, then one
    /// reverse sweep that carries each adjoint's tangent.
    public func hessianVectorProduct(of output: NodeID, withRespectTo inputs: [NodeID],
                                     direction: [Tensor]) -> (gradient: [Tensor], product: [Tensor]) {
        precondition(inputs.count == direction.count, "one direction tensor per input")
        var seeds: [NodeID: Tensor] = [:]
        for (id, v) in zip(inputs, direction) { seeds[id] = v }
        let t = tangents(seeds: seeds)

        var adjoints = [Tensor?](repeating: nil, count: nodes.count)
        var adjointTangents = [Tensor?](repeating: nil, count: nodes.count)
        let seed = value(output)
        adjoints[output.index] = Tensor(rows: seed.rows, columns: seed.columns, repeating: 1)
        adjointTangents[output.index] = .zeros(like: seed)
        func accumulate(_ into: inout [Tensor?], _ parent: NodeID, _ share: Tensor) {
            if into[parent.index] == nil { into[parent.index] = share } else { into[parent.index]!.add(share) }
        }
        for i in stride(from: output.index, through: 0, by: -1) {
            guard let g = adjoints[i] else { continue }
            let id = NodeID(i)
            for (parent, share) in backward(id, adjoint: g) { accumulate(&adjoints, parent, share) }
            if let gt = adjointTangents[i] {
                for (parent, share) in backward(id, adjoint: gt) { accumulate(&adjointTangents, parent, share) }
            }
            for (parent, share) in backwardTangent(id, adjoint: g, tangents: t) { accumulate(&adjointTangents, parent, share) }
        }
        let gradient = inputs.map { adjoints[$0.index] ?? .zeros(like: value($0)) }
        let product = inputs.map { adjointTangents[$0.index] ?? .zeros(like: value($0)) }
        return (gradient, product)
    }

    /// The derivative of the op's VJP with respect to the forward values along their tangents `t`,
    /// the adjoint g held fixed. Ops whose VJP does not depend on values (sums, bias, maxout's
    /// locally constant routing) contribute nothing.
    func backwardTangent(_ id: NodeID, adjoint g: Tensor, tangents t: [Tensor]) -> [(NodeID, Tensor)] {
        func v(_ id: NodeID) -> Tensor { nodes[id.index].value }
        func d(_ id: NodeID) -> Tensor { t[id.index] }
        let y = v(id)
        switch nodes[id.index].op {
        case .input, .constant, .addRow, .add, .subtract, .maxout:
            return []
        case let .matmul(a, b, ta, tb):
            // The VJP is bilinear: dA uses B, dB uses A; their tangents use Ḃ and Ȧ.
            let dA = ta ? Tensor.product(d(b), transposed: tb, g, transposed: true) : .product(g, transposed: false, d(b), transposed: !tb)
            let dB = tb ? Tensor.product(g, transposed: true, d(a), transposed: ta) : .product(d(a), transposed: !ta, g)
            return [(a, dA), (b, dB)]
        case let .multiply(a, b):
            return [(a, broadcast(g, d(b), *).reduced(to: v(a))), (b, broadcast(g, d(a), *).reduced(to: v(b)))]
        case let .divide(a, b):
            // ∂/∂a = g/b → −g·ḃ/b²;  ∂/∂b = −g·y/b → −g·(ẏ·b − y·ḃ)/b².
            let bSquared = broadcast(v(b), v(b), *)
            let dA = broadcast(broadcast(g, d(b), *), bSquared) { -$0 / $1 }
            let numerator = broadcast(broadcast(d(id), v(b), *), broadcast(y, d(b), *), -)
            let dB = broadcast(broadcast(g, numerator, *), bSquared) { -$0 / $1 }
            return [(a, dA.reduced(to: v(a))), (b, dB.reduced(to: v(b)))]
        case let .unary(f, x):
            let dx = d(x)
            return [(x, v(x).mapIndexed { r, c, x in g[r, c] * f.secondDerivative(x, y[r, c]) * dx[r, c] })]
        case let .activation(f, x, p):
            let slope = activationParameter(f, p), dx = d(x), dp = p.map(d)
            func dSlope(_ c: Int) -> Double { dp.map { $0.count == 1 ? $0[0, 0] : $0[0, c] } ?? 0 }
            let gx = v(x).mapIndexed { r, c, z in
                g[r, c] * (f.secondDerivative(z, parameter: slope(c)) * dx[r, c] + f.mixedDerivative(z, parameter: slope(c)) * dSlope(c))
            }
            guard let p else { return [(x, gx)] }
            let perElement = v(x).mapIndexed { r, c, z in
                g[r, c] * (f.mixedDerivative(z, parameter: slope(c)) * dx[r, c] + f.parameterSecondDerivative(z, parameter: slope(c)) * dSlope(c))
            }
            let perColumn = Tensor(rows: 1, columns: perElement.columns, elements: perElement.columnSums())
            return [(x, gx), (p, perColumn.reduced(to: v(p)))]
        case let .softmaxCrossEntropy(z, _):
            // The VJP is (softmax(z) − onehot)·g/N; its tangent is the softmax Jacobian applied to ż:
            // s ⊙ (ż − ⟨s, ż⟩) per row.
            let values = v(z), dz = d(z)
            var out = Tensor.zeros(like: values)
            let scale = g[0, 0] / Double(values.rows)
            for r in 0..<values.rows {
                let lse = logSumExp(values, row: r)
                var dot = 0.0
                for c in 0..<values.columns { dot += .exp(values[r, c] - lse) * dz[r, c] }
                for c in 0..<values.columns { out[r, c] = .exp(values[r, c] - lse) * (dz[r, c] - dot) * scale }
            }
            return [(z, out)]
        case let .sigmoidCrossEntropy(z, target):
            let scale = g[0, 0] / Double(v(z).rows)
            let slope = v(z).map { let s = stableLogistic($0); return s * (1 - s) }
            let dz = broadcast(broadcast(slope, d(z), *), d(target)) { ($0 - $1) * scale }
            return [(z, dz), (target, d(z).map { -$0 * scale }.reduced(to: v(target)))]
        case let .meanSquaredError(yHat, target):
            let residual = broadcast(d(yHat), d(target), -).map { $0 * g[0, 0] / Double(v(yHat).rows) }
            return [(yHat, residual.reduced(to: v(yHat))), (target, residual.map { -$0 }.reduced(to: v(target)))]
        }
    }

    private func activationParameter(_ f: Activation, _ p: NodeID?) -> (Int) -> Double {
        guard let p else { return { _ in f.parameter } }
        let values = nodes[p.index].value
        return { c in values.count == 1 ? values[0, 0] : values[0, c] }
    }
}

extension UnaryFunction {
    /// f″(x), given also y = f(x).
    public func secondDerivative(_ x: Double, _ y: Double) -> Double {
        switch self {
        case .negate: return 0
        case .exp: return y
        case .log: return -1 / (x * x)
        case .sin: return -y
        case .cos: return -y
        case .tanh: return -2 * y * (1 - y * y)
        case .sqrt: return -0.25 / (y * y * y)
        case let .power(c): return c == 0 || c == 1 ? 0 : c * (c - 1) * raise(x, to: c - 2)
        }
    }
}
