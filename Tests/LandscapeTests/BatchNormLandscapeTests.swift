import Activations
import LinearAlgebra
import NeuralNetwork
import Testing
@testable import Landscape

/// The landscape and curvature of a batch-normalised network: evaluation mode (running
/// statistics), γ and β held at the checkpoint's values (directions zero for them).
@Suite struct BatchNormLandscapeTests {
    static func network() -> Network<Double> {
        var draw = Draw(31)
        let bn = BatchNormalization<Double>(gamma: [1.2, 0.8, 1.5, 0.6], beta: [0.1, -0.2, 0.3, 0], runningMean: [0.2, -0.1, 0.4, 0.05],
                                            runningVariance: [0.7, 1.3, 0.4, 2])
        return Network(layers: [
            Layer(unit: .activation(.init(.tanh)), weights: draw.matrix(2, 4), bias: [0.1, 0.2, 0.3, 0.4], normalization: bn),
            Layer(unit: .activation(.init(.identity)), weights: draw.matrix(4, 3), bias: [1, 2, 3]),
        ], loss: .softmaxCrossEntropy)
    }

    @Test func theVectorLeavesGammaAndBetaOutAndTheyStayPut() {
        let net = Self.network()
        #expect(ParameterVector.count(of: net) == net.parameterCount - 8)
        let centre = ParameterVector.flatten(net)
        #expect(centre.count == ParameterVector.count(of: net))
        var moved = net
        ParameterVector.assign(centre.map { $0 + 1 }, into: &moved)
        #expect(moved.layers[0].normalization == net.layers[0].normalization)
        #expect(moved.layers[0].weights[0, 0] == net.layers[0].weights[0, 0] + 1)
        let d = PlaneDirections.random(for: net, seed: 3)
        #expect(d.first.count == centre.count)
    }

    @Test func theGridUsesTheRunningStatisticsAndAgreesWithTheGraph() throws {
        var draw = Draw(32)
        let net = Self.network()
        let x = draw.matrix(200, 2)
        let labels = (0..<200).map { Int32($0 % 3) }
        let problem = TrainingLoss(network: net, inputs: x, labels: labels, targets: nil)
        var evaluator = problem.evaluator()
        let hand = evaluator.loss(at: problem.centre)
        // Independent: evaluation mode written out.
        var ws = Workspace(for: net, batchCapacity: 200)
        net.forward(x, workspace: &ws, training: false, statistics: .running)
        let direct = labels.withUnsafeBufferPointer { net.loss.evaluate(logits: ws.output, labels: $0, targets: nil).lossSum } / 200
        #expect(abs(hand - direct) <= 1e-12 * direct)
        let viaGraph = problem.graphLoss(at: problem.centre)
        #expect(abs(hand - viaGraph) <= 1e-12 * viaGraph)
        #expect(problem.batchNormNote?.contains("γ, β and the running statistics stay") == true)
    }

    @Test func hessianVectorProductsMatchFiniteDifferencesWithBatchNormFixed() {
        var draw = Draw(33)
        let net = Self.network()
        let problem = TrainingLoss(network: net, inputs: draw.matrix(40, 2), labels: (0..<40).map { Int32($0 % 3) }, targets: nil)
        let centre = problem.centre
        let v = Array(draw.matrix(1, centre.count).elements)
        let (gradient, product) = problem.hessianVectorProduct(at: centre, along: v)
        let h = 1e-5
        // The graph's gradient against finite differences of the hand forward pass (evaluation mode).
        var evaluator = problem.evaluator()
        for k in stride(from: 0, to: centre.count, by: 3) {
            var up = centre, down = centre
            up[k] += h
            down[k] -= h
            #expect(abs((evaluator.loss(at: up) - evaluator.loss(at: down)) / (2 * h) - gradient[k]) <= 1e-8)
        }
        let plus = problem.hessianVectorProduct(at: Vector.adding(centre, h, v), along: v).gradient
        let minus = problem.hessianVectorProduct(at: Vector.adding(centre, -h, v), along: v).gradient
        for k in centre.indices {
            #expect(abs((plus[k] - minus[k]) / (2 * h) - product[k]) <= 1e-6 * max(1, abs(product[k])))
        }
    }
}
