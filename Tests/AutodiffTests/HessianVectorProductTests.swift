import Activations
import Autodiff
import LinearAlgebra
import Testing

/// Forward-over-reverse Hessian-vector products against central finite differences of the
/// reverse-mode gradient, op by op, and against closed forms.
@Suite struct HessianVectorProductTests {
    /// H·v of `build` (made scalar by a fixed random probe) against (∇f(x + hv) − ∇f(x − hv)) / 2h.
    func checkHVP(_ label: String, _ inputs: [Tensor], sourceLocation: SourceLocation = #_sourceLocation,
                  _ build: (inout Graph, [NodeID]) -> NodeID) {
        var random = TestRandom(seed: 7)
        var probe: Tensor?
        func record(_ xs: [Tensor]) -> (Graph, NodeID, [NodeID]) {
            var g = Graph()
            let ids = xs.map { g.input($0) }
            let y = build(&g, ids)
            if probe == nil { probe = random.tensor(g.value(y).rows, g.value(y).columns, 0.5, 1.5) }
            let out = g.value(y).count == 1 ? y : g.multiply(y, g.constant(probe!))
            return (g, out, ids)
        }
        let direction = inputs.map { random.tensor($0.rows, $0.columns, -1, 1) }
        let (g, out, ids) = record(inputs)
        let (gradient, product) = g.hessianVectorProduct(of: out, withRespectTo: ids, direction: direction)
        let reverse = g.gradients(of: out, withRespectTo: ids)
        func shifted(_ s: Double) -> [Tensor] {
            zip(inputs, direction).map { x, v in Tensor(rows: x.rows, columns: x.columns, elements: zip(x.elements, v.elements).map { $0 + s * $1 }) }
        }
        let h = 1e-5
        let (gp, op, idp) = record(shifted(h)), (gm, om, idm) = record(shifted(-h))
        let plus = gp.gradients(of: op, withRespectTo: idp), minus = gm.gradients(of: om, withRespectTo: idm)
        for k in inputs.indices {
            #expect(gradient[k] == reverse[k], "\(label): the gradient beside H·v is reverse mode's", sourceLocation: sourceLocation)
            for e in 0..<inputs[k].count {
                let numeric = (plus[k].storage[e] - minus[k].storage[e]) / (2 * h)
                let exact = product[k].storage[e]
                #expect(abs(exact - numeric) <= 1e-6 * max(1, abs(numeric)),
                        "\(label): input \(k) element \(e): H·v \(exact), finite difference \(numeric)", sourceLocation: sourceLocation)
            }
        }
    }

    @Test func elementWiseArithmetic() {
        var r = TestRandom(seed: 1)
        let a = r.tensor(3, 2), b = r.tensor(3, 2, 0.5, 2), s = r.tensor(1, 1, 0.5, 2)
        checkHVP("multiply", [a, b]) { g, x in g.multiply(g.multiply(x[0], x[1]), x[0]) }
        checkHVP("divide", [a, b]) { g, x in g.divide(g.multiply(x[0], x[0]), x[1]) }
        checkHVP("broadcast divide", [a, s]) { g, x in g.divide(x[0], x[1]) }
        checkHVP("broadcast multiply", [s, a]) { g, x in g.multiply(g.multiply(x[0], x[1]), x[0]) }
        checkHVP("add and subtract", [a, b]) { g, x in g.multiply(g.add(x[0], x[1]), g.subtract(x[0], x[1])) }
    }

    @Test func unaryFunctions() {
        var r = TestRandom(seed: 2)
        let x = r.tensor(2, 3), positive = r.tensor(2, 3, 0.5, 3)
        for f in [UnaryFunction.negate, .exp, .sin, .cos, .tanh, .power(3), .power(2)] {
            checkHVP(f.name, [x]) { g, x in g.apply(f, x[0]) }
        }
        for f in [UnaryFunction.log, .sqrt, .power(0.5), .power(-1.5)] {
            checkHVP(f.name, [positive]) { g, x in g.apply(f, x[0]) }
        }
    }

    @Test func everyActivation() {
        var r = TestRandom(seed: 3)
        let z = r.tensor(4, 3)
        for kind in ActivationKind.allCases {
            checkHVP(kind.rawValue, [z]) { g, x in g.activation(Activation(kind), x[0]) }
        }
        let slope = r.tensor(1, 3, 0.1, 0.5), beta = r.tensor(1, 1, 0.5, 1.5)
        checkHVP("prelu with its slope", [z, slope]) { g, x in g.activation(Activation(.prelu), x[0], parameter: x[1]) }
        checkHVP("swish with its beta", [z, beta]) { g, x in g.activation(Activation(.swish), x[0], parameter: x[1]) }
        checkHVP("elu with its gamma", [z, beta]) { g, x in g.activation(Activation(.elu), x[0], parameter: x[1]) }
    }

    @Test func matrixProductsAndLosses() {
        var r = TestRandom(seed: 4)
        let x = r.tensor(5, 3), w = r.tensor(3, 4, -1, 1), b = r.tensor(1, 4, -1, 1), t = r.tensor(5, 4, -1, 1)
        let bits = Tensor(rows: 5, columns: 4, elements: (0..<20).map { Double($0 % 2) })
        checkHVP("matmul", [x, w]) { g, p in g.apply(.tanh, g.matmul(p[0], p[1])) }
        checkHVP("matmul transposed", [w, x]) { g, p in g.apply(.tanh, g.matmul(p[0], p[1], transposeA: true, transposeB: true)) }
        checkHVP("softmax cross-entropy", [x, w, b]) { g, p in
            g.softmaxCrossEntropy(logits: g.addRow(g.matmul(p[0], p[1]), bias: p[2]), labels: [0, 3, 1, 2, 3])
        }
        checkHVP("sigmoid cross-entropy", [x, w, b]) { g, p in
            g.sigmoidCrossEntropy(logits: g.addRow(g.matmul(p[0], p[1]), bias: p[2]), targets: g.constant(bits))
        }
        checkHVP("mean squared error", [x, w, t]) { g, p in
            g.meanSquaredError(prediction: g.apply(.tanh, g.matmul(p[0], p[1])), target: p[2])
        }
        checkHVP("maxout", [x, w]) { g, p in g.apply(.power(2), g.maxout(g.matmul(p[0], p[1]), pieces: 2)) }
    }

    @Test func aNetworkGraphsHessianIsSymmetric() throws {
        var r = TestRandom(seed: 5)
        let layers = [NetworkGraph.Layer(weights: r.tensor(2, 4, -1, 1), bias: r.tensor(1, 4, -1, 1), activation: Activation(.tanh)),
                      NetworkGraph.Layer(weights: r.tensor(4, 3, -1, 1), bias: r.tensor(1, 3, -1, 1), activation: Activation(.identity))]
        let net = try NetworkGraph(layers: layers, loss: .softmaxCrossEntropy, inputs: r.tensor(6, 2), targets: .labels([0, 1, 2, 0, 1, 2]))
        let shapes = net.parameters.map { net.graph.value($0) }
        let u = shapes.map { r.tensor($0.rows, $0.columns, -1, 1) }, v = shapes.map { r.tensor($0.rows, $0.columns, -1, 1) }
        func dot(_ a: [Tensor], _ b: [Tensor]) -> Double { zip(a, b).reduce(0) { $0 + zip($1.0.elements, $1.1.elements).reduce(0) { $0 + $1.0 * $1.1 } } }
        let hu = net.hessianVectorProduct(direction: u).product, hv = net.hessianVectorProduct(direction: v).product
        #expect(abs(dot(v, hu) - dot(u, hv)) <= 1e-12 * max(1, abs(dot(v, hu))))
    }

    @Test func closedFormOfAQuadratic() {
        // f(x, y) = 3x² + 2xy − y²: H = [[6, 2], [2, −2]], so H·(1, 2) = (10, −2) everywhere.
        var g = Graph()
        let x = g.input(0.7), y = g.input(-1.1)
        let f = g.add(g.subtract(g.multiply(g.constant(3), g.power(x, 2)), g.power(y, 2)), g.multiply(g.constant(2), g.multiply(x, y)))
        let (_, hv) = g.hessianVectorProduct(of: f, withRespectTo: [x, y], direction: [.init(rows: 1, columns: 1, repeating: 1), .init(rows: 1, columns: 1, repeating: 2)])
        #expect(hv[0][0, 0] == 10)
        #expect(hv[1][0, 0] == -2)
    }
}
