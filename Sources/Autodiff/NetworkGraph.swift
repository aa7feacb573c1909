import Activations
import LinearAlgebra
import NeuralNetwork

/// A fully connected network's forward pass and loss for one batch, recorded as a `Graph`.
///
/// Convention: z_l = a_{l−1}·W_l + b_l with W_l of shape fan_in × fan_out and b_l of shape
/// 1 × fan_out; a_l = f_l(z_l). The last layer should use the identity: the loss applies the
/// softmax or sigmoid itself.
///
/// Dynamic use: build a new `NetworkGraph` for every batch. Static use: build it once, then for
/// every batch call `rerun(layers:inputs:targets:)`, which sets the leaves and re-evaluates.
public struct NetworkGraph: Sendable {
    /// The loss applied to the last layer's output.
    public enum Loss: String, Sendable, CaseIterable {
        /// (1/N) Σ_rows −log softmax(z)_label.
        case softmaxCrossEntropy = "softmax-cross-entropy"
        /// (1/(2N)) Σ_all (ŷ − y)², N the number of rows.
        case meanSquaredError = "mse"
        /// (1/N) Σ_all [−t·log σ(z) − (1−t)·log(1−σ(z))], N the number of rows.
        case binaryCrossEntropy = "binary-cross-entropy"
    }

    /// What the batch should produce: class labels (softmax cross-entropy) or target values.
    public enum Targets: Sendable {
        case labels([Int])
        case values(Tensor)
    }

    /// One layer's parameters and function.
    public struct Layer: Sendable {
        public enum Function: Sendable, Equatable {
            /// f(z); `learnedParameter` (PReLU slopes 1 × units, or swish β 1×1) becomes a graph input
            /// with a gradient. When nil and the activation has a learned parameter, one is made from
            /// `activation.parameter`.
            case activation(Activation, learnedParameter: Tensor?)
            /// The largest of each group of `pieces` consecutive columns of z.
            case maxout(pieces: Int)
        }

        /// Batch normalisation of z before the function.
        public enum Normalization: Sendable, Equatable {
            /// With the batch's mean and biased variance, recorded from the graph's own operations;
            /// γ and β (1 × columns of W) are graph inputs with gradients.
            case batch(gamma: Tensor, beta: Tensor)
            /// With fixed statistics (the running ones): y = z·scale + shift per column, constants.
            case fixed(scale: Tensor, shift: Tensor)
        }

        public var weights: Tensor
        public var bias: Tensor
        public var function: Function
        public var normalization: Normalization?

        public init(weights: Tensor, bias: Tensor, activation: Activation, learnedParameter: Tensor? = nil,
                    normalization: Normalization? = nil) {
            self.init(weights: weights, bias: bias, function: .activation(activation, learnedParameter: learnedParameter),
                      normalization: normalization)
        }

        public init(weights: Tensor, bias: Tensor, function: Function, normalization: Normalization? = nil) {
            self.weights = weights
            self.bias = bias
            self.function = function
            self.normalization = normalization
        }

        /// Units after the function: columns of W, divided by the pieces for maxout.
        public var units: Int {
            if case let .maxout(k) = function { return weights.columns / Swift.max(k, 1) }
            return weights.columns
        }

        /// The learned activation parameter this layer feeds to the graph, if any.
        var parameterValue: Tensor? {
            guard case let .activation(f, learned) = function else { return nil }
            if let learned { return learned }
            guard f.hasLearnedParameter else { return nil }
            return Tensor(rows: 1, columns: f.kind == .prelu ? units : 1, repeating: f.parameter)
        }
    }

    /// Gradients of the loss, one entry per layer (nil where a layer has no learned parameter).
    public struct Gradients: Sendable {
        public var weights: [Tensor]
        public var biases: [Tensor]
        public var activationParameters: [Tensor?]
        /// ∂L/∂γ and ∂L/∂β of layers normalised with batch statistics (nil elsewhere).
        public var gammas: [Tensor?]
        public var betas: [Tensor?]
    }

    public private(set) var graph: Graph
    public let loss: Loss
    /// The batch (N × inputs).
    public let input: NodeID
    /// The target values (MSE and binary cross-entropy); nil for softmax cross-entropy.
    public let target: NodeID?
    /// The last layer's output: logits, before the loss's softmax or sigmoid.
    public let output: NodeID
    /// The 1×1 loss.
    public let lossNode: NodeID
    public let weights: [NodeID]
    public let biases: [NodeID]
    public let activationParameters: [NodeID?]
    /// γ and β of layers normalised with batch statistics (nil elsewhere).
    public let gammas: [NodeID?]
    public let betas: [NodeID?]
    /// The constants batch normalisation averages with, which depend on the batch's rows N: a 1×N
    /// and an N×1 matrix of ones and 1/N (nil without batch statistics).
    private let rowConstants: (ones: NodeID, column: NodeID, inverseCount: NodeID)?
    private let layerSignatures: [LayerSignature]

    /// Records the forward pass of `layers` on `inputs` and the loss against `targets`.
    public init(layers: [Layer], loss: Loss, inputs: Tensor, targets: Targets) throws(NetworkGraphError) {
        try NetworkGraph.validate(layers: layers, loss: loss, inputs: inputs, targets: targets)
        var g = Graph()
        input = g.input(inputs, name: "X")
        var a = input
        var weights: [NodeID] = [], biases: [NodeID] = [], parameters: [NodeID?] = []
        var gammas: [NodeID?] = [], betas: [NodeID?] = []
        let n = inputs.rows
        var constants: (ones: NodeID, column: NodeID, inverseCount: NodeID)?
        if layers.contains(where: { if case .batch = $0.normalization { true } else { false } }) {
            constants = (g.constant(Tensor(rows: 1, columns: n, repeating: 1)), g.constant(Tensor(rows: n, columns: 1, repeating: 1)),
                         g.constant(1 / Double(n)))
        }
        for (l, layer) in layers.enumerated() {
            weights.append(g.input(layer.weights, name: "W\(l + 1)"))
            biases.append(g.input(layer.bias, name: "b\(l + 1)"))
            // Normalising with the batch's mean cancels b exactly, so it is left out there (its
            // gradient is then exactly 0, as backprop writes it).
            var z: NodeID
            if case .batch = layer.normalization { z = g.matmul(a, weights[l]) } else { z = g.addRow(g.matmul(a, weights[l]), bias: biases[l]) }
            let p = layer.parameterValue.map { g.input($0, name: "p\(l + 1)") }
            parameters.append(p)
            var gammaNode: NodeID?, betaNode: NodeID?
            switch layer.normalization {
            case nil:
                break
            case let .batch(gamma, beta):
                let c = constants!
                gammaNode = g.input(gamma, name: "gamma\(l + 1)")
                betaNode = g.input(beta, name: "beta\(l + 1)")
                // μ = (1/N)·1ᵀz, σ² = (1/N)·1ᵀ(z − 1μ)², ẑ = (z − 1μ) ⊙ 1(σ² + ε)^(−½), y = ẑ ⊙ 1γ + β.
                let mean = g.multiply(g.matmul(c.ones, z), c.inverseCount)
                let centred = g.subtract(z, g.matmul(c.column, mean))
                let variance = g.multiply(g.matmul(c.ones, g.power(centred, 2)), c.inverseCount)
                let inverse = g.power(g.add(variance, g.constant(BatchNorm.epsilon)), -0.5)
                let normalized = g.multiply(centred, g.matmul(c.column, inverse))
                z = g.addRow(g.multiply(normalized, g.matmul(c.column, gammaNode!)), bias: betaNode!)
            case let .fixed(scale, shift):
                let column = g.constant(Tensor(rows: n, columns: 1, repeating: 1))
                z = g.addRow(g.multiply(z, g.matmul(column, g.constant(scale))), bias: g.constant(shift))
            }
            gammas.append(gammaNode)
            betas.append(betaNode)
            switch layer.function {
            case let .activation(f, _): a = f.kind == .identity ? z : g.activation(f, z, parameter: p)
            case let .maxout(k): a = g.maxout(z, pieces: k)
            }
        }
        output = a
        switch (loss, targets) {
        case let (.softmaxCrossEntropy, .labels(labels)):
            target = nil
            lossNode = g.softmaxCrossEntropy(logits: a, labels: labels)
        case let (.meanSquaredError, .values(t)):
            target = g.constant(t)
            lossNode = g.meanSquaredError(prediction: a, target: target!)
        case let (.binaryCrossEntropy, .values(t)):
            target = g.constant(t)
            lossNode = g.sigmoidCrossEntropy(logits: a, targets: target!)
        default:
            preconditionFailure("validate(layers:loss:inputs:targets:) matches targets to the loss")
        }
        self.graph = g
        self.loss = loss
        self.weights = weights
        self.biases = biases
        self.activationParameters = parameters
        self.gammas = gammas
        self.betas = betas
        self.rowConstants = constants
        self.layerSignatures = NetworkGraph.signatures(of: layers)
    }

    /// The loss's value.
    public var lossValue: Double { graph.scalar(lossNode) }

    /// Every parameter node, layer by layer: W, b, then the activation parameter if any, then γ
    /// and β of a layer normalised with batch statistics.
    public var parameters: [NodeID] {
        weights.indices.flatMap {
            [weights[$0], biases[$0]] + (activationParameters[$0].map { [$0] } ?? [])
                + (gammas[$0].map { [$0] } ?? []) + (betas[$0].map { [$0] } ?? [])
        }
    }

    /// Reverse mode: the loss's gradient with respect to every parameter, from one backward sweep.
    public func gradients() -> Gradients {
        let adjoints = graph.adjoints(of: lossNode)
        func grad(_ id: NodeID) -> Tensor { adjoints[id.index] ?? .zeros(like: graph.value(id)) }
        return Gradients(weights: weights.map(grad), biases: biases.map(grad),
                         activationParameters: activationParameters.map { $0.map(grad) },
                         gammas: gammas.map { $0.map(grad) }, betas: betas.map { $0.map(grad) })
    }

    /// Forward mode: the same gradients, by one sweep per parameter element (slow on purpose).
    public func forwardGradients() -> Gradients {
        func grad(_ id: NodeID) -> Tensor { graph.forwardGradient(of: lossNode, withRespectTo: [id])[0] }
        return Gradients(weights: weights.map(grad), biases: biases.map(grad),
                         activationParameters: activationParameters.map { $0.map(grad) },
                         gammas: gammas.map { $0.map(grad) }, betas: betas.map { $0.map(grad) })
    }

    /// Static re-run: puts new parameter values and a new batch (any number of rows) into the
    /// recorded graph and re-evaluates it. The layers must have the shapes and functions recorded.
    public mutating func rerun(layers: [Layer], inputs: Tensor, targets: Targets) throws(NetworkGraphError) {
        try NetworkGraph.validate(layers: layers, loss: loss, inputs: inputs, targets: targets)
        guard NetworkGraph.signatures(of: layers) == layerSignatures else { throw .structureChanged }
        graph.setValue(input, inputs)
        if let c = rowConstants {
            let n = inputs.rows
            graph.setValue(c.ones, Tensor(rows: 1, columns: n, repeating: 1))
            graph.setValue(c.column, Tensor(rows: n, columns: 1, repeating: 1))
            graph.setValue(c.inverseCount, Tensor(rows: 1, columns: 1, repeating: 1 / Double(n)))
        }
        for (l, layer) in layers.enumerated() {
            graph.setValue(weights[l], layer.weights)
            graph.setValue(biases[l], layer.bias)
            if let p = activationParameters[l], let value = layer.parameterValue { graph.setValue(p, value) }
            if case let .batch(gamma, beta) = layer.normalization, let gNode = gammas[l], let bNode = betas[l] {
                graph.setValue(gNode, gamma)
                graph.setValue(bNode, beta)
            }
        }
        switch targets {
        case let .labels(labels): graph.setLabels(labels, of: lossNode)
        case let .values(t): graph.setValue(target!, t)
        }
        graph.evaluate()
    }

    /// What a static re-run must keep of each layer: shapes and function.
    private struct LayerSignature: Equatable, Sendable {
        let rows: Int, columns: Int
        let activation: Activation?
        let pieces: Int
        let learnedParameter: Bool
        /// 0: none, 1: batch statistics, 2: fixed.
        let normalization: Int
    }

    private static func signatures(of layers: [Layer]) -> [LayerSignature] {
        layers.map { layer in
            var activation: Activation?, pieces = 1
            switch layer.function {
            case let .activation(f, _): activation = f
            case let .maxout(k): pieces = k
            }
            let normalization: Int
            switch layer.normalization {
            case nil: normalization = 0
            case .batch: normalization = 1
            case .fixed: normalization = 2
            }
            return LayerSignature(rows: layer.weights.rows, columns: layer.weights.columns, activation: activation,
                                  pieces: pieces, learnedParameter: layer.parameterValue != nil, normalization: normalization)
        }
    }

    private static func validate(layers: [Layer], loss: Loss, inputs: Tensor, targets: Targets) throws(NetworkGraphError) {
        guard !layers.isEmpty else { throw .noLayers }
        guard inputs.rows > 0 else { throw .emptyBatch }
        var width = inputs.columns
        for (l, layer) in layers.enumerated() {
            let name = "layer \(l + 1)"
            guard layer.weights.rows == width, layer.weights.columns > 0 else {
                throw .shape("\(name) weights are \(layer.weights.rows)x\(layer.weights.columns), expected \(width) rows")
            }
            guard layer.bias.rows == 1, layer.bias.columns == layer.weights.columns else {
                throw .shape("\(name) bias is \(layer.bias.rows)x\(layer.bias.columns), expected 1x\(layer.weights.columns)")
            }
            if case let .maxout(k) = layer.function, k < 1 || layer.weights.columns % k != 0 {
                throw .shape("\(name): maxout with \(k) pieces needs a positive multiple of \(k) columns, got \(layer.weights.columns)")
            }
            switch layer.normalization {
            case let .batch(a, b)?, let .fixed(a, b)?:
                guard a.rows == 1, b.rows == 1, a.columns == layer.weights.columns, b.columns == layer.weights.columns else {
                    throw .shape("\(name) normalisation parameters are \(a.rows)x\(a.columns) and \(b.rows)x\(b.columns), expected 1x\(layer.weights.columns)")
                }
            case nil: break
            }
            if let p = layer.parameterValue, !(p.rows == 1 && (p.columns == 1 || p.columns == layer.units)) {
                throw .shape("\(name) activation parameter is \(p.rows)x\(p.columns), expected 1x1 or 1x\(layer.units)")
            }
            width = layer.units
        }
        switch (loss, targets) {
        case (.softmaxCrossEntropy, .values), (.meanSquaredError, .labels), (.binaryCrossEntropy, .labels):
            throw .targetsDoNotMatchLoss(loss)
        default: break
        }
        switch targets {
        case let .labels(labels):
            guard labels.count == inputs.rows else { throw .shape("\(labels.count) labels for \(inputs.rows) rows") }
            if let bad = labels.first(where: { !(0..<width).contains($0) }) { throw .labelOutOfRange(bad, classes: width) }
        case let .values(t):
            guard t.rows == inputs.rows, t.columns == width else {
                throw .shape("targets are \(t.rows)x\(t.columns), expected \(inputs.rows)x\(width)")
            }
        }
    }
}

/// Why a network graph could not be built or re-run.
public enum NetworkGraphError: Error, Equatable, CustomStringConvertible {
    case noLayers
    case emptyBatch
    case shape(String)
    case labelOutOfRange(Int, classes: Int)
    case targetsDoNotMatchLoss(NetworkGraph.Loss)
    case structureChanged

    public var description: String {
        switch self {
        case .noLayers: return "a network graph needs at least one layer"
        case .emptyBatch: return "the batch has no rows"
        case let .shape(message): return message
        case let .labelOutOfRange(label, classes): return "label \(label) is out of range for \(classes) classes"
        case let .targetsDoNotMatchLoss(loss):
            return loss == .softmaxCrossEntropy ? "softmax cross-entropy needs class labels" : "\(loss.rawValue) needs target values"
        case .structureChanged: return "a static graph must be re-run with the layer shapes and functions it was recorded with"
        }
    }
}
