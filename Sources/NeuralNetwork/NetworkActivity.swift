import Activations
import LinearAlgebra

/// How one hidden unit behaves over the training examples: on what share its derivative is zero
/// (dead there) or below 5% of its maximum (saturated), and its mean activation.
public struct UnitActivity: Sendable, Equatable {
    public var deadShare: Double
    public var saturatedShare: Double
    public var meanActivation: Double

    public init(deadShare: Double, saturatedShare: Double, meanActivation: Double) {
        self.deadShare = deadShare
        self.saturatedShare = saturatedShare
        self.meanActivation = meanActivation
    }
}

extension Trainer {
    /// Every layer's output for raw (unstandardised) input points, `count` rows of
    /// `dataset.features` values: `[layer][point · units + unit]`, a = f(z) for hidden layers and
    /// the scores z for the output layer. The trainer's own forward pass (inference mode).
    public func layerOutputs(points: [Double], count: Int) -> [[Float]] {
        let f = dataset.features
        precondition(points.count == count * f, "layerOutputs: expected \(count * f) values")
        guard count > 0 else { return network.layers.map { _ in [] } }
        var x = Matrix<Scalar>(rows: count, columns: f)
        for i in 0..<count { for j in 0..<f { x[i, j] = Scalar((points[i * f + j] - featureMean[j]) / featureScale[j]) } }
        var ws = Workspace(for: network, batchCapacity: count)
        network.forward(x, workspace: &ws, training: false)
        let last = network.layers.count - 1
        return network.layers.indices.map { l in
            let m = l == last ? ws.z[l] : ws.a[l]
            return m.elements.map { Float($0) }
        }
    }

    /// Per hidden layer and unit, its activity over the first `limit` training examples (all of
    /// them when there are fewer); `examples` is how many were used. Maxout units never die or
    /// saturate (their derivative is 1 on the winning piece).
    public func unitActivity(limit: Int = 1000) -> (examples: Int, layers: [[UnitActivity]]) {
        let result = unitActivity(limit: limit, preactivationsOf: nil)
        return (result.examples, result.layers)
    }

    /// `unitActivity(limit:)` and, from the same forward pass, the pre-activations z of hidden
    /// layer `layer` (0-based; every column of z, maxout's pieces too), when given.
    public func unitActivity(limit: Int, preactivationsOf layer: Int?) -> (examples: Int, layers: [[UnitActivity]], z: [Float]) {
        let n = min(limit, trainCount)
        let hidden = network.layers.dropLast()
        guard n > 0 else { return (0, hidden.map { Array(repeating: UnitActivity(deadShare: 0, saturatedShare: 0, meanActivation: 0), count: $0.units) }, []) }
        var x = Matrix<Scalar>(rows: n, columns: trainX.columns)
        for i in 0..<(n * trainX.columns) { x.storage[i] = trainX.storage[i] }
        var ws = Workspace(for: network, batchCapacity: n)
        network.forward(x, workspace: &ws, training: true)
        var out: [[UnitActivity]] = []
        for (l, layer) in hidden.enumerated() {
            let units = layer.units
            var dead = [Int](repeating: 0, count: units), saturated = [Int](repeating: 0, count: units)
            var sums = [Double](repeating: 0, count: units)
            let threshold = Scalar(0.05 * (layer.effectiveActivation?.maximumDerivative ?? 1))
            let isActivation = layer.effectiveActivation != nil
            for r in 0..<n {
                for u in 0..<units {
                    sums[u] += Double(ws.a[l][r, u])
                    guard isActivation else { continue }
                    let d = Swift.abs(ws.derivative[l][r, u])
                    if d == 0 { dead[u] += 1 }
                    if d < threshold { saturated[u] += 1 }
                }
            }
            out.append((0..<units).map {
                UnitActivity(deadShare: Double(dead[$0]) / Double(n), saturatedShare: Double(saturated[$0]) / Double(n),
                             meanActivation: sums[$0] / Double(n))
            })
        }
        let z = layer.flatMap { hidden.indices.contains($0) ? ws.z[$0].elements.map { Float($0) } : nil } ?? []
        return (n, out, z)
    }
}

extension Trainer {
    /// The pre-activations z of hidden layer `layer` (0-based) over the first `limit` training
    /// examples (every column of z: maxout's pieces too), at the current weights; with batch
    /// normalisation, y (normalised with the running statistics), what the units read.
    public func preactivations(layer: Int, limit: Int = 1000) -> [Float] {
        let n = min(limit, trainCount)
        guard n > 0, network.layers.indices.contains(layer) else { return [] }
        var x = Matrix<Scalar>(rows: n, columns: trainX.columns)
        for i in 0..<(n * trainX.columns) { x.storage[i] = trainX.storage[i] }
        var ws = Workspace(for: network, batchCapacity: n)
        network.forward(x, workspace: &ws, training: false)
        return ws.z[layer].elements.map { Float($0) }
    }
}
