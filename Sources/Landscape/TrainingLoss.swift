import Autodiff
import LinearAlgebra
import NeuralNetwork

/// The loss a landscape shows: the mean loss over the whole training split at given weights, with
/// no weight-decay term, computed by the network's own forward pass and loss (in Double).
public struct TrainingLoss: Sendable {
    /// The network whose shape, functions and loss are used; its weights are the centre point.
    public let network: Network<Double>
    public let inputs: Matrix<Double>
    public let labels: [Int32]
    public let targets: Matrix<Double>?
    /// Rows per forward pass (as the trainer's evaluation does).
    public static let chunkRows = 1024

    public init(network: Network<Double>, inputs: Matrix<Double>, labels: [Int32], targets: Matrix<Double>?) {
        precondition(inputs.rows > 0 && labels.count == inputs.rows, "a training split needs rows and one label per row")
        self.network = network
        self.inputs = inputs
        self.labels = labels
        self.targets = targets
    }

    /// The loss of a trainer's training split, at the weights of `network` (a checkpoint).
    public init<Scalar: NNScalar>(trainer: Trainer<Double>, network: Network<Scalar>) {
        let split = trainer.trainingSplit
        self.init(network: network.converted(to: Double.self), inputs: split.inputs, labels: split.labels, targets: split.targets)
    }

    public var examples: Int { inputs.rows }
    public var parameterCount: Int { network.parameterCount }
    /// For a batch-normalised network, what the plane leaves out (nil otherwise).
    public var batchNormNote: String? {
        guard network.hasBatchNormalization else { return nil }
        return "batch norm: γ, β and the running statistics stay at the checkpoint's values (evaluation mode); "
            + "the plane and the Hessian cover the other \(ParameterVector.count(of: network)) parameters"
    }
    /// The centre point's flat parameters.
    public var centre: [Double] { ParameterVector.flatten(network) }

    /// A reusable evaluator (it owns the workspace and a copy of the network).
    public func evaluator() -> Evaluator { Evaluator(self) }

    /// Evaluates the loss at many points without allocating per point.
    public struct Evaluator {
        let problem: TrainingLoss
        var network: Network<Double>
        var workspace: Workspace<Double>
        var chunk: Matrix<Double>
        var chunkTargets: Matrix<Double>?

        init(_ problem: TrainingLoss) {
            self.problem = problem
            network = problem.network
            let capacity = min(problem.inputs.rows, TrainingLoss.chunkRows)
            workspace = Workspace(for: problem.network, batchCapacity: capacity)
            chunk = Matrix(rows: capacity, columns: problem.inputs.columns)
            chunkTargets = problem.targets.map { Matrix(rows: capacity, columns: $0.columns) }
        }

        /// Mean training loss at the flat parameters `point`.
        public mutating func loss(at point: [Double]) -> Double {
            ParameterVector.assign(point, into: &network)
            let x = problem.inputs, total = x.rows, f = x.columns
            var sum = 0.0, start = 0
            while start < total {
                let n = min(TrainingLoss.chunkRows, total - start)
                chunk.reshape(rows: n, columns: f)
                for i in 0..<(n * f) { chunk.storage[i] = x.storage[start * f + i] }
                if let t = problem.targets {
                    chunkTargets!.reshape(rows: n, columns: t.columns)
                    for i in 0..<(n * t.columns) { chunkTargets!.storage[i] = t.storage[start * t.columns + i] }
                }
                network.forward(chunk, workspace: &workspace, training: false)
                let r = problem.labels[start..<(start + n)].withUnsafeBufferPointer { lab in
                    network.loss.evaluate(logits: workspace.output, labels: lab, targets: chunkTargets)
                }
                sum += r.lossSum
                start += n
            }
            return sum / Double(total)
        }
    }

    // MARK: The same loss as an autodiff graph (for gradients and Hessian-vector products)

    /// The graph targets of rows `range`.
    func graphTargets(_ range: Range<Int>) -> NetworkGraph.Targets {
        switch network.loss {
        case .softmaxCrossEntropy: return .labels(range.map { Int(labels[$0]) })
        case .binaryCrossEntropy:
            return .values(Tensor(rows: range.count, columns: 1, elements: range.map { labels[$0] == 1 ? 1.0 : 0.0 }))
        case .meanSquaredError:
            let t = targets!, k = t.columns
            return .values(Tensor(rows: range.count, columns: k, elements: Array(t.storage[(range.lowerBound * k)..<(range.upperBound * k)])))
        }
    }

    /// The rows of `range` as a tensor.
    func graphInputs(_ range: Range<Int>) -> Tensor {
        let f = inputs.columns
        return Tensor(rows: range.count, columns: f, elements: Array(inputs.storage[(range.lowerBound * f)..<(range.upperBound * f)]))
    }

    /// The row ranges the graph passes go through (bounded memory).
    var chunks: [Range<Int>] {
        stride(from: 0, to: examples, by: TrainingLoss.chunkRows).map { $0..<min($0 + TrainingLoss.chunkRows, examples) }
    }

    /// Gradient and H·v of the mean training loss at `point` along `v`, both flat, by forward mode
    /// over reverse mode on the network's autodiff graph (chunk by chunk, weighted by rows): the
    /// independent check of the fast R-operator pass (`hessianVectorProduct`).
    public func graphHessianVectorProduct(at point: [Double], along v: [Double]) -> (gradient: [Double], product: [Double]) {
        var net = network
        ParameterVector.assign(point, into: &net)
        let layers = NetworkGraph.layers(of: net, statistics: .running)
        let loss = NetworkGraph.loss(for: net.loss)
        let direction = Self.tensors(v, shapedLike: layers)
        var gradient = [Double](repeating: 0, count: v.count), product = gradient
        for range in chunks {
            // The graph's losses are means over the rows of the batch: weight each chunk by its rows.
            let weight = Double(range.count) / Double(examples)
            guard let graph = try? NetworkGraph(layers: layers, loss: loss, inputs: graphInputs(range), targets: graphTargets(range)) else {
                preconditionFailure("the training split matches its own network")
            }
            let (g, hv) = graph.hessianVectorProduct(direction: direction)
            var k = 0
            for (gt, ht) in zip(g, hv) {
                for i in 0..<gt.count {
                    gradient[k] += weight * gt.storage[i]
                    product[k] += weight * ht.storage[i]
                    k += 1
                }
            }
        }
        return (gradient, product)
    }

    /// The mean training loss at `point` from the autodiff graph (a second, independent forward pass).
    public func graphLoss(at point: [Double]) -> Double {
        var net = network
        ParameterVector.assign(point, into: &net)
        let layers = NetworkGraph.layers(of: net, statistics: .running), loss = NetworkGraph.loss(for: net.loss)
        return chunks.reduce(0.0) { sum, range in
            guard let graph = try? NetworkGraph(layers: layers, loss: loss, inputs: graphInputs(range), targets: graphTargets(range)) else {
                preconditionFailure("the training split matches its own network")
            }
            return sum + graph.lossValue * Double(range.count) / Double(examples)
        }
    }

    /// A flat vector cut into the graph's parameter tensors (W, b, activation parameter per layer).
    static func tensors(_ flat: [Double], shapedLike layers: [NetworkGraph.Layer]) -> [Tensor] {
        var out: [Tensor] = [], k = 0
        func take(_ rows: Int, _ columns: Int) -> Tensor {
            defer { k += rows * columns }
            return Tensor(rows: rows, columns: columns, elements: Array(flat[k..<(k + rows * columns)]))
        }
        for layer in layers {
            out.append(take(layer.weights.rows, layer.weights.columns))
            out.append(take(1, layer.bias.columns))
            if let p = layer.learnedParameterValue { out.append(take(p.rows, p.columns)) }
        }
        return out
    }
}
