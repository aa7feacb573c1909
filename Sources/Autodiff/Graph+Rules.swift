import Activations
import LinearAlgebra
import RealModule

/// The three rules of every operation: its forward value, its vector-Jacobian product (reverse
/// mode: parents' adjoints from the node's adjoint) and its Jacobian-vector product (forward mode:
/// the node's tangent from its parents' tangents).
extension Graph {
    private func v(_ id: NodeID) -> Tensor { nodes[id.index].value }

    func forwardValue(of op: Op) -> Tensor {
        switch op {
        case .input, .constant:
            preconditionFailure("leaves are set, not computed")
        case let .matmul(a, b, ta, tb):
            return .product(v(a), transposed: ta, v(b), transposed: tb)
        case let .addRow(x, b):
            var y = v(x)
            y.addToEachRow(Array(v(b).elements))
            return y
        case let .add(a, b): return broadcast(v(a), v(b), +)
        case let .subtract(a, b): return broadcast(v(a), v(b), -)
        case let .multiply(a, b): return broadcast(v(a), v(b), *)
        case let .divide(a, b): return broadcast(v(a), v(b), /)
        case let .unary(f, x): return v(x).map(f.value)
        case let .activation(f, x, p):
            let slope = parameter(f, p)
            return v(x).mapIndexed { _, c, z in f.value(z, parameter: slope(c)) }
        case let .maxout(x, k):
            let x = v(x)
            return Tensor(rows: x.rows, columns: x.columns / k).mapIndexed { r, u, _ in x[r, argmax(x, r, u, k)] }
        case let .softmaxCrossEntropy(z, labels):
            let z = v(z)
            checkLabels(labels, z)
            let total = (0..<z.rows).reduce(0.0) { $0 + (logSumExp(z, row: $1) - z[$1, labels[$1]]) }
            return .scalar(total / Double(z.rows))
        case let .sigmoidCrossEntropy(z, t):
            let terms = broadcast(v(z), v(t)) { z, t in Swift.max(z, 0) - z * t + .log(onePlus: .exp(-Swift.abs(z))) }
            return .scalar(terms.sum / Double(v(z).rows))
        case let .meanSquaredError(y, t):
            return .scalar(broadcast(v(y), v(t)) { ($0 - $1) * ($0 - $1) }.sum / Double(2 * v(y).rows))
        }
    }

    /// Each parent's share of ∂output/∂parent, given g = ∂output/∂node.
    func backward(_ id: NodeID, adjoint g: Tensor) -> [(NodeID, Tensor)] {
        let y = v(id)
        switch nodes[id.index].op {
        case .input, .constant:
            return []
        case let .matmul(a, b, ta, tb):
            let dA = ta ? Tensor.product(v(b), transposed: tb, g, transposed: true) : .product(g, transposed: false, v(b), transposed: !tb)
            let dB = tb ? Tensor.product(g, transposed: true, v(a), transposed: ta) : .product(v(a), transposed: !ta, g)
            return [(a, dA), (b, dB)]
        case let .addRow(x, b):
            return [(x, g), (b, Tensor(rows: 1, columns: g.columns, elements: g.columnSums()))]
        case let .add(a, b):
            return [(a, g.reduced(to: v(a))), (b, g.reduced(to: v(b)))]
        case let .subtract(a, b):
            return [(a, g.reduced(to: v(a))), (b, g.map { -$0 }.reduced(to: v(b)))]
        case let .multiply(a, b):
            return [(a, broadcast(g, v(b), *).reduced(to: v(a))), (b, broadcast(g, v(a), *).reduced(to: v(b)))]
        case let .divide(a, b):
            let dB = broadcast(broadcast(g, y, *), v(b)) { -$0 / $1 }
            return [(a, broadcast(g, v(b), /).reduced(to: v(a))), (b, dB.reduced(to: v(b)))]
        case let .unary(f, x):
            return [(x, v(x).mapIndexed { r, c, x in g[r, c] * f.derivative(x, y[r, c]) })]
        case let .activation(f, x, p):
            let slope = parameter(f, p)
            let dx = v(x).mapIndexed { r, c, z in g[r, c] * f.derivative(z, parameter: slope(c)) }
            guard let p else { return [(x, dx)] }
            let perElement = v(x).mapIndexed { r, c, z in g[r, c] * f.parameterDerivative(z, parameter: slope(c)) }
            let perColumn = Tensor(rows: 1, columns: perElement.columns, elements: perElement.columnSums())
            return [(x, dx), (p, perColumn.reduced(to: v(p)))]
        case let .maxout(x, k):
            var dx = Tensor.zeros(like: v(x))
            for r in 0..<g.rows {
                for u in 0..<g.columns { dx[r, argmax(v(x), r, u, k)] += g[r, u] }
            }
            return [(x, dx)]
        case let .softmaxCrossEntropy(z, labels):
            return [(z, softmaxMinusOneHot(v(z), labels).map { $0 * g[0, 0] / Double(v(z).rows) })]
        case let .sigmoidCrossEntropy(z, t):
            let scale = g[0, 0] / Double(v(z).rows)
            return [(z, broadcast(v(z), v(t)) { (stableLogistic($0) - $1) * scale }),
                    (t, v(z).map { -$0 * scale }.reduced(to: v(t)))]
        case let .meanSquaredError(yHat, t):
            let residual = broadcast(v(yHat), v(t), -).map { $0 * g[0, 0] / Double(v(yHat).rows) }
            return [(yHat, residual.reduced(to: v(yHat))), (t, residual.map { -$0 }.reduced(to: v(t)))]
        }
    }

    /// The node's tangent, given the tangents `t` of every earlier node.
    func tangent(_ id: NodeID, tangents t: [Tensor]) -> Tensor {
        func d(_ id: NodeID) -> Tensor { t[id.index] }
        let y = v(id)
        switch nodes[id.index].op {
        case .input, .constant:
            return .zeros(like: y)
        case let .matmul(a, b, ta, tb):
            var sum = Tensor.product(d(a), transposed: ta, v(b), transposed: tb)
            sum.add(.product(v(a), transposed: ta, d(b), transposed: tb))
            return sum
        case let .addRow(x, b):
            var dy = d(x)
            dy.addToEachRow(Array(d(b).elements))
            return dy
        case let .add(a, b): return broadcast(d(a), d(b), +)
        case let .subtract(a, b): return broadcast(d(a), d(b), -)
        case let .multiply(a, b):
            return broadcast(broadcast(d(a), v(b), *), broadcast(v(a), d(b), *), +)
        case let .divide(a, b):
            return broadcast(broadcast(d(a), broadcast(y, d(b), *), -), v(b), /)
        case let .unary(f, x):
            let dx = d(x)
            return v(x).mapIndexed { r, c, x in f.derivative(x, y[r, c]) * dx[r, c] }
        case let .activation(f, x, p):
            let slope = parameter(f, p), dx = d(x), dp = p.map(d)
            return v(x).mapIndexed { r, c, z in
                let dSlope = dp.map { $0.count == 1 ? $0[0, 0] : $0[0, c] } ?? 0
                return f.derivative(z, parameter: slope(c)) * dx[r, c] + f.parameterDerivative(z, parameter: slope(c)) * dSlope
            }
        case let .maxout(x, k):
            return y.mapIndexed { r, u, _ in d(x)[r, argmax(v(x), r, u, k)] }
        case let .softmaxCrossEntropy(z, labels):
            return .scalar(broadcast(softmaxMinusOneHot(v(z), labels), d(z), *).sum / Double(v(z).rows))
        case let .sigmoidCrossEntropy(z, target):
            let dz = broadcast(broadcast(v(z), v(target)) { stableLogistic($0) - $1 }, d(z), *).sum
            let dt = broadcast(v(z), d(target)) { -$0 * $1 }.sum
            return .scalar((dz + dt) / Double(v(z).rows))
        case let .meanSquaredError(yHat, target):
            let residual = broadcast(v(yHat), v(target), -)
            return .scalar(broadcast(residual, broadcast(d(yHat), d(target), -), *).sum / Double(v(yHat).rows))
        }
    }

    /// The activation's parameter for column c: from the parameter node (1×1 or 1×columns) when
    /// there is one, the activation's own otherwise.
    private func parameter(_ f: Activation, _ p: NodeID?) -> (Int) -> Double {
        guard let p else { return { _ in f.parameter } }
        let values = v(p)
        return { c in values.count == 1 ? values[0, 0] : values[0, c] }
    }

    /// The column of the largest element of group `unit` (k columns wide) in row r.
    private func argmax(_ x: Tensor, _ r: Int, _ unit: Int, _ k: Int) -> Int {
        var best = unit * k
        for c in (unit * k)..<(unit * k + k) where x[r, c] > x[r, best] { best = c }
        return best
    }

    /// softmax(z) − onehot(labels), row by row: ∂/∂z of the summed cross-entropy.
    private func softmaxMinusOneHot(_ z: Tensor, _ labels: [Int]) -> Tensor {
        checkLabels(labels, z)
        var out = z
        for r in 0..<z.rows {
            let lse = logSumExp(z, row: r)
            for c in 0..<z.columns { out[r, c] = .exp(z[r, c] - lse) - (c == labels[r] ? 1 : 0) }
        }
        return out
    }

    private func checkLabels(_ labels: [Int], _ z: Tensor) {
        precondition(labels.count == z.rows, "softmax cross-entropy: \(labels.count) labels for \(z.rows) rows")
        precondition(labels.allSatisfy { (0..<z.columns).contains($0) }, "softmax cross-entropy: label out of range")
    }
}
