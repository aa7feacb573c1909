import Testing
@testable import Landscape

@Suite struct CurvatureVerdictTests {
    /// H·v for an explicit symmetric matrix.
    static func apply(_ h: [[Double]]) -> ([Double]) -> [Double] {
        { v in h.map { row in zip(row, v).reduce(0) { $0 + $1.0 * $1.1 } } }
    }

    @Test func theSaddleOfXSquaredMinusYSquaredIsASaddle() {
        // f = x² − y² + 0·z: H = diag(2, −2, 0).
        let c = Curvature.compute(parameters: 3, top: 1, hessian: Self.apply([[2, 0, 0], [0, -2, 0], [0, 0, 0]]))!
        #expect(abs(c.largest[0] - 2) <= 1e-12)
        #expect(abs(c.smallest[0] + 2) <= 1e-12)
        #expect(c.verdict == .saddle)
        #expect(abs(c.tolerance - 2 * Curvature.relativeTolerance) <= 1e-15)
    }

    @Test func aMaximumAndAMinimum() {
        #expect(Curvature.compute(parameters: 2, top: 1, hessian: Self.apply([[-1, 0.5], [0.5, -3]]))!.verdict == .maximum)
        #expect(Curvature.compute(parameters: 2, top: 1, hessian: Self.apply([[1, 0.5], [0.5, 3]]))!.verdict == .minimum)
        // λmin = −1e-6 against λmax = 1: inside the tolerance, still a minimum.
        #expect(Curvature.compute(parameters: 2, top: 1, hessian: Self.apply([[1, 0], [0, -1e-6]]))!.verdict == .minimum)
    }

    @Test func lanczosFindsTheExtremesOfALargerSpectrum() {
        // A diagonal with known entries, rotated by a fixed Householder reflection.
        let n = 60
        let d = (0..<n).map { Double($0) - 20.5 }
        var u = (0..<n).map { Double.sin(Double($0) + 1) }
        let norm = u.reduce(0) { $0 + $1 * $1 }.squareRoot()
        u = u.map { $0 / norm }
        func reflection(_ i: Int, _ j: Int) -> Double { (i == j ? 1 : 0) - 2 * u[i] * u[j] }
        var h = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
        for i in 0..<n {
            for j in 0..<n {
                var s = 0.0
                for m in 0..<n { s += reflection(i, m) * d[m] * reflection(m, j) }
                h[i][j] = s
            }
        }
        let c = Curvature.compute(parameters: n, top: 3, hessian: Self.apply(h))!
        #expect(zip(c.largest, [38.5, 37.5, 36.5]).allSatisfy { abs($0 - $1) <= 1e-8 })
        #expect(zip(c.smallest, [-20.5, -19.5, -18.5]).allSatisfy { abs($0 - $1) <= 1e-8 })
        #expect(c.verdict == .saddle)
    }

    @Test func cancellingStops() {
        let c = Curvature.compute(parameters: 10, top: 1, progress: { i, _ in i < 3 }, hessian: { $0 })
        #expect(c == nil)
    }

    @Test func theTridiagonalSolverAgreesWithJacobi() {
        let a = [2.0, -1, 0.5, 3, 1.5, -2], b = [0.7, 1.2, -0.3, 0.9, 0.4]
        var t = [[Double]](repeating: [Double](repeating: 0, count: 6), count: 6)
        for i in 0..<6 { t[i][i] = a[i] }
        for i in 0..<5 { t[i][i + 1] = b[i]; t[i + 1][i] = b[i] }
        let jacobi = SymmetricEigen(t)
        let (values, last) = Curvature.tridiagonalEigen(a, b)
        for (k, lambda) in values.enumerated() {
            let match = try! #require(jacobi.values.indices.min { abs(jacobi.values[$0] - lambda) < abs(jacobi.values[$1] - lambda) })
            #expect(abs(jacobi.values[match] - lambda) <= 1e-12)
            #expect(abs(abs(jacobi.vectors[5][match]) - abs(last[k])) <= 1e-10)
        }
    }

    @Test func jacobiEigenvaluesOfATwoByTwo() {
        // [[2, 1], [1, 2]]: 1 and 3.
        #expect(eigenvalues([[2, 1], [1, 2]]).enumerated().allSatisfy { abs($1 - [1.0, 3][$0]) <= 1e-15 })
    }
}
