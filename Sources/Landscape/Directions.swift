import LinearAlgebra
import NeuralNetwork
import Randomness

/// The two directions spanning a landscape's plane, flat like `ParameterVector`.
public struct PlaneDirections: Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        /// Gaussian, filter-normalised (Li et al. 2018).
        case random
        /// The top two principal directions of the checkpoint trajectory.
        case pca
    }

    public var kind: Kind
    public var first: [Double]
    public var second: [Double]
    /// PCA only: the share of the trajectory's variance each direction explains.
    public var explainedVariance: [Double]?

    public init(kind: Kind, first: [Double], second: [Double], explainedVariance: [Double]? = nil) {
        self.kind = kind
        self.first = first
        self.second = second
        self.explainedVariance = explainedVariance
    }

    /// Two Gaussian directions, filter-normalised as in Li et al.: for every unit (a column of a
    /// layer's weight matrix: that unit's incoming weights) the direction's column is rescaled to
    /// the norm of the network's column. Biases and learned activation parameters get 0.
    public static func random<Scalar: NNScalar>(for network: Network<Scalar>, seed: UInt64) -> PlaneDirections {
        var rng = SeededGenerator(seed: seed ^ 0x1A4D_5CA9_E000_0001)
        let weights = ParameterVector.flatten(network)
        let blocks = ParameterVector.blocks(of: network)
        func draw() -> [Double] {
            var d = [Double](repeating: 0, count: weights.count)
            for b in blocks {
                for i in 0..<(b.rows * b.columns) { d[b.weights + i] = rng.normal() }
            }
            for b in blocks { filterNormalise(&d, like: weights, block: b) }
            return d
        }
        let first = draw()
        let second = draw()
        return PlaneDirections(kind: .random, first: first, second: second)
    }

    /// Rescales each unit column of `d` in `block` to the norm of the same column of `w`.
    static func filterNormalise(_ d: inout [Double], like w: [Double], block b: ParameterVector.LayerBlocks) {
        for j in 0..<b.columns {
            var dn = 0.0, wn = 0.0
            for i in 0..<b.rows {
                let k = b.weights + i * b.columns + j
                dn += d[k] * d[k]
                wn += w[k] * w[k]
            }
            let scale = dn > 0 ? (wn / dn).squareRoot() : 0
            for i in 0..<b.rows { d[b.weights + i * b.columns + j] *= scale }
        }
    }

    /// The most checkpoints the PCA is fitted to (evenly thinned beyond it, keeping the last).
    public static let pcaCheckpointLimit = 50

    /// The top two principal directions of the trajectory's differences θᵢ − centre, unit length
    /// and orthogonal, with the share of their sum of squares each explains. The differences are
    /// not centred on their mean (Li et al.'s scikit-learn PCA centres them): the plane drawn goes
    /// through the centre, so it is the plane through the centre that fits the path best. Needs
    /// at least two checkpoints other than the centre, not on one line through it.
    public static func pca(trajectory: [[Double]], centre: [Double]) throws(LandscapeError) -> PlaneDirections {
        let others = thinned(trajectory.filter { $0 != centre }, to: pcaCheckpointLimit)
        guard others.count >= 2 else { throw .notEnoughCheckpoints(others.count + 1) }
        let rows = others.map { Vector.adding($0, -1, centre) }
        let n = rows.count, p = centre.count
        // Principal directions from the small n×n Gram matrix: v = Mᵀu / ‖Mᵀu‖.
        var gram = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
        for a in 0..<n { for b in a..<n { let g = Vector.dot(rows[a], rows[b]); gram[a][b] = g; gram[b][a] = g } }
        let eigen = SymmetricEigen(gram)
        let total = eigen.values.reduce(0) { $0 + max($1, 0) }
        let order = eigen.values.indices.sorted { eigen.values[$0] > eigen.values[$1] }
        guard total > 0, eigen.values[order[1]] > 1e-12 * total else { throw .degenerateTrajectory }
        func direction(_ k: Int) -> [Double] {
            var v = [Double](repeating: 0, count: p)
            for a in 0..<n { v = Vector.adding(v, eigen.vectors[a][k], rows[a]) }
            return Vector.scaled(v, 1 / Vector.norm(v))
        }
        let first = direction(order[0])
        var second = direction(order[1])
        // Orthogonal in exact arithmetic; remove the rounding so that tests can hold it to 1e-12.
        second = Vector.adding(second, -Vector.dot(first, second), first)
        second = Vector.scaled(second, 1 / Vector.norm(second))
        return PlaneDirections(kind: .pca, first: first, second: second,
                               explainedVariance: [eigen.values[order[0]] / total, eigen.values[order[1]] / total])
    }

    /// At most `limit` items, evenly spaced, always keeping the last.
    static func thinned<T>(_ items: [T], to limit: Int) -> [T] {
        guard items.count > limit else { return items }
        return (0..<limit).map { items[($0 * (items.count - 1)) / (limit - 1)] }
    }

    /// (α, β) of a point: the least-squares coordinates of point − centre in the plane (exact when
    /// the point lies in it; the orthogonal projection otherwise).
    public func project(_ point: [Double], centre: [Double]) -> (alpha: Double, beta: Double) {
        let x = Vector.adding(point, -1, centre)
        let a = Vector.dot(first, first), b = Vector.dot(first, second), c = Vector.dot(second, second)
        let p = Vector.dot(first, x), q = Vector.dot(second, x)
        let det = a * c - b * b
        guard det > 0 else { return (a > 0 ? p / a : 0, 0) }
        return ((c * p - b * q) / det, (a * q - b * p) / det)
    }
}

/// Why a landscape or curvature could not be computed.
public enum LandscapeError: Error, Equatable, CustomStringConvertible {
    case notEnoughCheckpoints(Int)
    case degenerateTrajectory
    case gridOutOfRange(Int)
    case spanNotPositive(Double)

    public var description: String {
        switch self {
        case let .notEnoughCheckpoints(n):
            return "pca directions need at least 3 checkpoints of the run (found \(n)); record with --checkpoint-every 1, or use --directions random"
        case .degenerateTrajectory:
            return "the checkpoints lie on one line, so there is no second principal direction; use --directions random"
        case let .gridOutOfRange(n): return "grid must be from \(LossGrid.gridRange.lowerBound) to \(LossGrid.gridRange.upperBound) points per side, got \(n)"
        case let .spanNotPositive(s): return "span must be a positive number, got \(s == s.rounded() && abs(s) < 1e15 ? String(Int(s)) : String(s))"
        }
    }
}
