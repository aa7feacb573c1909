import Activations
import Autodiff
import LinearAlgebra
import Testing

/// Every operation's reverse-mode gradient against central finite differences, and forward mode
/// against reverse mode.
@Suite struct OpGradientTests {
    @Test(arguments: [(false, false), (false, true), (true, false), (true, true)])
    func matrixProduct(transposeA: Bool, transposeB: Bool) {
        var random = TestRandom(seed: 1)
        let a = transposeA ? random.tensor(4, 3) : random.tensor(3, 4)
        let b = transposeB ? random.tensor(2, 4) : random.tensor(4, 2)
        checkGradients("matmul \(transposeA) \(transposeB)", [a, b]) { g, x in
            g.matmul(x[0], x[1], transposeA: transposeA, transposeB: transposeB)
        }
    }

    @Test func biasRowAdd() {
        var random = TestRandom(seed: 2)
        checkGradients("add row", [random.tensor(3, 4), random.tensor(1, 4)]) { g, x in g.addRow(x[0], bias: x[1]) }
    }

    @Test func elementwiseArithmeticWithAndWithoutBroadcast() {
        var random = TestRandom(seed: 3)
        let a = random.tensor(2, 3), b = random.tensor(2, 3, 0.5, 2), s = random.tensor(1, 1, 0.5, 2)
        let operations: [(String, (inout Graph, NodeID, NodeID) -> NodeID)] = [
            ("add", { $0.add($1, $2) }), ("sub", { $0.subtract($1, $2) }),
            ("mul", { $0.multiply($1, $2) }), ("div", { $0.divide($1, $2) }),
        ]
        for (name, op) in operations {
            checkGradients(name, [a, b]) { g, x in op(&g, x[0], x[1]) }
            checkGradients("\(name) by scalar", [a, s]) { g, x in op(&g, x[0], x[1]) }
            checkGradients("scalar \(name)", [s, b]) { g, x in op(&g, x[0], x[1]) }
        }
    }

    @Test(arguments: [UnaryFunction.negate, .exp, .log, .sin, .cos, .tanh, .sqrt, .power(3), .power(-1.5), .power(0.5)])
    func unaryFunction(_ f: UnaryFunction) {
        var random = TestRandom(seed: 4)
        checkGradients(f.name, [random.tensor(2, 3, 0.3, 2.5)]) { g, x in g.apply(f, x[0]) }
    }

    @Test func integerPowersOfNegativeNumbers() {
        var g = Graph()
        let x = g.input(-3)
        let y = g.power(x, 2)
        #expect(g.scalar(y) == 9)
        #expect(g.gradients(of: y, withRespectTo: [x])[0][0, 0] == -6)
    }

    @Test(arguments: ActivationKind.allCases)
    func activationWithItsOwnParameter(_ kind: ActivationKind) {
        var random = TestRandom(seed: 5)
        checkGradients(kind.rawValue, [random.tensor(4, 3, -3, 3)]) { g, x in g.activation(Activation(kind), x[0]) }
    }

    @Test(arguments: ActivationKind.allCases.filter { $0.parameterName != nil })
    func activationParameterAsGraphInput(_ kind: ActivationKind) {
        var random = TestRandom(seed: 6)
        let z = random.tensor(4, 3, -3, 3)
        // One parameter per unit (PReLU slopes) and one shared by all units (a learned swish β).
        checkGradients("\(kind.rawValue) per unit", [z, random.tensor(1, 3, 0.1, 0.9)]) { g, x in
            g.activation(Activation(kind), x[0], parameter: x[1])
        }
        checkGradients("\(kind.rawValue) shared", [z, random.tensor(1, 1, 0.1, 0.9)]) { g, x in
            g.activation(Activation(kind), x[0], parameter: x[1])
        }
    }

    @Test func preluSlopeGradientIsTheSumOfNegativeInputsTimesAdjoint() {
        var g = Graph()
        let z = g.input(Tensor([[-1, 2], [-3, -4]]))
        let slopes = g.input(Tensor([[0.25, 0.5]]))
        let y = g.activation(Activation(.prelu), z, parameter: slopes)
        #expect(g.value(y) == Tensor([[-0.25, 2], [-0.75, -2]]))
        #expect(g.gradients(of: y, withRespectTo: [slopes])[0] == Tensor([[-4, -4]]))
    }

    @Test(arguments: [1, 2, 3])
    func maxout(pieces: Int) {
        var random = TestRandom(seed: 7)
        checkGradients("maxout \(pieces)", [random.tensor(3, 2 * pieces)]) { g, x in g.maxout(x[0], pieces: pieces) }
    }

    @Test func maxoutTakesTheLargestOfEachGroup() {
        var g = Graph()
        let x = g.input(Tensor([[1, 5, 2, -1, -3, -2]]))
        let y = g.maxout(x, pieces: 3)
        #expect(g.value(y) == Tensor([[5, -1]]))
        #expect(g.gradients(of: y, withRespectTo: [x])[0] == Tensor([[0, 1, 0, 1, 0, 0]]))
    }

    @Test func softmaxCrossEntropy() {
        var random = TestRandom(seed: 8)
        checkGradients("softmax cross-entropy", [random.tensor(4, 3, -4, 4)]) { g, x in
            g.softmaxCrossEntropy(logits: x[0], labels: [0, 2, 1, 2])
        }
    }

    @Test func softmaxCrossEntropyValueAndLargeLogits() {
        var g = Graph()
        let z = g.input(Tensor([[0, 0], [1000, 0]]))
        let loss = g.softmaxCrossEntropy(logits: z, labels: [1, 0])
        // Row 1: log 2. Row 2: log(e^1000 + 1) − 1000 ≈ 0 without overflow.
        #expect(abs(g.scalar(loss) - 0.6931471805599453 / 2) < 1e-15)
    }

    @Test func sigmoidCrossEntropy() {
        var random = TestRandom(seed: 9)
        checkGradients("sigmoid cross-entropy", [random.tensor(3, 2, -4, 4), random.tensor(3, 2, 0.05, 0.95)]) { g, x in
            g.sigmoidCrossEntropy(logits: x[0], targets: x[1])
        }
    }

    @Test func sigmoidCrossEntropyMatchesTheDefinition() {
        var g = Graph()
        let z = g.input(Tensor([[0.3, -1.2], [2, 0.5]]))
        let t = g.constant(Tensor([[1, 0], [0.25, 1]]))
        let loss = g.sigmoidCrossEntropy(logits: z, targets: t)
        var expected = 0.0
        for (zi, ti) in zip([0.3, -1.2, 2, 0.5], [1, 0, 0.25, 1.0]) {
            let s = 1 / (1 + Double.exp(-zi))
            expected += -ti * Double.log(s) - (1 - ti) * Double.log(1 - s)
        }
        #expect(abs(g.scalar(loss) - expected / 2) < 1e-14)
    }

    @Test func meanSquaredError() {
        var random = TestRandom(seed: 10)
        checkGradients("mean squared error", [random.tensor(3, 2), random.tensor(3, 2)]) { g, x in
            g.meanSquaredError(prediction: x[0], target: x[1])
        }
    }

    @Test func meanSquaredErrorIsHalfTheSumOverRows() {
        var g = Graph()
        let y = g.input(Tensor([[1, 2], [3, 4]]))
        let t = g.constant(Tensor([[0, 0], [0, 1]]))
        // (1 + 4 + 9 + 9) / (2 · 2 rows)
        let loss = g.meanSquaredError(prediction: y, target: t)
        #expect(g.scalar(loss) == 23.0 / 4)
    }

    @Test func aComposedGraphOfEveryKindOfOperation() {
        var random = TestRandom(seed: 11)
        let inputs = [random.tensor(3, 4), random.tensor(4, 6), random.tensor(1, 6), random.tensor(1, 3, 0.1, 0.5)]
        checkGradients("composed", inputs) { g, x in
            let z = g.addRow(g.matmul(x[0], x[1]), bias: x[2])
            let h = g.maxout(z, pieces: 2)
            let a = g.activation(Activation(.prelu), h, parameter: x[3])
            let squashed = g.apply(.tanh, g.multiply(a, g.constant(0.5)))
            return g.softmaxCrossEntropy(logits: g.add(squashed, g.apply(.sin, a)), labels: [2, 0, 1])
        }
    }

    @Test func nodesThatDoNotReachTheOutputHaveNoAdjoint() {
        var g = Graph()
        let x = g.input(2), unused = g.input(3)
        let y = g.multiply(x, x)
        _ = g.exp(unused)
        let adjoints = g.adjoints(of: y)
        #expect(adjoints[unused.index] == nil)
        #expect(g.gradients(of: y, withRespectTo: [x, unused]).map { $0[0, 0] } == [4, 0])
    }
}

extension Graph {
    mutating func exp(_ x: NodeID) -> NodeID { apply(.exp, x) }
}
