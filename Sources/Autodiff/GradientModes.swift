import Foundation
import LinearAlgebra
import NeuralNetwork

/// One network's gradient computed five ways — backprop, reverse mode on a dynamic graph, reverse
/// mode on a static graph, forward mode, finite differences — with their disagreements and timings.
/// It shows why reverse mode wins with many parameters and one output: forward mode needs one sweep
/// per parameter, finite differences two forward passes per parameter.
public struct GradientModesReport: Sendable {
    public struct Mode: Sendable {
        public var name: String
        /// Largest |g − g_backprop| / max(1, |g|, |g_backprop|) over every parameter.
        public var largestDisagreement: Double
        public var seconds: Double
        public var passes: String
    }

    public var parameters: Int
    public var samples: Int
    public var shape: String
    public var modes: [Mode]

    /// Backprop against every other mode on up to `samples` training examples of `trainer`.
    public static func measure(trainer: Trainer<Double>, samples: Int) throws -> GradientModesReport {
        let batch = trainer.sampleBatch(count: samples)
        let network = trainer.network
        let targets: NetworkGraph.Targets
        switch network.loss {
        case .softmaxCrossEntropy: targets = .labels(batch.labels.map { Int($0) })
        case .binaryCrossEntropy: targets = .values(Tensor(rows: batch.labels.count, columns: 1, elements: batch.labels.map { $0 == 1 ? 1.0 : 0.0 }))
        case .meanSquaredError: targets = .values(batch.targets!)
        }
        let layers = NetworkGraph.layers(of: network, statistics: .batch)
        let loss = NetworkGraph.loss(for: network.loss)

        let (reference, backpropTime) = timed {
            GradientCheck.backpropGradients(network: network, input: batch.input, labels: batch.labels, targets: batch.targets)
        }
        func asLayers(_ g: NetworkGraph.Gradients) -> [LayerGradients<Double>] {
            network.layers.indices.map { l in
                LayerGradients(weights: g.weights[l], bias: g.biases[l].storage.map { $0 },
                               unitParameters: g.activationParameters[l].map { Array($0.elements) } ?? [],
                               gamma: g.gammas[l].map { Array($0.elements) } ?? [], beta: g.betas[l].map { Array($0.elements) } ?? [])
            }
        }
        func disagreement(_ g: [LayerGradients<Double>]) -> Double {
            zip(reference, g).reduce(0) { max($0, GradientCheck.largestError($1.0, $1.1)) }
        }
        let (dynamic, dynamicTime) = try timed { () throws(NetworkGraphError) in
            try NetworkGraph(layers: layers, loss: loss, inputs: batch.input, targets: targets).gradients()
        }
        var recorded = try NetworkGraph(layers: layers, loss: loss, inputs: batch.input, targets: targets)
        let (staticGradients, staticTime) = try timed { () throws(NetworkGraphError) in
            try recorded.rerun(layers: layers, inputs: batch.input, targets: targets)
            return recorded.gradients()
        }
        let (forward, forwardTime) = timed { recorded.forwardGradients() }
        let (numeric, numericTime) = timed {
            GradientCheck.numericGradients(network: network, input: batch.input, labels: batch.labels, targets: batch.targets)
        }
        let p = network.parameterCount
        let nodes = recorded.graph.nodes.count
        return GradientModesReport(parameters: p, samples: batch.input.rows, shape: network.shapeDescription, modes: [
            Mode(name: "backprop", largestDisagreement: 0, seconds: backpropTime, passes: "1 forward + 1 backward pass"),
            Mode(name: "reverse (dynamic graph)", largestDisagreement: disagreement(asLayers(dynamic)), seconds: dynamicTime,
                 passes: "record \(nodes) nodes + 1 backward sweep"),
            Mode(name: "reverse (static graph)", largestDisagreement: disagreement(asLayers(staticGradients)), seconds: staticTime,
                 passes: "re-run recorded graph + 1 backward sweep"),
            Mode(name: "forward mode", largestDisagreement: disagreement(asLayers(forward)), seconds: forwardTime,
                 passes: "\(p) forward sweeps (one per parameter)"),
            Mode(name: "finite differences", largestDisagreement: disagreement(numeric), seconds: numericTime,
                 passes: "\(2 * p) forward passes"),
        ])
    }

    /// The report as an aligned table.
    public var text: String {
        var lines = ["gradient modes: network \(shape), \(parameters) parameters, \(samples) examples, one scalar loss", ""]
        let nameWidth = modes.map(\.name.count).max() ?? 0
        lines.append("mode".padding(toLength: nameWidth + 2, withPad: " ", startingAt: 0) + "max diff vs backprop   time        work")
        for m in modes {
            let diff = m.name == "backprop" ? "-" : String(format: "%.3e", m.largestDisagreement)
            lines.append(m.name.padding(toLength: nameWidth + 2, withPad: " ", startingAt: 0)
                + diff.padding(toLength: 23, withPad: " ", startingAt: 0)
                + formatSeconds(m.seconds).padding(toLength: 12, withPad: " ", startingAt: 0) + m.passes)
        }
        lines.append("")
        lines.append("Reverse mode costs a small multiple of one forward pass whatever the number of parameters;")
        lines.append("forward mode and finite differences grow with it (\(parameters) sweeps or \(2 * parameters) passes here).")
        return lines.joined(separator: "\n")
    }

    private func formatSeconds(_ s: Double) -> String {
        s < 1e-3 ? String(format: "%.1f µs", s * 1e6) : s < 1 ? String(format: "%.2f ms", s * 1e3) : String(format: "%.2f s", s)
    }
}

private func timed<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> (T, Double) {
    let start = DispatchTime.now().uptimeNanoseconds
    let value = try body()
    return (value, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
}
