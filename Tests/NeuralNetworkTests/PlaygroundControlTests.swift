import Foundation
import Datasets
import NeuralNetwork
import Testing

@Suite("Playground's controls: no hidden layer, noise, data seed, input features, L1")
struct PlaygroundControlTests {
    private func configuration(_ pairs: [(String, String)]) throws -> TrainingConfiguration {
        var c = TrainingConfiguration()
        for (key, value) in pairs { try c.set(key, value) }
        return c
    }

    @Test("'none' is the one way to ask for no hidden layer; 0 is refused wherever it appears")
    func layersNoneRule() throws {
        var c = TrainingConfiguration()
        try c.set("layers", "none")
        #expect(c.hidden.isEmpty)
        #expect(c.hiddenUnitsDescription == "no hidden layer")
        for bad in ["0", "16,0,16", "0,16"] {
            var d = TrainingConfiguration()
            #expect(throws: NetworkError.self) { try d.set("layers", bad) }
            #expect(d == TrainingConfiguration(), "a refused value changes nothing")
            do { try d.set("layers", bad) } catch { #expect("\(error)".contains("write 'none'")) }
        }
    }

    @Test("circle: a linear model separates it on x1², x2² (≥ 95% validation accuracy) but not on x1, x2")
    func circleNeedsSquaredFeatures() throws {
        func validationAccuracy(_ features: String) throws -> Double {
            let c = try configuration([("dataset", "circle"), ("layers", "none"), ("features", features), ("lr", "0.1")])
            let trainer = try Trainer<Float>(configuration: c)
            let metrics = trainer.run(epochs: 100)
            return try #require(metrics.last?.valAccuracy)
        }
        #expect(try validationAccuracy("x1^2,x2^2") >= 0.95)
        #expect(try validationAccuracy("x1,x2") < 0.8)
    }

    @Test("a linear model is softmax regression: its prediction is softmax(W·x + b) by hand")
    func linearModelPrediction() throws {
        let c = try configuration([("dataset", "spiral"), ("layers", "none")])
        let trainer = try Trainer<Double>(configuration: c)
        trainer.run(epochs: 3)
        let layer = try #require(trainer.network.layers.first)
        #expect(trainer.network.layers.count == 1)
        let point = [0.3, -0.7]
        let z = (0..<3).map { k in layer.bias[k] + point[0] * layer.weights[0, k] + point[1] * layer.weights[1, k] }
        let m = z.max()!
        let e = z.map { exp($0 - m) }
        let expected = e.map { $0 / e.reduce(0, +) }
        let predicted = trainer.predict(points: point, count: 1)
        for k in 0..<3 { #expect(abs(predicted[k] - expected[k]) < 1e-12) }
        for check in trainer.gradientCheck() { #expect(check.maxError < GradientCheck.tolerance) }
    }

    @Test("features are computed from the points, then standardised with the training split's statistics")
    func featuresThenStandardisation() throws {
        let c = try configuration([("dataset", "xor"), ("features", "x1*x2,sin(x1),cos(x2)"), ("val", "0")])
        let trainer = try Trainer<Double>(configuration: c)
        #expect(trainer.network.layers[0].weights.rows == 3)
        let dataset = trainer.dataset
        #expect(dataset.features == 2, "the dataset keeps its raw points")
        // Column means and deviations of the transformed inputs, computed here independently.
        for (j, feature) in [InputFeature.x1TimesX2, .sinX1, .cosX2].enumerated() {
            let values = (0..<dataset.count).map { feature.value(dataset.inputs[2 * $0], dataset.inputs[2 * $0 + 1]) }
            let mean = values.reduce(0, +) / Double(values.count)
            let sd = (values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count)).squareRoot()
            #expect(abs(trainer.featureMean[j] - mean) < 1e-12)
            #expect(abs(trainer.featureScale[j] - sd) < 1e-12)
        }
        let x = trainer.networkInputs(points: [0.5, -0.25], count: 1)
        #expect(abs(x[0, 0] - (0.5 * -0.25 - trainer.featureMean[0]) / trainer.featureScale[0]) < 1e-12)
        #expect(abs(x[0, 2] - (cos(-0.25) - trainer.featureMean[2]) / trainer.featureScale[2]) < 1e-12)
    }

    @Test("bad features, noise and L1 are refused with what is allowed, and change nothing", arguments: [
        ("features", "x3", "unknown feature 'x3'"),
        ("features", "x1,x1", "given twice"),
        ("noise", "0.6", "must be from 0 to 0.5"),
        ("noise", "-0.1", "must be from 0 to 0.5"),
        ("l1", "-1", "must be from 0 to 1000000"),
        ("data-seed", "-3", "whole number"),
    ])
    func badValues(key: String, value: String, message: String) throws {
        var c = TrainingConfiguration()
        do {
            try c.set(key, value)
            Issue.record("\(key) \(value) was accepted")
        } catch {
            #expect("\(error)".contains(message), "\(error)")
        }
        #expect(c == TrainingConfiguration())
    }

    @Test("features on a dataset that is not 2-D, and noise on a spec that sets its own, are refused by the experiment")
    func refusedByExperiment() throws {
        let experiment = try Experiment(configuration: try configuration([("dataset", "sine")]))
        let before = experiment.configuration
        #expect(throws: NetworkError.self) { try experiment.set("features", "x1^2") }
        do { try experiment.set("features", "x1^2") } catch { #expect("\(error)".contains("need a 2-D dataset")) }
        #expect(experiment.configuration == before)
        try experiment.set("dataset", "circle:noise=0.1")
        #expect(throws: NetworkError.self) { try experiment.set("noise", "0.2") }
        #expect(experiment.configuration.noise == nil)
    }

    @Test("noise is the share of the spread: 0 gives the clean points, more noise spreads them; the data seed moves only the data")
    func noiseAndDataSeed() throws {
        let clean = try Trainer<Double>(configuration: try configuration([("dataset", "circle"), ("noise", "0")])).dataset
        let reference = SyntheticKind.circle.generate(noise: 0, seed: 1)
        #expect(clean.inputs == reference.inputs)
        let noisy = try Trainer<Double>(configuration: try configuration([("dataset", "circle"), ("noise", "0.5")])).dataset
        let differences = zip(clean.inputs, noisy.inputs).map { $0 - $1 }
        let rms = (differences.map { $0 * $0 }.reduce(0, +) / Double(differences.count)).squareRoot()
        // Each coordinate of the clean circle has a spread of about 0.5, so 0.5 of it is about 0.25.
        #expect(rms > 0.18 && rms < 0.32, "rms \(rms)")
        let sine = try Trainer<Double>(configuration: try configuration([("dataset", "sine"), ("noise", "0.2")])).dataset
        #expect(sine.inputs == SyntheticKind.sine.generate(noise: 0, seed: 1).inputs, "regression noise goes into the target")

        let a = try Trainer<Double>(configuration: try configuration([("data-seed", "7")]))
        let b = try Trainer<Double>(configuration: try configuration([("data-seed", "7"), ("seed", "2")]))
        let d = try Trainer<Double>(configuration: try configuration([("data-seed", "8")]))
        #expect(a.dataset.inputs == b.dataset.inputs)
        #expect(a.network != b.network)
        #expect(a.dataset.inputs != d.dataset.inputs)
        #expect(a.network == d.network)
    }

    @Test("L1 drives weights to exact zeros; the zero-weight share is reported per layer only while L1 is on")
    func l1ExactZeros() throws {
        let c = try configuration([("dataset", "xor"), ("layers", "8"), ("l1", "0.01"), ("lr", "0.1")])
        let trainer = try Trainer<Float>(configuration: c)
        let metrics = trainer.run(epochs: 40)
        let last = try #require(metrics.last)
        for (l, layer) in trainer.network.layers.enumerated() {
            let zeros = layer.weights.elements.filter { $0 == 0 }.count
            #expect(last.layers[l].zeroWeightFraction == Double(zeros) / Double(layer.weights.count))
        }
        #expect(trainer.network.layers.contains { $0.weights.elements.contains(0) }, "L1 makes exact zeros")
        let plain = try Trainer<Float>(configuration: try configuration([("dataset", "xor"), ("layers", "8")]))
        #expect(plain.run(epochs: 2).last?.layers.allSatisfy { $0.zeroWeightFraction == nil } == true)
    }

    @Test("one L1 step follows the documented update exactly")
    func l1UpdateRule() throws {
        let c = try configuration([("dataset", "xor:points=20"), ("layers", "none"), ("l1", "0.5"), ("lr", "0.1"),
                                   ("batch", "16"), ("val", "0")])
        let withL1 = try Trainer<Double>(configuration: c)
        var withoutConfiguration = c
        try withoutConfiguration.set("l1", "0")
        let without = try Trainer<Double>(configuration: withoutConfiguration)
        let before = withL1.network.layers[0].weights.elements
        withL1.stepBatch()
        without.stepBatch()
        let stepped = without.network.layers[0].weights.elements
        let after = withL1.network.layers[0].weights.elements
        for i in before.indices {
            let sign: Double = before[i] > 0 ? 1 : before[i] < 0 ? -1 : 0
            let penalised = stepped[i] - 0.1 * 0.5 * sign
            #expect(after[i] == (stepped[i] * penalised < 0 ? 0 : penalised))
        }
        #expect(withL1.network.layers[0].bias == without.network.layers[0].bias, "biases get no L1")
    }
}
