import Activations
import LinearAlgebra
import NeuralNetwork
import Testing

@Suite("Backprop agrees with finite differences")
struct GradientCheckTests {
    static let units: [String] = ActivationKind.allCases.map(\.rawValue) + ["swish:1.5:learned", "elu:0.7", "leaky-relu:0.2", "maxout", "maxout:3"]

    @Test("every hidden unit kind, softmax cross-entropy", arguments: units)
    func everyActivation(unit: String) throws {
        let c = try Fixtures.configuration {
            try $0.set("activation", unit)
            try $0.set("layers", "5,4")
            $0.validationFraction = 0
            $0.biasInit = 0.1
        }
        let trainer = try Trainer<Double>(configuration: c)
        for r in trainer.gradientCheck(count: 12) {
            #expect(r.maxError < GradientCheck.tolerance, "layer \(r.layer) of \(unit): \(r.maxError)")
        }
    }

    @Test("binary cross-entropy with logits")
    func binaryCrossEntropy() throws {
        let c = try Fixtures.configuration {
            try $0.set("dataset", "xor")
            try $0.set("loss", "bce")
            try $0.set("activation", "tanh")
            try $0.set("layers", "4")
        }
        let trainer = try Trainer<Double>(configuration: c)
        #expect(trainer.network.outputs == 1)
        for r in trainer.gradientCheck(count: 16) { #expect(r.maxError < GradientCheck.tolerance) }
    }

    @Test("mean squared error on a regression dataset")
    func meanSquaredError() throws {
        let c = try Fixtures.configuration { try $0.set("activation", "prelu"); try $0.set("layers", "6,3") }
        let trainer = try Trainer<Double>(configuration: c, dataset: Fixtures.sine())
        #expect(trainer.loss == .meanSquaredError)
        for r in trainer.gradientCheck(count: 20) { #expect(r.maxError < GradientCheck.tolerance) }
    }

    @Test("a wrong gradient is caught")
    func detectsWrongGradient() throws {
        let c = try Fixtures.configuration { try $0.set("layers", "3"); try $0.set("activation", "tanh") }
        let trainer = try Trainer<Double>(configuration: c)
        let batch = trainer.sampleBatch(count: 8)
        var g = GradientCheck.backpropGradients(network: trainer.network, input: batch.input, labels: batch.labels, targets: batch.targets)
        g[0].weights.storage[0] += 1e-3
        let r = GradientCheck.compare(network: trainer.network, gradients: g, input: batch.input, labels: batch.labels, targets: batch.targets)
        #expect(r[0].maxError > 1e-4)
        #expect(r[1].maxError < GradientCheck.tolerance)
    }

    @Test("softmax cross-entropy stays finite for logits of ±1e4")
    func extremeLogits() {
        let logits = Matrix<Double>([[1e4, -1e4, 0], [-1e4, -1e4, 1e4]])
        var delta = Matrix<Double>(rows: 0, columns: 0)
        let labels: [Int32] = [1, 2]
        let r = labels.withUnsafeBufferPointer {
            Loss.softmaxCrossEntropy.evaluate(logits: logits, labels: $0, targets: nil, gradientInto: &delta, meanOver: 2)
        }
        #expect(r.lossSum == 2e4)
        #expect(delta.allFinite)
        #expect(r.correct == 1)
        let b = Matrix<Double>([[1e4], [-1e4]])
        let rb = [Int32(0), 0].withUnsafeBufferPointer { Loss.binaryCrossEntropy.evaluate(logits: b, labels: $0, targets: nil) }
        #expect(rb.lossSum == 1e4)
    }
}
