import LinearAlgebra
import NeuralNetwork
import Testing
@testable import Landscape

/// Lanczos on exact Hessian-vector products against Hessians known in closed form: models with no
/// hidden layer, whose loss is a quadratic (linear regression) or a generalised linear model.
@Suite struct ClosedFormHessianTests {
    /// a = [x, 1] per row: the inputs an affine layer's weights and bias see.
    static func augmented(_ x: Matrix<Double>) -> [[Double]] { (0..<x.rows).map { x.row($0) + [1] } }

    /// Lanczos' K largest and smallest against the sorted exact spectrum, 1e-4 relative to λmax
    /// (absolute for eigenvalues that are exactly 0).
    func expectSpectrum(_ c: Curvature, _ exact: [Double], k: Int, sourceLocation: SourceLocation = #_sourceLocation) {
        let scale = max(abs(exact.first!), abs(exact.last!))
        let largest = Array(exact.reversed().prefix(k)), smallest = Array(exact.prefix(k))
        #expect(c.largest.count == largest.count && c.smallest.count == smallest.count, sourceLocation: sourceLocation)
        for (found, want) in zip(c.largest, largest) {
            #expect(abs(found - want) <= 1e-4 * max(abs(want), 1e-8 * scale) || abs(found - want) <= 1e-10 * scale,
                    "largest \(found), exact \(want)", sourceLocation: sourceLocation)
        }
        for (found, want) in zip(c.smallest, smallest) {
            #expect(abs(found - want) <= 1e-4 * abs(want) || abs(found - want) <= 1e-10 * scale,
                    "smallest \(found), exact \(want)", sourceLocation: sourceLocation)
        }
    }

    @Test func linearRegressionWithMeanSquaredError() {
        // L = 1/(2N) Σ ‖[x,1]·Θ − y‖²: H = (1/N)·AᵀA for each output column (k copies).
        var draw = Draw(11)
        let n = 40, f = 3, k = 2
        let x = draw.matrix(n, f), y = draw.matrix(n, k)
        let problem = TrainingLoss(network: affineNetwork(weights: draw.matrix(f, k), bias: [0.3, -0.2], loss: .meanSquaredError),
                                   inputs: x, labels: Array(repeating: 0, count: n), targets: y)
        let a = Self.augmented(x)
        var gram = [[Double]](repeating: [Double](repeating: 0, count: f + 1), count: f + 1)
        for row in a { for i in 0...f { for j in 0...f { gram[i][j] += row[i] * row[j] / Double(n) } } }
        let exact = (eigenvalues(gram) + eigenvalues(gram)).sorted()
        let c = problem.curvature(top: 3)!
        expectSpectrum(c, exact, k: 3)
        #expect(c.verdict == .minimum)
        #expect(c.parameters == (f + 1) * k)
    }

    @Test func logisticRegression() {
        // Binary cross-entropy on one logit z = a·θ: H = (1/N) Σ σ(z)(1 − σ(z)) a aᵀ.
        var draw = Draw(12)
        let n = 50, f = 4
        let x = draw.matrix(n, f)
        let labels = (0..<n).map { Int32(($0 * 7) % 3 == 0 ? 1 : 0) }
        let w = draw.matrix(f, 1, 0.5), bias = [0.1]
        let problem = TrainingLoss(network: affineNetwork(weights: w, bias: bias, loss: .binaryCrossEntropy),
                                   inputs: x, labels: labels, targets: nil)
        let theta = w.elements + bias
        var h = [[Double]](repeating: [Double](repeating: 0, count: f + 1), count: f + 1)
        for a in Self.augmented(x) {
            let z = zip(a, theta).reduce(0) { $0 + $1.0 * $1.1 }
            let s = 1 / (1 + .exp(-z)), weight = s * (1 - s) / Double(n)
            for i in 0...f { for j in 0...f { h[i][j] += weight * a[i] * a[j] } }
        }
        let c = problem.curvature(top: 2)!
        expectSpectrum(c, eigenvalues(h), k: 2)
        #expect(c.verdict == .minimum)
    }

    @Test func softmaxRegression() {
        // Softmax cross-entropy: H[(i,c),(j,d)] = (1/N) Σ a_i a_j (s_c δ_cd − s_c s_d); parameter
        // (i, c) sits at i·k + c (the bias is row f), as the flat layout stores W then b.
        var draw = Draw(13)
        let n = 30, f = 2, k = 3
        let x = draw.matrix(n, f)
        let labels = (0..<n).map { Int32($0 % k) }
        let w = draw.matrix(f, k, 0.7), bias = [0.2, -0.1, 0.05]
        let problem = TrainingLoss(network: affineNetwork(weights: w, bias: bias, loss: .softmaxCrossEntropy),
                                   inputs: x, labels: labels, targets: nil)
        let p = (f + 1) * k
        var h = [[Double]](repeating: [Double](repeating: 0, count: p), count: p)
        for a in Self.augmented(x) {
            let z = (0..<k).map { c in (0...f).reduce(0.0) { $0 + a[$1] * ($1 < f ? w[$1, c] : bias[c]) } }
            let m = z.max()!, e = z.map { Double.exp($0 - m) }, total = e.reduce(0, +), s = e.map { $0 / total }
            for i in 0...f { for c in 0..<k { for j in 0...f { for d in 0..<k {
                h[i * k + c][j * k + d] += a[i] * a[j] * ((c == d ? s[c] : 0) - s[c] * s[d]) / Double(n)
            } } } }
        }
        let exact = eigenvalues(h)
        let c = problem.curvature(top: 3)!
        expectSpectrum(c, exact, k: 3)
        // Adding a constant to every class's logit changes nothing: f + 1 zero eigenvalues.
        #expect(abs(c.smallest[0]) <= 1e-10 * c.largest[0])
        #expect(c.verdict == .minimum)
    }

    @Test func hessianVectorProductsMatchFiniteDifferencesOfTheGradient() {
        var draw = Draw(14)
        let n = 25
        var net = Network<Double>(layers: [
            Layer(unit: .activation(.init(.tanh)), weights: draw.matrix(2, 5), bias: Array(draw.matrix(1, 5).elements)),
            Layer(unit: .activation(.init(.identity)), weights: draw.matrix(5, 3), bias: [0, 0.1, -0.1]),
        ], loss: .softmaxCrossEntropy)
        net.layers[0].bias[2] = 0.5
        let problem = TrainingLoss(network: net, inputs: draw.matrix(n, 2), labels: (0..<n).map { Int32($0 % 3) }, targets: nil)
        let centre = problem.centre
        let v = Array(draw.matrix(1, centre.count).elements)
        let (gradient, product) = problem.hessianVectorProduct(at: centre, along: v)
        let h = 1e-5
        let plus = problem.hessianVectorProduct(at: Vector.adding(centre, h, v), along: v).gradient
        let minus = problem.hessianVectorProduct(at: Vector.adding(centre, -h, v), along: v).gradient
        for i in centre.indices {
            let numeric = (plus[i] - minus[i]) / (2 * h)
            #expect(abs(product[i] - numeric) <= 1e-6 * max(1, abs(numeric)), "parameter \(i): \(product[i]) vs \(numeric)")
        }
        // The gradient is the loss's: against differences of the evaluator's loss.
        var evaluator = problem.evaluator()
        for i in [0, 7, centre.count - 1] {
            var up = centre, down = centre
            up[i] += h; down[i] -= h
            let numeric = (evaluator.loss(at: up) - evaluator.loss(at: down)) / (2 * h)
            #expect(abs(gradient[i] - numeric) <= 1e-6 * max(1, abs(numeric)))
        }
    }
}
