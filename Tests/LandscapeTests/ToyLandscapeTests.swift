import NeuralNetwork
import Testing
@testable import Landscape

@Suite struct ToyLandscapeTests {
    @Test func theOriginIsASaddleWithTheClosedFormEigenvalues() {
        // At w = 0 every first derivative of ŷ vanishes and ∂²ŷ/∂w1∂w2 = x, so H = [[0, −c], [−c, 0]]
        // with c = (1/N) Σ x·y: eigenvalues ±c.
        let c = zip(ToyLandscape.inputs, ToyLandscape.targets).reduce(0) { $0 + $1.0 * $1.1 } / Double(ToyLandscape.inputs.count)
        let saddle = ToyLandscape.curvature(0, 0)
        #expect(saddle.verdict == .saddle)
        #expect(abs(saddle.largest[0] - c) <= 1e-12 * c)
        #expect(abs(saddle.smallest[0] + c) <= 1e-12 * c)
    }

    @Test func theTwoMinimaAreMinimaWithZeroLossAndTheSameCurvature() {
        let points = ToyLandscape.criticalPoints
        #expect(points.map(\.name) == ["minimum", "minimum", "saddle"])
        #expect(points[0].curvature.verdict == .minimum && points[1].curvature.verdict == .minimum)
        #expect(abs(points[0].curvature.largest[0] - points[1].curvature.largest[0]) <= 1e-12)
        var evaluator = ToyLandscape.problem().evaluator()
        #expect(evaluator.loss(at: [0.8, 0, 1.5, 0]) == 0)
        #expect(evaluator.loss(at: [-0.8, 0, -1.5, 0]) == 0)
        // The gradient vanishes at all three.
        for p in points {
            let (g1, g2) = ToyLandscape.gradient(p.w1, p.w2)
            #expect(abs(g1) <= 1e-15 && abs(g2) <= 1e-15)
        }
    }

    @Test func everyOptimiserLeavesTheSaddleAndDescends() {
        for kind in OptimizerKind.allCases {
            let path = ToyLandscape.path(kind)
            #expect(path.points.count == ToyLandscape.steps + 1)
            #expect(path.points[0].w1 == ToyLandscape.start.w1 && path.points[0].w2 == ToyLandscape.start.w2)
            #expect(path.points.last!.loss < 0.01 * path.points[0].loss, "\(kind) ended at loss \(path.points.last!.loss)")
        }
        // The paths are the same every time (same start, full batch).
        #expect(ToyLandscape.path(.adam).points.last!.w1 == ToyLandscape.path(.adam).points.last!.w1)
    }

    @Test func theSurfaceIsSymmetricUnderFlippingBothSigns() throws {
        let grid = try ToyLandscape.surface(points: 9, span: 2)
        for i in 0..<9 { for j in 0..<9 { #expect(grid.loss[i][j] == grid.loss[8 - i][8 - j]) } }
    }
}
