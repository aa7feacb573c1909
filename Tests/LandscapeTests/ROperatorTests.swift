import Activations
import LinearAlgebra
import NeuralNetwork
import Testing
@testable import Landscape

/// The network's own R-operator pass (batched, BLAS, reused buffers) against the autodiff graph's
/// forward-over-reverse product, in Double: every unit kind with a second derivative or a learned
/// parameter, every loss, and a split larger than one chunk.
@Suite struct ROperatorTests {
    /// Hidden layers of four units of each kind in `units`, then an affine output layer.
    static func network(_ units: [UnitKind], inputs: Int, outputs: Int, loss: Loss, seed: UInt64) -> Network<Double> {
        var draw = Draw(seed)
        var layers: [Layer<Double>] = []
        var fanIn = inputs
        for (l, unit) in (units + [.activation(Activation(.identity))]).enumerated() {
            let width = l == units.count ? outputs : 4
            var layer = Layer(unit: unit, weights: draw.matrix(fanIn, width * unit.pieces, 0.8),
                              bias: Array(draw.matrix(1, width * unit.pieces, 0.3).elements))
            if case let .activation(a) = unit, a.kind == .prelu { layer.unitParameters = (0..<width).map { 0.1 + 0.05 * Double($0) } }
            if case let .activation(a) = unit, a.kind == .swish, a.learnable { layer.unitParameters = [1.3] }
            layers.append(layer)
            fanIn = width
        }
        return Network(layers: layers, loss: loss)
    }

    static func problem(_ net: Network<Double>, rows: Int, seed: UInt64) -> TrainingLoss {
        var draw = Draw(seed)
        let x = draw.matrix(rows, net.inputs)
        let k = net.outputs
        let labels: [Int32] = (0..<rows).map { net.loss == .binaryCrossEntropy ? Int32($0 % 2) : Int32($0 % max(k, 1)) }
        let targets = net.loss == .meanSquaredError ? draw.matrix(rows, k) : nil
        return TrainingLoss(network: net, inputs: x, labels: labels, targets: targets)
    }

    func expectAgreement(_ problem: TrainingLoss, seed: UInt64, sourceLocation: SourceLocation = #_sourceLocation) {
        var draw = Draw(seed)
        let centre = problem.centre
        let v = Array(draw.matrix(1, centre.count).elements)
        let fast = problem.hessianVectorProduct(at: centre, along: v)
        let graph = problem.graphHessianVectorProduct(at: centre, along: v)
        let scale = max(graph.product.map(abs).max() ?? 0, 1e-12), gscale = max(graph.gradient.map(abs).max() ?? 0, 1e-12)
        for i in centre.indices {
            #expect(abs(fast.product[i] - graph.product[i]) <= 1e-10 * scale, "H·v[\(i)]: \(fast.product[i]) vs graph \(graph.product[i])",
                    sourceLocation: sourceLocation)
            #expect(abs(fast.gradient[i] - graph.gradient[i]) <= 1e-10 * gscale, "gradient[\(i)]", sourceLocation: sourceLocation)
        }
    }

    @Test(arguments: [
        "tanh", "logistic", "relu", "leaky-relu", "prelu", "elu", "softplus", "swish", "swish:1:learned", "gelu", "gelu-tanh",
        "hard-tanh", "maxout", "maxout:3",
    ])
    func everyUnitKindAgreesWithTheAutodiffGraph(_ spec: String) throws {
        let unit = try UnitKind(parsing: spec)
        let net = Self.network([unit, unit], inputs: 3, outputs: 3, loss: .softmaxCrossEntropy, seed: 21)
        expectAgreement(Self.problem(net, rows: 17, seed: 22), seed: 23)
    }

    @Test(arguments: Loss.allCases)
    func everyLossAgreesWithTheAutodiffGraph(_ loss: Loss) throws {
        let outputs = loss == .binaryCrossEntropy ? 1 : 2
        let net = Self.network([try UnitKind(parsing: "tanh")], inputs: 2, outputs: outputs, loss: loss, seed: 31)
        expectAgreement(Self.problem(net, rows: 29, seed: 32), seed: 33)
    }

    @Test(arguments: ["tanh", "relu", "prelu", "maxout"])
    func batchNormalisedLayersAgreeWithTheAutodiffGraph(_ spec: String) throws {
        // Batch norm held in evaluation mode (running statistics), γ and β outside the vector.
        let unit = try UnitKind(parsing: spec)
        var net = Self.network([unit, unit], inputs: 3, outputs: 3, loss: .softmaxCrossEntropy, seed: 61)
        for l in 0..<2 {
            let width = net.layers[l].width
            net.layers[l].normalization = BatchNormalization(
                gamma: (0..<width).map { 0.6 + 0.1 * Double($0) }, beta: (0..<width).map { 0.05 * Double($0) - 0.1 },
                runningMean: (0..<width).map { 0.2 - 0.07 * Double($0) }, runningVariance: (0..<width).map { 0.5 + 0.2 * Double($0) })
        }
        let problem = Self.problem(net, rows: 23, seed: 62)
        #expect(problem.centre.count == net.parameterCount - 2 * (net.layers[0].width + net.layers[1].width))
        #expect(problem.hessianProducts().parameterCount == problem.centre.count)
        expectAgreement(problem, seed: 63)
    }

    @Test func aSplitOfSeveralChunksAgrees() throws {
        let net = Self.network([try UnitKind(parsing: "softplus")], inputs: 2, outputs: 3, loss: .softmaxCrossEntropy, seed: 41)
        let problem = Self.problem(net, rows: TrainingLoss.chunkRows * 2 + 37, seed: 42)
        #expect(problem.chunks.count == 3)
        expectAgreement(problem, seed: 43)
    }

    @Test func theEvaluatorReusedGivesTheSameProductsAndTheLoss() throws {
        let net = Self.network([try UnitKind(parsing: "tanh")], inputs: 2, outputs: 3, loss: .softmaxCrossEntropy, seed: 51)
        let problem = Self.problem(net, rows: 40, seed: 52)
        var draw = Draw(53)
        let u = Array(draw.matrix(1, problem.parameterCount).elements), v = Array(draw.matrix(1, problem.parameterCount).elements)
        var products = problem.hessianProducts()
        let first = products.product(along: u)
        _ = products.product(along: v)
        #expect(products.product(along: u) == first)
        var evaluator = problem.evaluator()
        #expect(abs(products.loss - evaluator.loss(at: problem.centre)) <= 1e-12)
        // Symmetry: uᵀ(Hv) = vᵀ(Hu).
        let hv = products.product(along: v)
        #expect(abs(Vector.dot(u, hv) - Vector.dot(v, first)) <= 1e-10 * max(1, abs(Vector.dot(u, hv))))
    }
}
