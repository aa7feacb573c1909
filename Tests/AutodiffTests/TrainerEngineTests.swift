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

    /// `tolerance`: batch normalisation's ∂L/∂z subtracts two batch means from ∂L/∂y, which cancels
    /// digits (differences up to 2e-11 relative measured), so its checks allow 1e-9.
    func compare(_ configuration: TrainingConfiguration, dataset: String? = nil, tolerance: Double = 1e-12, file: String = #filePath) throws {
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
                    let gamma = relativeDifference(reference[l].gamma, ws.gradients[l].gamma)
                    let beta = relativeDifference(reference[l].beta, ws.gradients[l].beta)
                    #expect(w <= tolerance && b <= tolerance && p <= tolerance && gamma <= tolerance && beta <= tolerance,
                            "\(c.activation.spec) layer \(l + 1) static \(isStatic): W \(w) b \(b) p \(p) γ \(gamma) β \(beta)")
                    #expect(reference[l].gamma.count == ws.gradients[l].gamma.count)
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

    @Test("batch normalisation: the graph's γ, β and weight gradients are backprop's",
          arguments: ["relu", "tanh", "prelu", "swish:1.3:learned", "maxout:3"])
    func batchNorm(_ unit: String) throws {
        for (dataset, loss) in [("spiral", "auto"), ("xor", "binary-cross-entropy"), ("sine", "mse")] {
            var c = TrainingConfiguration()
            try c.set("dataset", dataset)
            try c.set("loss", loss)
            try c.set("activation", unit)
            try c.set("layers", "6,5")
            try c.set("batch-norm", "on")
            c.biasInit = 0.05
            try compare(c, tolerance: 1e-9)
        }
    }

    @Test("batch norm in single precision: --engine autodiff and autodiff-static train as backprop does, to float precision")
    func batchNormTrajectories() throws {
        var c = TrainingConfiguration()
        try c.set("batch-norm", "on")
        try c.set("optimizer", "adam")
        try c.set("lr", "0.01")
        try c.set("batch", "18")  // 240 training rows: a last batch of 6 rows exercises the static re-run with fewer rows
        let backprop = try Trainer<Float>(configuration: c)
        let reference = backprop.run(epochs: 3)
        for isStatic in [false, true] {
            let autodiff = try Trainer<Float>(configuration: c)
            autodiff.gradientEngine = AutodiffGradientEngine<Float>(static: isStatic)
            let run = autodiff.run(epochs: 3)
            #expect(run.count == 3)
            for (x, y) in zip(reference, run) {
                #expect(abs(x.trainLoss - y.trainLoss) <= 1e-4 * abs(x.trainLoss), "static \(isStatic) epoch \(x.epoch): \(x.trainLoss) vs \(y.trainLoss)")
                #expect(abs(x.valLoss! - y.valLoss!) <= 1e-4 * abs(x.valLoss!), "static \(isStatic) epoch \(x.epoch): \(x.valLoss!) vs \(y.valLoss!)")
            }
            let a = backprop.network.layers[0].normalization!, b = autodiff.network.layers[0].normalization!
            #expect(relativeDifference(a.gamma.map(Double.init), b.gamma.map(Double.init)) <= 1e-4)
            #expect(relativeDifference(a.runningMean.map(Double.init), b.runningMean.map(Double.init)) <= 1e-4)
        }
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
