import LinearAlgebra
import Randomness

/// The Hessian's extreme eigenvalues at a point, and what they say about it.
public struct Curvature: Sendable, Equatable {
    public enum Verdict: String, Sendable {
        /// λmin > −tol: no direction goes down (to second order).
        case minimum
        /// λmin < −tol < λmax: some directions go down, others up.
        case saddle
        /// λmax ≤ tol and λmin < −tol: every direction goes down.
        case maximum
    }

    /// The K largest eigenvalues, largest first.
    public var largest: [Double]
    /// The K smallest eigenvalues, smallest first.
    public var smallest: [Double]
    public var verdict: Verdict
    /// The tolerance the verdict used.
    public var tolerance: Double
    /// Lanczos iterations (Hessian-vector products).
    public var iterations: Int
    public var parameters: Int

    /// The relative tolerance of the verdict: tol = `relativeTolerance` × max |λ| (at least 1e-12).
    public static let relativeTolerance = 1e-4
    /// Lanczos stops when every wanted Ritz value's residual is below this, relative to max |λ|.
    public static let convergence = 1e-10
    /// Most Lanczos iterations (each keeps one vector of the parameters' size).
    public static let iterationLimit = 150
    /// Eigenvalues asked for at each end.
    public static let topRange = 1...20

    public static func verdict(smallest: Double, largest: Double, tolerance: Double) -> Verdict {
        if smallest > -tolerance { return .minimum }
        if largest > tolerance { return .saddle }
        return .maximum
    }

    /// Lanczos with full re-orthogonalisation on the symmetric operator `hessian` (H·v) of
    /// dimension `parameters`. `progress(iteration, limit)` returning false cancels (nil).
    ///
    /// The basis is one contiguous block (row j is vector j), so re-orthogonalisation is two
    /// matrix-vector products per pass (classical Gram–Schmidt after the three-term recurrence,
    /// repeated when it removed much: as stable as the modified form, and BLAS-shaped).
    public static func compute(parameters n: Int, top k: Int, seed: UInt64 = 1,
                               progress: (Int, Int) -> Bool = { _, _ in true },
                               hessian: ([Double]) -> [Double]) -> Curvature? {
        precondition(n > 0 && k > 0)
        let limit = min(n, iterationLimit)
        var rng = SeededGenerator(seed: seed ^ 0x1A2C_205E_0000_0005)
        var basis = Basis(dimension: n, capacity: limit)
        var alphas: [Double] = [], betas: [Double] = []  // betas[j] couples vector j and j+1
        var q = (0..<n).map { _ in rng.normal() }
        Vector.scale(&q, 1 / Vector.norm(q))
        var previous: [Double] = []  // the basis vector before q
        var ritz: [Double] = []
        var iterations = 0
        while basis.count < limit {
            basis.append(q)
            var w = hessian(q)
            iterations += 1
            let a = Vector.dot(w, q)
            alphas.append(a)
            // The three-term recurrence, then full re-orthogonalisation against every basis
            // vector, a second pass only when the first removed much (Kahan–Parlett: twice is enough).
            Vector.subtract(&w, a, q)
            if let b = betas.last, b != 0, previous.count == n { Vector.subtract(&w, b, previous) }
            let before = Vector.norm(w)
            basis.orthogonalise(&w)
            var beta = Vector.norm(w)
            if beta < 0.7 * before {
                basis.orthogonalise(&w)
                beta = Vector.norm(w)
            }
            let (values, lastComponents) = tridiagonalEigen(alphas, betas)
            ritz = values
            let scale = max(values.map { Swift.abs($0) }.max() ?? 0, 1e-300)
            if !progress(basis.count, limit) { return nil }
            if basis.count == limit { break }
            if beta <= 1e-12 * scale {
                // An invariant subspace: restart with a fresh vector orthogonal to it (the
                // tridiagonal becomes block-diagonal, β = 0 between the blocks).
                w = (0..<n).map { _ in rng.normal() }
                basis.orthogonalise(&w)
                basis.orthogonalise(&w)
                let norm = Vector.norm(w)
                guard norm > 1e-12 else { break }
                betas.append(0)
                Vector.scale(&w, 1 / norm)
                swap(&previous, &q)
                q = w
                continue
            }
            // Converged when the wanted Ritz values' residuals |β·s_last| are small.
            let order = values.indices.sorted { values[$0] < values[$1] }
            let wanted = Set(order.prefix(k) + order.suffix(k))
            if basis.count >= min(2 * k + 2, limit), wanted.allSatisfy({ Swift.abs(beta * lastComponents[$0]) <= convergence * scale }) {
                break
            }
            betas.append(beta)
            Vector.scale(&w, 1 / beta)
            swap(&previous, &q)
            q = w
        }
        let sorted = ritz.sorted()
        let largest = Array(sorted.reversed().prefix(k)), smallest = Array(sorted.prefix(k))
        let scale = max(Swift.abs(sorted.first!), Swift.abs(sorted.last!))
        let tolerance = max(relativeTolerance * scale, 1e-12)
        return Curvature(largest: largest, smallest: smallest,
                         verdict: verdict(smallest: sorted.first!, largest: sorted.last!, tolerance: tolerance),
                         tolerance: tolerance, iterations: iterations, parameters: n)
    }

    /// Lanczos vectors, row by row in one block of storage reserved once.
    struct Basis {
        let dimension: Int
        private(set) var count = 0
        private var rows: [Double]
        /// The coefficients of one projection (one per vector).
        private var coefficients: [Double]

        init(dimension: Int, capacity: Int) {
            self.dimension = dimension
            rows = []
            rows.reserveCapacity(dimension * capacity)
            coefficients = Array(repeating: 0, count: capacity)
        }

        mutating func append(_ v: [Double]) {
            precondition(v.count == dimension)
            rows.append(contentsOf: v)
            count += 1
        }

        /// w ← w − Qᵀ(Q·w): one classical Gram–Schmidt pass against every vector.
        mutating func orthogonalise(_ w: inout [Double]) {
            let m = count, n = dimension
            guard m > 0 else { return }
            rows.withUnsafeBufferPointer { q in
                coefficients.withUnsafeMutableBufferPointer { c in
                    w.withUnsafeMutableBufferPointer { w in
                        // c = Q·w, then w −= Qᵀ·c, through BLAS where it is loaded.
                        let blas = BLASLibrary.shared
                        if blas.multiplyVector(transpose: false, rows: m, columns: n, alpha: 1, q.baseAddress!, w.baseAddress!,
                                               beta: 0, c.baseAddress!) {
                            _ = blas.multiplyVector(transpose: true, rows: m, columns: n, alpha: -1, q.baseAddress!, c.baseAddress!,
                                                    beta: 1, w.baseAddress!)
                            return
                        }
                        for j in 0..<m {
                            var s = 0.0
                            for i in 0..<n { s += w[i] * q[j * n + i] }
                            c[j] = s
                        }
                        for j in 0..<m {
                            let s = c[j]
                            for i in 0..<n { w[i] -= s * q[j * n + i] }
                        }
                    }
                }
            }
        }
    }

    /// Eigenvalues of the symmetric tridiagonal (diagonal `a`, off-diagonal `b`) and the last
    /// component of each unit eigenvector (for the Lanczos residual): implicit QL with Wilkinson
    /// shifts (the EISPACK tql2 scheme), carrying only the last row of the eigenvector matrix, so
    /// O(m²) per call.
    static func tridiagonalEigen(_ a: [Double], _ b: [Double]) -> (values: [Double], last: [Double]) {
        let n = a.count
        var d = a, e = b + [0]
        var z = [Double](repeating: 0, count: n)
        z[n - 1] = 1
        for l in 0..<n {
            var iterations = 0
            while true {
                var m = l
                while m < n - 1 {
                    let dd = Swift.abs(d[m]) + Swift.abs(d[m + 1])
                    if Swift.abs(e[m]) <= Double.ulpOfOne * dd { break }
                    m += 1
                }
                if m == l { break }
                iterations += 1
                if iterations > 60 { break }
                var g = (d[l + 1] - d[l]) / (2 * e[l])
                var r = (g * g + 1).squareRoot()
                g = d[m] - d[l] + e[l] / (g + (g >= 0 ? r : -r))
                var s = 1.0, c = 1.0, p = 0.0
                var i = m - 1
                var deflated = false
                while i >= l {
                    var f = s * e[i]
                    let bb = c * e[i]
                    r = (f * f + g * g).squareRoot()
                    e[i + 1] = r
                    if r == 0 {
                        d[i + 1] -= p
                        e[m] = 0
                        deflated = true
                        break
                    }
                    s = f / r
                    c = g / r
                    g = d[i + 1] - p
                    r = (d[i] - g) * s + 2 * c * bb
                    p = s * r
                    d[i + 1] = g + p
                    g = c * r - bb
                    f = z[i + 1]
                    z[i + 1] = s * z[i] + c * f
                    z[i] = c * z[i] - s * f
                    i -= 1
                }
                if deflated && i >= l { continue }
                d[l] -= p
                e[l] = g
                e[m] = 0
            }
        }
        return (d, z)
    }
}

extension TrainingLoss {
    /// The curvature of the mean training loss at `point` (the centre by default), from exact
    /// Hessian-vector products.
    public func curvature(at point: [Double]? = nil, top k: Int, seed: UInt64 = 1,
                          progress: (Int, Int) -> Bool = { _, _ in true }) -> Curvature? {
        var products = hessianProducts(at: point)
        return Curvature.compute(parameters: products.parameterCount, top: k, seed: seed, progress: progress) { v in
            products.product(along: v)
        }
    }
}
