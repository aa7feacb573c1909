import LinearAlgebra
import NeuralNetwork

extension TrainingLoss {
    /// A reusable evaluator of exact Hessian-vector products at one point (the centre by default).
    public func hessianProducts(at point: [Double]? = nil) -> HessianProducts { HessianProducts(self, at: point ?? centre) }

    /// Gradient and H·v of the mean training loss at `point` along `v`, both flat: the network's
    /// own R-operator pass (`Network.accumulateHessianVectorProduct`), chunk by chunk.
    public func hessianVectorProduct(at point: [Double], along v: [Double]) -> (gradient: [Double], product: [Double]) {
        var products = hessianProducts(at: point)
        let product = products.product(along: v)
        return (products.gradient, product)
    }
}

/// Exact H·v of a `TrainingLoss` at a fixed point, as many times as asked: the network at that
/// point, the training split cut into chunks and every buffer are made once, so each product is
/// one batched forward and backward pass and its R-operator twin per chunk (BLAS products in Double).
public struct HessianProducts {
    let network: Network<Double>
    let chunks: [(inputs: Matrix<Double>, labels: [Int32], targets: Matrix<Double>?)]
    let examples: Int
    var workspace: HessianWorkspace<Double>
    var direction: [LayerGradients<Double>]
    var gradientSum: [LayerGradients<Double>]
    var productSum: [LayerGradients<Double>]
    /// The gradient at the point (from the last product).
    public private(set) var gradient: [Double] = []
    /// The mean loss at the point (from the last product).
    public private(set) var loss = Double.nan
    /// The length of the vectors (`ParameterVector`: batch normalisation's γ and β are left out).
    public var parameterCount: Int { ParameterVector.count(of: network) }

    init(_ problem: TrainingLoss, at point: [Double]) {
        var net = problem.network
        ParameterVector.assign(point, into: &net)
        network = net
        examples = problem.examples
        chunks = problem.chunks.map { range in
            let f = problem.inputs.columns
            let inputs = Matrix(rows: range.count, columns: f, elements: Array(problem.inputs.storage[(range.lowerBound * f)..<(range.upperBound * f)]))
            let targets = problem.targets.map { t in
                Matrix(rows: range.count, columns: t.columns, elements: Array(t.storage[(range.lowerBound * t.columns)..<(range.upperBound * t.columns)]))
            }
            return (inputs, Array(problem.labels[range]), targets)
        }
        workspace = HessianWorkspace(for: net, batchCapacity: min(problem.examples, TrainingLoss.chunkRows))
        direction = net.layers.map { LayerGradients(shapeOf: $0) }
        gradientSum = direction
        productSum = direction
    }

    /// H·v (flat, the `ParameterVector` layout); also refreshes `gradient` and `loss`.
    public mutating func product(along v: [Double]) -> [Double] {
        precondition(v.count == parameterCount, "direction has \(v.count) values for \(parameterCount) parameters")
        var k = 0
        for l in direction.indices {
            for i in 0..<direction[l].weights.count { direction[l].weights.storage[i] = v[k]; k += 1 }
            for i in direction[l].bias.indices { direction[l].bias[i] = v[k]; k += 1 }
            for i in direction[l].unitParameters.indices { direction[l].unitParameters[i] = v[k]; k += 1 }
            gradientSum[l].weights.fill(with: 0)
            productSum[l].weights.fill(with: 0)
            for i in gradientSum[l].bias.indices { gradientSum[l].bias[i] = 0; productSum[l].bias[i] = 0 }
            for i in gradientSum[l].unitParameters.indices { gradientSum[l].unitParameters[i] = 0; productSum[l].unitParameters[i] = 0 }
        }
        var lossSum = 0.0
        for chunk in chunks {
            lossSum += chunk.labels.withUnsafeBufferPointer { labels in
                network.accumulateHessianVectorProduct(chunk.inputs, labels: labels, targets: chunk.targets, meanOver: examples,
                                                       direction: direction, workspace: &workspace,
                                                       gradient: &gradientSum, product: &productSum)
            }
        }
        loss = lossSum / Double(examples)
        gradient = Self.flatten(gradientSum)
        return Self.flatten(productSum)
    }

    static func flatten(_ parts: [LayerGradients<Double>]) -> [Double] {
        var out: [Double] = []
        out.reserveCapacity(parts.reduce(0) { $0 + $1.weights.count + $1.bias.count + $1.unitParameters.count })
        for p in parts {
            out.append(contentsOf: p.weights.elements)
            out.append(contentsOf: p.bias)
            out.append(contentsOf: p.unitParameters)
        }
        return out
    }
}
