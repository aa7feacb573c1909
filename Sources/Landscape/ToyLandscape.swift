import Activations
import LinearAlgebra
import NeuralNetwork

/// A landscape one can see whole: the 1-1-1 network ŷ = w₂·tanh(w₁·x) (biases held at 0) with
/// mean squared error on four points made by w₁ = 0.8, w₂ = 1.5. Its loss over (w₁, w₂) is the
/// entire model: two global minima, ±(0.8, 1.5) (the sign of tanh's input and output can flip
/// together), and a saddle at the origin between them, where the Hessian is [[0, −c], [−c, 0]].
/// The paths of SGD, momentum and Adam start at the same point and use the project's optimiser;
/// each step uses all four points, so the paths are deterministic.
public enum ToyLandscape {
    public static let inputs: [Double] = [-2, -1, 1, 2]
    public static let truth = (w1: 0.8, w2: 1.5)
    public static var targets: [Double] { inputs.map { truth.w2 * Double.tanh(truth.w1 * $0) } }
    /// Where every optimiser starts: just off the saddle's ridge, on the far side of the minima.
    public static let start = (w1: -0.15, w2: 0.1)
    public static let steps = 150
    public static let defaultSpan = 3.0

    public struct CriticalPoint: Sendable {
        public var name: String
        public var w1: Double, w2: Double
        public var curvature: Curvature
    }

    public struct Path: Sendable {
        public var optimizer: OptimizerKind
        public var learningRate: Double
        /// (w1, w2, loss) after 0, 1, ... steps.
        public var points: [(w1: Double, w2: Double, loss: Double)]
    }

    /// The 1-1-1 network at (w1, w2), biases 0, on the four points.
    public static func problem(w1: Double = 0, w2: Double = 0) -> TrainingLoss {
        let network = Network<Double>(layers: [
            Layer(unit: .activation(Activation(.tanh)), weights: Matrix(rows: 1, columns: 1, elements: [w1]), bias: [0]),
            Layer(unit: .activation(Activation(.identity)), weights: Matrix(rows: 1, columns: 1, elements: [w2]), bias: [0]),
        ], loss: .meanSquaredError)
        return TrainingLoss(network: network, inputs: Matrix(rows: 4, columns: 1, elements: inputs),
                            labels: [0, 0, 0, 0], targets: Matrix(rows: 4, columns: 1, elements: targets))
    }

    /// Flat parameters of the network at (w1, w2): [W1, b1, W2, b2].
    static func flat(_ w1: Double, _ w2: Double) -> [Double] { [w1, 0, w2, 0] }

    /// The surface over w1, w2 ∈ [−span, span].
    public static func surface(points: Int, span: Double) throws(LandscapeError) -> LossGrid {
        let p = problem()
        let d = PlaneDirections(kind: .random, first: [1, 0, 0, 0], second: [0, 0, 1, 0])
        return try LossGrid.compute(p, centre: flat(0, 0), directions: d, points: points, span: span)!
    }

    /// Gradient of the loss with respect to (w1, w2), by reverse-mode autodiff.
    static func gradient(_ w1: Double, _ w2: Double) -> (Double, Double) {
        let g = problem().hessianVectorProduct(at: flat(w1, w2), along: [0, 0, 0, 0]).gradient
        return (g[0], g[2])
    }

    /// The 2×2 Hessian's eigenvalues at (w1, w2) (biases fixed), by Lanczos on exact products.
    public static func curvature(_ w1: Double, _ w2: Double) -> Curvature {
        let p = problem()
        return Curvature.compute(parameters: 2, top: 1) { v in
            let hv = p.hessianVectorProduct(at: flat(w1, w2), along: [v[0], 0, v[1], 0]).product
            return [hv[0], hv[2]]
        }!
    }

    public static var criticalPoints: [CriticalPoint] {
        [("minimum", truth.w1, truth.w2), ("minimum", -truth.w1, -truth.w2), ("saddle", 0, 0)].map {
            CriticalPoint(name: $0.0, w1: $0.1, w2: $0.2, curvature: curvature($0.1, $0.2))
        }
    }

    /// The learning rates the toy uses (each optimiser's own sensible size).
    public static func learningRate(_ kind: OptimizerKind) -> Double {
        switch kind {
        case .sgd: return 0.1
        case .momentum: return 0.02
        case .adam: return 0.05
        }
    }

    /// `steps` updates of each optimiser from `start`, through the project's `Optimizer`.
    public static func path(_ kind: OptimizerKind, steps: Int = steps) -> Path {
        var settings = OptimizerSettings()
        settings.kind = kind
        settings.learningRate = learningRate(kind)
        var evaluator = problem().evaluator()
        var current = problem(w1: start.w1, w2: start.w2).network
        var next = current
        var optimizer = Optimizer(settings: settings, network: current)
        func here() -> (Double, Double, Double) {
            let w1 = current.layers[0].weights[0, 0], w2 = current.layers[1].weights[0, 0]
            return (w1, w2, evaluator.loss(at: flat(w1, w2)))
        }
        var points = [here()]
        for _ in 0..<steps {
            let (g1, g2) = gradient(current.layers[0].weights[0, 0], current.layers[1].weights[0, 0])
            // Biases get a zero gradient, so every optimiser leaves them at 0.
            let gradients = [LayerGradients(weights: Matrix(rows: 1, columns: 1, elements: [g1]), bias: [0], unitParameters: []),
                             LayerGradients(weights: Matrix(rows: 1, columns: 1, elements: [g2]), bias: [0], unitParameters: [])]
            optimizer.update(from: current, into: &next, with: gradients)
            swap(&current, &next)
            points.append(here())
        }
        return Path(optimizer: kind, learningRate: settings.learningRate, points: points.map { (w1: $0.0, w2: $0.1, loss: $0.2) })
    }

    /// `series,step,w1,w2,loss`: the surface (series `surface`, step empty), then each path.
    public static func csv(surface: LossGrid, paths: [Path]) -> String {
        var lines = ["series,step,w1,w2,loss"]
        for i in 0..<surface.points {
            for j in 0..<surface.points { lines.append("surface,,\(surface.coordinate(i)),\(surface.coordinate(j)),\(surface.loss[i][j])") }
        }
        for p in paths {
            for (step, q) in p.points.enumerated() { lines.append("\(p.optimizer.rawValue),\(step),\(q.w1),\(q.w2),\(q.loss)") }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
