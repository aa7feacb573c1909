import Activations
import Autodiff
import LinearAlgebra
import NeuralNetwork
import Randomness
import Testing

/// The backprop inspector's numbers (the trainer's own forward/backward at batch size 1, float32)
/// against an independent computation: a Double computational graph built here from the same
/// weights (z, a and δ = ∂L/∂z read off its nodes' values and adjoints), and central finite
/// differences of the loss.
@Suite struct InspectionTests {
    /// A network of the given hidden units and loss with seeded random weights and biases.
    static func network(inputs: Int, hidden: [Int], units: [UnitKind], outputs: Int, loss: Loss, seed: UInt64) -> Network<Float> {
        var rng = SeededGenerator(seed: seed)
        var net = Network<Float>(inputs: inputs, hidden: hidden, units: units, outputs: outputs, loss: loss,
                                 initializer: .xavier, biasInit: 0, rng: &rng)
        var random = TestRandom(seed: seed &+ 7)
        for l in net.layers.indices {
            for i in net.layers[l].bias.indices { net.layers[l].bias[i] = Float(random.awayFromKinks(-0.5, 0.5)) }
        }
        return net
    }

    /// The same forward pass and loss recorded as a Double graph, with its z and W nodes kept.
    struct Reference {
        var graph: Graph
        var z: [NodeID]
        var a: [NodeID]
        var w: [NodeID]
        var b: [NodeID]
        var loss: NodeID
        var adjoints: [Tensor?]

        init(_ network: Network<Float>, input: [Float], label: Int, target: [Float]?) {
            var g = Graph()
            var current = g.input(Tensor(rows: 1, columns: input.count, elements: input.map { Double($0) }))
            var z: [NodeID] = [], a: [NodeID] = [], w: [NodeID] = [], b: [NodeID] = []
            for layer in network.layers {
                w.append(g.input(layer.weights.converted(to: Double.self)))
                b.append(g.input(Tensor(rows: 1, columns: layer.bias.count, elements: layer.bias.map { Double($0) })))
                let zl = g.addRow(g.matmul(current, w.last!), bias: b.last!)
                z.append(zl)
                switch layer.unit {
                case let .maxout(k): current = g.maxout(zl, pieces: k)
                case let .activation(f): current = f.kind == .identity ? zl : g.activation(f, zl)
                }
                a.append(current)
            }
            switch network.loss {
            case .softmaxCrossEntropy:
                loss = g.softmaxCrossEntropy(logits: current, labels: [label])
            case .binaryCrossEntropy:
                loss = g.sigmoidCrossEntropy(logits: current, targets: g.constant(Tensor(rows: 1, columns: 1, repeating: Double(label))))
            case .meanSquaredError:
                let t = target!.map { Double($0) }
                loss = g.meanSquaredError(prediction: current, target: g.constant(Tensor(rows: 1, columns: t.count, elements: t)))
            }
            adjoints = g.adjoints(of: loss)
            self.graph = g
            self.z = z; self.a = a; self.w = w; self.b = b
        }

        func values(_ id: NodeID) -> [Double] { Array(graph.value(id).elements) }
        func gradient(_ id: NodeID) -> [Double] {
            adjoints[id.index].map { Array($0.elements) } ?? Array(repeating: 0, count: graph.value(id).count)
        }
    }

    /// |x − y| ≤ tolerance · max(1, |y|) element by element.
    static func expectClose(_ x: [Double], _ y: [Double], _ tolerance: Double, _ what: String,
                            sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(x.count == y.count, "\(what): \(x.count) values, expected \(y.count)", sourceLocation: sourceLocation)
        for (i, (u, v)) in zip(x, y).enumerated() {
            #expect(abs(u - v) <= tolerance * max(1, abs(v)), "\(what)[\(i)]: inspector \(u), reference \(v)", sourceLocation: sourceLocation)
        }
    }

    /// Checks every number the inspector shows against the Double graph.
    static func checkAgainstGraph(_ network: Network<Float>, input: [Float], label: Int32, target: [Float]?,
                                  sourceLocation: SourceLocation = #_sourceLocation) {
        let inspection = Inspection.compute(network: network, input: input, label: label, target: target, example: 3)
        let reference = Reference(network, input: input, label: Int(label), target: target)
        let tolerance = 2e-4
        #expect(inspection.layers.count == network.layers.count, sourceLocation: sourceLocation)
        for (l, layer) in inspection.layers.enumerated() {
            expectClose(layer.z, reference.values(reference.z[l]), tolerance, "z\(l + 1)", sourceLocation: sourceLocation)
            expectClose(layer.a, reference.values(reference.a[l]), tolerance, "a\(l + 1)", sourceLocation: sourceLocation)
            expectClose(layer.delta, reference.gradient(reference.z[l]), tolerance, "δ\(l + 1)", sourceLocation: sourceLocation)
            expectClose(layer.gradWeights, reference.gradient(reference.w[l]), tolerance, "∂L/∂W\(l + 1)", sourceLocation: sourceLocation)
            expectClose(layer.gradBias, reference.gradient(reference.b[l]), tolerance, "∂L/∂b\(l + 1)", sourceLocation: sourceLocation)
            // f′ against a central difference of the function itself, at the graph's z.
            if !layer.isOutput, case let .activation(f) = layer.unit {
                let z = reference.values(reference.z[l])
                let h = 1e-6
                let numeric = z.map { (f.value($0 + h) - f.value($0 - h)) / (2 * h) }
                expectClose(layer.fprime, numeric, 1e-3, "f′\(l + 1)", sourceLocation: sourceLocation)
            }
        }
        #expect(abs(inspection.output.lossValue - reference.graph.scalar(reference.loss)) <= 1e-4 * max(1, abs(reference.graph.scalar(reference.loss))),
                "loss: inspector \(inspection.output.lossValue), graph \(reference.graph.scalar(reference.loss))", sourceLocation: sourceLocation)
        expectClose(inspection.output.gradient, inspection.layers.last!.delta, 0, "∂L/∂s is δ of the output layer", sourceLocation: sourceLocation)
    }

    static let input: [Float] = [0.7, -1.3, 0.4]

    @Test(arguments: ["logistic", "tanh", "relu", "leaky-relu", "elu", "softplus", "gelu", "swish"])
    func softmaxNetworkMatchesTheGraph(activation: String) throws {
        let unit = try UnitKind(parsing: activation)
        let net = Self.network(inputs: 3, hidden: [5, 4], units: [unit, unit], outputs: 3, loss: .softmaxCrossEntropy, seed: 11)
        Self.checkAgainstGraph(net, input: Self.input, label: 2, target: nil)
    }

    @Test func softmaxOutputShowsExponentialsProbabilitiesAndPMinusY() throws {
        let net = Self.network(inputs: 3, hidden: [4], units: [try UnitKind(parsing: "tanh")], outputs: 3, loss: .softmaxCrossEntropy, seed: 5)
        let inspection = Inspection.compute(network: net, input: Self.input, label: 1, target: nil, example: 0)
        let s = inspection.output.scores
        let m = s.max()!
        let e = s.map { Double.exp($0 - m) }
        let p = e.map { $0 / e.reduce(0, +) }
        Self.expectClose(inspection.output.exponentials!, e, 1e-6, "exponentials")
        Self.expectClose(inspection.output.probabilities!, p, 1e-6, "probabilities")
        Self.expectClose(inspection.output.gradient, p.enumerated().map { $0.offset == 1 ? $0.element - 1 : $0.element }, 1e-6, "p − y")
        #expect(abs(inspection.output.lossValue + Double.log(p[1])) < 1e-5)
        #expect(inspection.output.predictedClass == p.indices.max { p[$0] < p[$1] })
        #expect(inspection.label == 1 && inspection.target == nil)
    }

    @Test func meanSquaredErrorShowsTheResidual() throws {
        let net = Self.network(inputs: 3, hidden: [6, 3], units: [try UnitKind(parsing: "tanh"), try UnitKind(parsing: "relu")],
                               outputs: 2, loss: .meanSquaredError, seed: 21)
        let target: [Float] = [0.25, -1.5]
        Self.checkAgainstGraph(net, input: Self.input, label: 0, target: target)
        let inspection = Inspection.compute(network: net, input: Self.input, label: 0, target: target, example: 0)
        let prediction = inspection.output.prediction!
        Self.expectClose(inspection.output.gradient, zip(prediction, target).map { $0 - Double($1) }, 1e-6, "residual ŷ − y")
        let halfSquares = zip(prediction, target).reduce(0) { $0 + ($1.0 - Double($1.1)) * ($1.0 - Double($1.1)) } / 2
        #expect(abs(inspection.output.lossValue - halfSquares) < 1e-5)
        #expect(inspection.output.probabilities == nil && inspection.label == nil)
    }

    @Test func binaryCrossEntropyMatchesTheGraph() throws {
        let net = Self.network(inputs: 3, hidden: [4], units: [try UnitKind(parsing: "logistic")], outputs: 1, loss: .binaryCrossEntropy, seed: 8)
        Self.checkAgainstGraph(net, input: Self.input, label: 1, target: nil)
        let inspection = Inspection.compute(network: net, input: Self.input, label: 1, target: nil, example: 0)
        let p = 1 / (1 + Double.exp(-inspection.output.scores[0]))
        Self.expectClose(inspection.output.probabilities!, [1 - p, p], 1e-6, "probabilities")
        Self.expectClose(inspection.output.gradient, [p - 1], 1e-6, "p − y")
    }

    @Test func maxoutShowsTheWinningPieceAndRoutesδToIt() throws {
        let net = Self.network(inputs: 3, hidden: [4, 3], units: [.maxout(pieces: 3), .maxout(pieces: 2)], outputs: 3,
                               loss: .softmaxCrossEntropy, seed: 13)
        Self.checkAgainstGraph(net, input: Self.input, label: 0, target: nil)
        let inspection = Inspection.compute(network: net, input: Self.input, label: 0, target: nil, example: 0)
        for layer in inspection.layers.dropLast() {
            guard case let .maxout(k) = layer.unit else { Issue.record("expected maxout"); continue }
            let winners = try #require(layer.winningPiece)
            for u in 0..<(layer.width / k) {
                let pieces = Array(layer.z[(u * k)..<((u + 1) * k)])
                #expect(winners[u] == pieces.indices.max { pieces[$0] < pieces[$1] }!)
                #expect(layer.a[u] == pieces.max()!)
                for j in 0..<k where j != winners[u] { #expect(layer.delta[u * k + j] == 0) }
            }
        }
    }

    /// In Double the same code agrees with central finite differences of the loss to 1e-6.
    @Test(arguments: ["logistic", "tanh", "elu", "maxout"])
    func doublePrecisionMatchesFiniteDifferences(units name: String) throws {
        let unit = try UnitKind(parsing: name)
        let net = Self.network(inputs: 3, hidden: [4, 3], units: [unit, unit], outputs: 3, loss: .softmaxCrossEntropy, seed: 17)
            .converted(to: Double.self)
        let x = Self.input.map { Double($0) }
        let inspection = Inspection.compute(network: net, input: x, label: 2, target: nil, example: 0)
        let numeric = GradientCheck.numericGradients(network: net, input: Matrix(rows: 1, columns: 3, elements: x), labels: [2], targets: nil)
        for (l, layer) in inspection.layers.enumerated() {
            Self.expectClose(layer.gradWeights, Array(numeric[l].weights.elements), 1e-6, "∂L/∂W\(l + 1)")
            Self.expectClose(layer.gradBias, numeric[l].bias, 1e-6, "∂L/∂b\(l + 1)")
        }
    }

    @Test func gradientShapeIsFanInByUnits() throws {
        let net = Self.network(inputs: 3, hidden: [5], units: [try UnitKind(parsing: "relu")], outputs: 2, loss: .softmaxCrossEntropy, seed: 2)
        let inspection = Inspection.compute(network: net, input: Self.input, label: 0, target: nil, example: 0)
        #expect(inspection.layers.map(\.fanIn) == [3, 5])
        #expect(inspection.layers.map(\.width) == [5, 2])
        #expect(inspection.layers.map(\.gradWeights.count) == [15, 10])
        // ∂L/∂W[i][j] = a⁽ˡ⁻¹⁾_i · δ_j, row-major fan_in × units.
        let l2 = inspection.layers[1]
        for i in 0..<5 { for j in 0..<2 {
            #expect(abs(l2.gradWeights[i * 2 + j] - inspection.layers[0].a[i] * l2.delta[j]) <= 1e-6)
        } }
    }

    @Test func deepLogisticReadingNamesTheShrinkingFactor() throws {
        let logistic = try UnitKind(parsing: "logistic")
        let net = Self.network(inputs: 3, hidden: [8, 8, 8, 8], units: Array(repeating: logistic, count: 4), outputs: 3,
                               loss: .softmaxCrossEntropy, seed: 3)
        let inspection = Inspection.compute(network: net, input: Self.input, label: 0, target: nil, example: 0)
        for l in 0..<3 {
            let ratio = try #require(inspection.deltaRatio(layer: l))
            #expect(abs(ratio - inspection.layers[l].deltaNorm / inspection.layers[l + 1].deltaNorm) < 1e-12)
            #expect(inspection.layers[l].meanAbsFPrime <= 0.25)
        }
        #expect(inspection.deltaRatio(layer: 4) == nil)
        let mean = try #require(inspection.meanDeltaRatio)
        #expect(mean < 0.5)
        let reading = inspection.reading { String($0) }
        #expect(reading.hasPrefix("δ shrinks ×\(mean) per layer here"))
        #expect(reading.hasSuffix("f′ of the logistic is at most 0.25"))
    }
}
