import Activations
import Autodiff
import LinearAlgebra
import NeuralNetwork
import Testing

@Suite("The trainer's engines agree: backprop, autodiff, autodiff-static")
struct TrainerEngineTests {
    /// Largest |a − b| over a tensor, relative to the tensor's largest magnitude.
    func relativeDifference(_ a: [Double], _ b: [Double]) -> Double {
        let scale = max(a.map(abs).max() ?? 0, b.map(abs).max() ?? 0, 1e-300)
        return zip(a, b).map { abs($0 - $1) }.max().map { $0 / scale } ?? 0
    }

    func compare(_ configuration: TrainingConfiguration, dataset: String? = nil, file: String = #filePath) throws {
        var c = configuration
        if let dataset { c.dataset = dataset }
        let trainer = try Trainer<Double>(configuration: c)
        let batch = trainer.sampleBatch(count: 12)
        let reference = GradientCheck.backpropGradients(network: trainer.network, input: batch.input,
                                                        labels: batch.labels, targets: batch.targets)
        for isStatic in [false, true] {
            let engine = AutodiffGradientEngine<Double>(static: isStatic)
            var ws = Workspace(for: trainer.network, batchCapacity: 12)
            for _ in 0..<2 {  // the static engine's second call re-runs its recorded graph
                try engine.computeGradients(network: trainer.network, input: batch.input, labels: batch.labels,
                                            targets: batch.targets, workspace: &ws)
                for l in reference.indices {
                    let w = relativeDifference(reference[l].weights.storage, ws.gradients[l].weights.storage)
                    let b = relativeDifference(reference[l].bias, ws.gradients[l].bias)
                    let p = relativeDifference(reference[l].unitParameters, ws.gradients[l].unitParameters)
                    #expect(w <= 1e-12 && b <= 1e-12 && p <= 1e-12,
                            "\(c.activation.spec) layer \(l + 1) static \(isStatic): W \(w) b \(b) p \(p)")
                }
            }
        }
    }

    @Test("every hidden unit kind", arguments: ActivationKind.allCases.map(\.rawValue) + ["swish:1.3:learned", "maxout", "maxout:3"])
    func everyUnit(_ unit: String) throws {
        var c = TrainingConfiguration()
        try c.set("activation", unit)
        try c.set("layers", "6,5")
        c.biasInit = 0.05
        try compare(c)
    }

    @Test("every loss and several shapes",
          arguments: [("spiral", "softmax-cross-entropy", "8"), ("xor", "binary-cross-entropy", "4,4,4"),
                      ("sine", "mse", "16,8"), ("moons", "softmax-cross-entropy", "none"), ("circle", "auto", "3,7,2,9")])
    func lossesAndShapes(dataset: String, loss: String, layers: String) throws {
        var c = TrainingConfiguration()
        try c.set("dataset", dataset)
        try c.set("loss", loss)
        try c.set("layers", layers)
        try c.set("activation", "tanh")
        try compare(c)
    }

    @Test("training with autodiff follows the same trajectory as backprop")
    func trajectories() throws {
        var c = TrainingConfiguration()
        try c.set("activation", "elu")
        let backprop = try Trainer<Double>(configuration: c)
        let autodiff = try Trainer<Double>(configuration: c)
        autodiff.gradientEngine = AutodiffGradientEngine<Double>(static: true)
        let a = backprop.run(epochs: 3), b = autodiff.run(epochs: 3)
        for (x, y) in zip(a, b) {
            #expect(abs(x.trainLoss - y.trainLoss) <= 1e-9 * abs(x.trainLoss))
        }
    }
}
