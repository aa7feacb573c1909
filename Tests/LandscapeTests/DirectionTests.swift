import LinearAlgebra
import NeuralNetwork
import Activations
import Testing
@testable import Landscape

@Suite struct DirectionTests {
    static func network() -> Network<Double> {
        var draw = Draw(21)
        return Network(layers: [
            Layer(unit: .activation(.init(.relu)), weights: draw.matrix(2, 4), bias: [0.1, 0.2, 0.3, 0.4]),
            Layer(unit: .activation(.init(.identity)), weights: draw.matrix(4, 3), bias: [1, 2, 3]),
        ], loss: .softmaxCrossEntropy)
    }

    @Test func randomDirectionsAreFilterNormalisedWithZeroBiases() {
        let net = Self.network()
        let d = PlaneDirections.random(for: net, seed: 5)
        #expect(d.first != d.second)
        for direction in [d.first, d.second] {
            var copy = net
            ParameterVector.assign(direction, into: &copy)
            for (layer, original) in zip(copy.layers, net.layers) {
                #expect(layer.bias.allSatisfy { $0 == 0 })
                for j in 0..<layer.weights.columns {
                    let dn = (0..<layer.weights.rows).reduce(0.0) { $0 + layer.weights[$1, j] * layer.weights[$1, j] }.squareRoot()
                    let wn = (0..<original.weights.rows).reduce(0.0) { $0 + original.weights[$1, j] * original.weights[$1, j] }.squareRoot()
                    #expect(abs(dn - wn) <= 1e-12 * wn)
                }
            }
        }
        #expect(PlaneDirections.random(for: net, seed: 5).first == d.first, "same seed, same directions")
        #expect(PlaneDirections.random(for: net, seed: 6).first != d.first)
    }

    @Test func pcaDirectionsAreOrthonormalAndExplainTheVariance() throws {
        var draw = Draw(22)
        let p = 30
        let centre = Array(draw.matrix(1, p).elements)
        let trajectory = (0..<12).map { _ in Array(draw.matrix(1, p).elements) } + [centre]
        let d = try PlaneDirections.pca(trajectory: trajectory, centre: centre)
        #expect(abs(Vector.norm(d.first) - 1) <= 1e-12)
        #expect(abs(Vector.norm(d.second) - 1) <= 1e-12)
        #expect(abs(Vector.dot(d.first, d.second)) <= 1e-12)
        let ev = try #require(d.explainedVariance)
        #expect(ev[0] >= ev[1] && ev[1] > 0 && ev[0] + ev[1] <= 1 + 1e-12)
    }

    @Test func aTrajectoryInAPlaneIsFoundAndProjectedExactly() throws {
        // Points centre + a·u + b·v with orthonormal u, v: all the variance, exact coordinates.
        let p = 8
        let u = [1.0, 0, 0, 0, 0, 0, 0, 0], v = [0, 0.6, 0.8, 0, 0, 0, 0, 0]
        let centre = [Double](repeating: 0.5, count: p)
        let coordinates: [(Double, Double)] = [(3, 1), (2, 0.5), (1.5, -0.2), (0.5, 0.4), (0.1, 0.05), (0, 0)]
        let trajectory = coordinates.map { Vector.adding(Vector.adding(centre, $0.0, u), $0.1, v) }
        let d = try PlaneDirections.pca(trajectory: trajectory, centre: centre)
        #expect(abs((d.explainedVariance![0] + d.explainedVariance![1]) - 1) <= 1e-12)
        for (point, (a, b)) in zip(trajectory, coordinates) {
            let (alpha, beta) = d.project(point, centre: centre)
            // The plane's basis is u, v up to rotation and sign: distances are preserved.
            #expect(abs((alpha * alpha + beta * beta) - (a * a + b * b)) <= 1e-9)
            let back = Vector.adding(Vector.adding(centre, alpha, d.first), beta, d.second)
            #expect(zip(back, point).allSatisfy { abs($0 - $1) <= 1e-9 })
        }
    }

    @Test func pcaNeedsThreeCheckpointsNotOnALine() {
        let centre = [0.0, 0, 0]
        #expect(throws: LandscapeError.notEnoughCheckpoints(2)) { try PlaneDirections.pca(trajectory: [[1, 2, 3], centre], centre: centre) }
        #expect(throws: LandscapeError.degenerateTrajectory) {
            try PlaneDirections.pca(trajectory: [[1, 1, 1], [2, 2, 2], [-3, -3, -3], centre], centre: centre)
        }
    }

    @Test func theGridsCentreIsTheCheckpointsLoss() throws {
        var draw = Draw(23)
        let net = Self.network()
        let problem = TrainingLoss(network: net, inputs: draw.matrix(20, 2), labels: (0..<20).map { Int32($0 % 3) }, targets: nil)
        let d = PlaneDirections.random(for: net, seed: 1)
        let grid = try #require(try LossGrid.compute(problem, centre: problem.centre, directions: d, points: 5, span: 1))
        var evaluator = problem.evaluator()
        #expect(grid.coordinate(2) == 0 && grid.coordinate(0) == -1 && grid.coordinate(4) == 1)
        #expect(grid.loss[2][2] == evaluator.loss(at: problem.centre))
        let corner = Vector.adding(Vector.adding(problem.centre, 1, d.first), -1, d.second)
        #expect(grid.loss[4][0] == evaluator.loss(at: corner))
        #expect(grid.csv.split(separator: "\n").count == 26)
        #expect(grid.csv.hasPrefix("alpha,beta,loss\n-1.0,-1.0,"))
    }

    @Test func theEvaluatorsLossIsTheAutodiffGraphsLoss() throws {
        var draw = Draw(24)
        let net = Self.network()
        let problem = TrainingLoss(network: net, inputs: draw.matrix(2000, 2), labels: (0..<2000).map { Int32($0 % 3) }, targets: nil)
        var evaluator = problem.evaluator()
        let viaGraph = problem.graphLoss(at: problem.centre)
        #expect(abs(evaluator.loss(at: problem.centre) - viaGraph) <= 1e-12 * viaGraph)
    }

    @Test func badGridsAndSpansAreRefused() {
        #expect(throws: LandscapeError.gridOutOfRange(2)) { try LossGrid.validate(points: 2, span: 1) }
        #expect(throws: LandscapeError.gridOutOfRange(202)) { try LossGrid.validate(points: 202, span: 1) }
        #expect(throws: LandscapeError.spanNotPositive(0)) { try LossGrid.validate(points: 3, span: 0) }
        #expect(throws: LandscapeError.spanNotPositive(-1)) { try LossGrid.validate(points: 3, span: -1) }
        #expect(LossGrid.scaledPoints(requested: 41, examples: 240, parameters: 371) == 41)
        #expect(LossGrid.scaledPoints(requested: 41, examples: 48_000, parameters: 100_000) == 3)
    }
}
