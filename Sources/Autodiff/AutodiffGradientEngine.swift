import Activations
import LinearAlgebra
import NeuralNetwork

/// The trainer's `--engine autodiff` and `autodiff-static`: gradients from reverse-mode automatic
/// differentiation of the network's recorded graph, instead of the hand-derived δ rule.
///
/// Dynamic: a new graph is recorded for every batch. Static: the graph is recorded once and re-run
/// with each batch's inputs and the current weights. The graph works in Double; a Float trainer's
/// weights and batch are converted on the way in and the gradients on the way out.
public final class AutodiffGradientEngine<Scalar: NNScalar>: GradientEngine {
    public let isStatic: Bool
    private var recorded: NetworkGraph?

    public init(static isStatic: Bool) {
        self.isStatic = isStatic
    }

    /// The engine for a trainer configuration's `engine` setting (nil for backprop).
    public static func make(_ kind: GradientEngineKind) -> AutodiffGradientEngine? {
        switch kind {
        case .backprop: return nil
        case .autodiff: return AutodiffGradientEngine(static: false)
        case .autodiffStatic: return AutodiffGradientEngine(static: true)
        }
    }

    public func computeGradients(network: Network<Scalar>, input: Matrix<Scalar>, labels: [Int32],
                                 targets: Matrix<Scalar>?, workspace: inout Workspace<Scalar>) throws {
        let n = input.rows
        let layers = NetworkGraph.layers(of: network, statistics: .batch)
        let x: Tensor = input.converted()
        let graphTargets: NetworkGraph.Targets
        switch network.loss {
        case .softmaxCrossEntropy:
            graphTargets = .labels(labels[0..<n].map { Int($0) })
        case .binaryCrossEntropy:
            graphTargets = .values(Tensor(rows: n, columns: 1, elements: labels[0..<n].map { $0 == 1 ? 1.0 : 0.0 }))
        case .meanSquaredError:
            guard let targets else { throw NetworkGraphError.targetsDoNotMatchLoss(.meanSquaredError) }
            graphTargets = .values(targets.converted())
        }
        let loss = NetworkGraph.loss(for: network.loss)
        if isStatic, var graph = recorded {
            try graph.rerun(layers: layers, inputs: x, targets: graphTargets)
            recorded = graph
        } else {
            recorded = try NetworkGraph(layers: layers, loss: loss, inputs: x, targets: graphTargets)
        }
        let g = recorded!.gradients()
        if !isStatic { recorded = nil }
        for l in network.layers.indices {
            let gw = g.weights[l], gb = g.biases[l]
            for i in 0..<gw.count { workspace.gradients[l].weights.storage[i] = Scalar(gw.storage[i]) }
            for i in 0..<gb.count { workspace.gradients[l].bias[i] = Scalar(gb.storage[i]) }
            if let gp = g.activationParameters[l] {
                for i in 0..<workspace.gradients[l].unitParameters.count {
                    workspace.gradients[l].unitParameters[i] = Scalar(gp.storage[i])
                }
            }
            if let gg = g.gammas[l], let gb = g.betas[l] {
                for i in 0..<workspace.gradients[l].gamma.count {
                    workspace.gradients[l].gamma[i] = Scalar(gg.storage[i])
                    workspace.gradients[l].beta[i] = Scalar(gb.storage[i])
                }
            }
        }
    }
}

extension NetworkGraph {
    /// The graph layers of a network: weights, biases and learned activation parameters in Double;
    /// batch normalisation with the batch's statistics (γ and β get gradients: training) or with
    /// the running ones (fixed: evaluation, the landscape).
    public static func layers<Scalar: NNScalar>(of network: Network<Scalar>, statistics: NormalizationStatistics) -> [Layer] {
        network.layers.map { layer in
            let w: Tensor = layer.weights.converted()
            let b = Tensor(rows: 1, columns: layer.bias.count, elements: layer.bias.map { Double($0) })
            var normalization: Layer.Normalization?
            if let bn = layer.normalization {
                let width = bn.width
                func row(_ values: [Double]) -> Tensor { Tensor(rows: 1, columns: width, elements: values) }
                switch statistics {
                case .batch:
                    normalization = .batch(gamma: row(bn.gamma.map { Double($0) }), beta: row(bn.beta.map { Double($0) }))
                case .running:
                    let scale = (0..<width).map { Double(bn.gamma[$0]) / (Double(bn.runningVariance[$0]) + BatchNorm.epsilon).squareRoot() }
                    let shift = (0..<width).map { Double(bn.beta[$0]) - Double(bn.runningMean[$0]) * scale[$0] }
                    normalization = .fixed(scale: row(scale), shift: row(shift))
                }
            }
            switch layer.unit {
            case let .maxout(k):
                return Layer(weights: w, bias: b, function: .maxout(pieces: k), normalization: normalization)
            case .activation:
                let f = layer.effectiveActivation!
                let p = layer.unitParameters.isEmpty ? nil
                    : Tensor(rows: 1, columns: layer.unitParameters.count, elements: layer.unitParameters.map { Double($0) })
                return Layer(weights: w, bias: b, activation: f, learnedParameter: p, normalization: normalization)
            }
        }
    }

    /// The graph's name for a network loss.
    public static func loss(for loss: NeuralNetwork.Loss) -> Loss {
        switch loss {
        case .softmaxCrossEntropy: return .softmaxCrossEntropy
        case .binaryCrossEntropy: return .binaryCrossEntropy
        case .meanSquaredError: return .meanSquaredError
        }
    }
}

extension Experiment {
    /// The engine factory to pass to `Experiment(configuration:engineFactory:)` so that
    /// `set engine autodiff` / `autodiff-static` take effect.
    public static let autodiffEngines: @Sendable (GradientEngineKind) -> (any GradientEngine<Float>)? = {
        AutodiffGradientEngine<Float>.make($0)
    }
}
