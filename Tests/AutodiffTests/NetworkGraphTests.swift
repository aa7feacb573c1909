import Activations
import Autodiff
import LinearAlgebra
import Testing

@Suite struct NetworkGraphTests {
    typealias Layer = NetworkGraph.Layer

    /// Layers of the given widths with random weights; `functions` gives each layer's function.
    static func layers(_ widths: [Int], _ functions: [Layer.Function], seed: UInt64) -> [Layer] {
        var random = TestRandom(seed: seed)
        return functions.indices.map { l in
            var columns = widths[l + 1]
            if case let .maxout(k) = functions[l] { columns *= k }
            return Layer(weights: random.tensor(widths[l], columns, -1, 1), bias: random.tensor(1, columns, -0.5, 0.5), function: functions[l])
        }
    }

    /// The loss at `layers`, with every parameter as given (for finite differences).
    static func loss(_ layers: [Layer], _ kind: NetworkGraph.Loss, _ x: Tensor, _ t: NetworkGraph.Targets) -> Double {
        try! NetworkGraph(layers: layers, loss: kind, inputs: x, targets: t).lossValue
    }

    /// Checks every parameter's gradient against central finite differences, and forward mode.
    static func check(_ layers: [Layer], _ kind: NetworkGraph.Loss, _ x: Tensor, _ t: NetworkGraph.Targets,
                      sourceLocation: SourceLocation = #_sourceLocation) throws {
        let network = try NetworkGraph(layers: layers, loss: kind, inputs: x, targets: t)
        let gradients = network.gradients()
        let forward = network.forwardGradients()
        let h = 1e-5
        func compare(_ analytic: Tensor, _ forwardMode: Tensor, _ perturbed: (inout [Layer], Int, Double) -> Void, _ name: String) {
            let scale = analytic.elements.map(abs).max() ?? 0
            for e in 0..<analytic.count {
                var plus = layers, minus = layers
                perturbed(&plus, e, h)
                perturbed(&minus, e, -h)
                let numeric = (loss(plus, kind, x, t) - loss(minus, kind, x, t)) / (2 * h)
                #expect(abs(analytic.storage[e] - numeric) <= 1e-6 * max(1, abs(numeric)),
                        "\(name)[\(e)]: reverse \(analytic.storage[e]), finite difference \(numeric)", sourceLocation: sourceLocation)
                #expect(abs(forwardMode.storage[e] - analytic.storage[e]) <= 1e-12 * max(scale, 1e-300),
                        "\(name)[\(e)]: forward \(forwardMode.storage[e])", sourceLocation: sourceLocation)
            }
        }
        for l in layers.indices {
            compare(gradients.weights[l], forward.weights[l], { $0[l].weights.storage[$1] += $2 }, "W\(l + 1)")
            compare(gradients.biases[l], forward.biases[l], { $0[l].bias.storage[$1] += $2 }, "b\(l + 1)")
            if let p = gradients.activationParameters[l], case let .activation(f, learned?) = layers[l].function {
                compare(p, forward.activationParameters[l]!, { layers, e, d in
                    var value = learned
                    value.storage[e] += d
                    layers[l].function = .activation(f, learnedParameter: value)
                }, "p\(l + 1)")
            }
        }
    }

    @Test func softmaxClassifierWithTanhAndPReLU() throws {
        var random = TestRandom(seed: 21)
        var layers = Self.layers([3, 5, 4, 3], [.activation(Activation(.tanh), learnedParameter: nil),
                                                .activation(Activation(.prelu), learnedParameter: nil),
                                                .activation(Activation(.identity), learnedParameter: nil)], seed: 22)
        layers[1].function = .activation(Activation(.prelu), learnedParameter: random.tensor(1, 4, 0.1, 0.4))
        try Self.check(layers, .softmaxCrossEntropy, random.tensor(6, 3), .labels([0, 1, 2, 2, 1, 0]))
    }

    @Test func regressionWithMaxoutAndLearnedSwish() throws {
        var random = TestRandom(seed: 23)
        let layers = Self.layers([2, 3, 4, 2], [.maxout(pieces: 3),
                                                .activation(Activation(.swish, learnable: true), learnedParameter: Tensor([[0.8]])),
                                                .activation(Activation(.identity), learnedParameter: nil)], seed: 24)
        try Self.check(layers, .meanSquaredError, random.tensor(5, 2), .values(random.tensor(5, 2)))
    }

    @Test func binaryClassifierWithELU() throws {
        var random = TestRandom(seed: 25)
        let layers = Self.layers([4, 3, 1], [.activation(Activation(.elu, parameter: 0.7), learnedParameter: nil),
                                             .activation(Activation(.identity), learnedParameter: nil)], seed: 26)
        let targets = Tensor(rows: 7, columns: 1, elements: [1, 0, 0, 1, 1, 0, 1])
        try Self.check(layers, .binaryCrossEntropy, random.tensor(7, 4), .values(targets))
    }

    @Test func preluGetsASlopeParameterEvenWhenNoneIsGiven() throws {
        var random = TestRandom(seed: 27)
        let layers = Self.layers([2, 3, 2], [.activation(Activation(.prelu), learnedParameter: nil),
                                             .activation(Activation(.identity), learnedParameter: nil)], seed: 28)
        let network = try NetworkGraph(layers: layers, loss: .softmaxCrossEntropy, inputs: random.tensor(4, 2), targets: .labels([0, 1, 1, 0]))
        let slopes = try #require(network.activationParameters[0])
        #expect(network.graph.value(slopes) == Tensor(rows: 1, columns: 3, repeating: 0.25))
        #expect(network.gradients().activationParameters[0]?.columns == 3)
        #expect(network.activationParameters[1] == nil)
        #expect(network.parameters.count == 5)
    }

    @Test func lossMatchesAHandComputedOneLayerNetwork() throws {
        let layer = Layer(weights: Tensor([[1, -1], [0.5, 2]]), bias: Tensor([[0.5, 0]]), activation: Activation(.identity))
        let x = Tensor([[1, 2]])
        // z = [1 + 1 + 0.5, -1 + 4] = [2.5, 3]; MSE against [0, 0] = (6.25 + 9) / 2.
        let network = try NetworkGraph(layers: [layer], loss: .meanSquaredError, inputs: x, targets: .values(Tensor([[0, 0]])))
        #expect(network.graph.value(network.output) == Tensor([[2.5, 3]]))
        #expect(network.lossValue == 7.625)
        // dL/dz = z; dL/dW = xᵀ z; dL/db = z.
        #expect(network.gradients().weights[0] == Tensor([[2.5, 3], [5, 6]]))
        #expect(network.gradients().biases[0] == Tensor([[2.5, 3]]))
    }

    @Test func staticReRunEqualsDynamicReRecording() throws {
        var random = TestRandom(seed: 29)
        let functions: [Layer.Function] = [.activation(Activation(.prelu), learnedParameter: nil), .maxout(pieces: 2),
                                           .activation(Activation(.identity), learnedParameter: nil)]
        let first = Self.layers([3, 4, 3, 3], functions, seed: 30)
        var recorded = try NetworkGraph(layers: first, loss: .softmaxCrossEntropy, inputs: random.tensor(8, 3),
                                        targets: .labels([0, 1, 2, 0, 1, 2, 0, 1]))
        for step in 0..<3 {
            // New weights (as after an optimiser step), a new batch, and a smaller last batch.
            var layers = Self.layers([3, 4, 3, 3], functions, seed: 31 + UInt64(step))
            layers[0].function = .activation(Activation(.prelu), learnedParameter: random.tensor(1, 4, 0.1, 0.3))
            let rows = step == 2 ? 3 : 8
            let x = random.tensor(rows, 3)
            let labels = (0..<rows).map { ($0 + step) % 3 }
            try recorded.rerun(layers: layers, inputs: x, targets: .labels(labels))
            let fresh = try NetworkGraph(layers: layers, loss: .softmaxCrossEntropy, inputs: x, targets: .labels(labels))
            #expect(recorded.lossValue == fresh.lossValue)
            let a = recorded.gradients(), b = fresh.gradients()
            #expect(a.weights == b.weights && a.biases == b.biases)
            #expect(a.activationParameters.map { $0 } == b.activationParameters.map { $0 })
        }
    }

    @Test func staticReRunOfAnMSEGraphUsesTheNewTargets() throws {
        var random = TestRandom(seed: 32)
        let layers = Self.layers([2, 2], [.activation(Activation(.identity), learnedParameter: nil)], seed: 33)
        let x = random.tensor(3, 2)
        var network = try NetworkGraph(layers: layers, loss: .meanSquaredError, inputs: x, targets: .values(random.tensor(3, 2)))
        let newTargets = random.tensor(3, 2)
        try network.rerun(layers: layers, inputs: x, targets: .values(newTargets))
        let fresh = try NetworkGraph(layers: layers, loss: .meanSquaredError, inputs: x, targets: .values(newTargets))
        #expect(network.lossValue == fresh.lossValue)
    }

    @Test func badShapesAndLabelsAreErrorsNotCrashes() throws {
        let layer = Layer(weights: Tensor(rows: 2, columns: 3), bias: Tensor(rows: 1, columns: 3), activation: Activation(.identity))
        let x = Tensor(rows: 4, columns: 2)
        #expect(throws: NetworkGraphError.noLayers) { try NetworkGraph(layers: [], loss: .meanSquaredError, inputs: x, targets: .labels([])) }
        #expect(throws: NetworkGraphError.labelOutOfRange(3, classes: 3)) {
            try NetworkGraph(layers: [layer], loss: .softmaxCrossEntropy, inputs: x, targets: .labels([0, 1, 2, 3]))
        }
        #expect(throws: NetworkGraphError.self) { try NetworkGraph(layers: [layer], loss: .softmaxCrossEntropy, inputs: x, targets: .labels([0])) }
        #expect(throws: NetworkGraphError.targetsDoNotMatchLoss(.meanSquaredError)) {
            try NetworkGraph(layers: [layer], loss: .meanSquaredError, inputs: x, targets: .labels([0, 1, 2, 0]))
        }
        #expect(throws: NetworkGraphError.self) {
            try NetworkGraph(layers: [layer], loss: .meanSquaredError, inputs: Tensor(rows: 4, columns: 3), targets: .values(Tensor(rows: 4, columns: 3)))
        }
        let maxout = Layer(weights: Tensor(rows: 2, columns: 3), bias: Tensor(rows: 1, columns: 3), function: .maxout(pieces: 2))
        #expect(throws: NetworkGraphError.self) { try NetworkGraph(layers: [maxout], loss: .meanSquaredError, inputs: x, targets: .values(Tensor(rows: 4, columns: 1))) }
        var network = try NetworkGraph(layers: [layer], loss: .meanSquaredError, inputs: x, targets: .values(Tensor(rows: 4, columns: 3)))
        let wider = Layer(weights: Tensor(rows: 2, columns: 4), bias: Tensor(rows: 1, columns: 4), activation: Activation(.identity))
        #expect(throws: NetworkGraphError.structureChanged) { try network.rerun(layers: [wider], inputs: x, targets: .values(Tensor(rows: 4, columns: 4))) }
    }
}

extension NetworkGraphTests {
    @Test func reRunWithTheWrongKindOfTargetsIsAnError() throws {
        let layer = Layer(weights: Tensor(rows: 2, columns: 3), bias: Tensor(rows: 1, columns: 3), activation: Activation(.identity))
        let x = Tensor(rows: 2, columns: 2)
        var network = try NetworkGraph(layers: [layer], loss: .meanSquaredError, inputs: x, targets: .values(Tensor(rows: 2, columns: 3)))
        #expect(throws: NetworkGraphError.targetsDoNotMatchLoss(.meanSquaredError)) {
            try network.rerun(layers: [layer], inputs: x, targets: .labels([0, 1]))
        }
    }
}
