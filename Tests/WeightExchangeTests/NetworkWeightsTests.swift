import Activations
import Foundation
import LinearAlgebra
import NeuralNetwork
import Randomness
import Sessions
import Testing
import WeightFiles
@testable import WeightExchange

/// Networks with every kind of unit, random weights and unit parameters.
enum Fixtures {
    static let everyUnit: [UnitKind] = ActivationKind.allCases.filter { $0 != .identity }.map { kind in
        kind == .swish ? .activation(Activation(.swish, parameter: 1.5, learnable: true)) : .activation(Activation(kind, parameter: kind == .elu ? 0.7 : nil))
    } + [.maxout(pieces: 3), .activation(Activation(.swish, parameter: 0.8))]

    static func network(units: [UnitKind], inputs: Int = 3, width: Int = 5, outputs: Int = 3, loss: Loss = .softmaxCrossEntropy, seed: UInt64 = 7,
                        batchNorm: Bool = false) -> Network<Float> {
        var rng = SeededGenerator(seed: seed)
        var network = Network<Float>(inputs: inputs, hidden: Array(repeating: width, count: units.count), units: units, outputs: outputs,
                                     loss: loss, initializer: .xavier, biasInit: 0, batchNorm: batchNorm, rng: &rng)
        for l in network.layers.indices {
            for i in network.layers[l].bias.indices { network.layers[l].bias[i] = Float(rng.uniform(-0.5, 0.5)) }
            for i in network.layers[l].unitParameters.indices { network.layers[l].unitParameters[i] = Float(rng.uniform(0.05, 0.6)) + 0.5 * Float(i % 2) }
            guard let width = network.layers[l].normalization?.width else { continue }
            network.layers[l].normalization = BatchNormalization(
                gamma: (0..<width).map { _ in Float(rng.uniform(0.5, 1.5)) }, beta: (0..<width).map { _ in Float(rng.uniform(-0.5, 0.5)) },
                runningMean: (0..<width).map { _ in Float(rng.uniform(-1, 1)) }, runningVariance: (0..<width).map { _ in Float(rng.uniform(0.2, 3)) })
        }
        return network
    }

    static func weights(_ network: Network<Float>, classes: [String]? = ["a", "b,c", "d\"e"]) -> NetworkWeights {
        NetworkWeights(network: network, inputMean: (0..<network.inputs).map { 0.1 * Double($0) - 0.3 },
                       inputStd: (0..<network.inputs).map { 0.5 + Double($0) }, classNames: classes,
                       configuration: ["lr": "0.1"], source: "test")
    }

    static func rows(_ count: Int, inputs: Int, seed: UInt64 = 3) -> [Double] {
        var rng = SeededGenerator(seed: seed)
        return (0..<(count * inputs)).map { _ in rng.uniform(-3, 3) }
    }
}

@Suite struct NetworkWeightsTests {
    @Test(arguments: WeightFileFormat.allCases)
    func everyUnitKindRoundTripsBitForBit(format: WeightFileFormat) throws {
        let original = Fixtures.weights(Fixtures.network(units: Fixtures.everyUnit))
        let bytes = format.encode(original.archive(programVersion: "nnscope test"))
        let back = try NetworkWeights(archive: format.decode(bytes, name: "f"), name: "f")
        #expect(back == original)
        let raw = Fixtures.rows(50, inputs: 3)
        let a = original.predictions(raw: raw, count: 50), b = back.predictions(raw: raw, count: 50)
        #expect(a.map(\.bitPattern) == b.map(\.bitPattern))
    }

    @Test(arguments: WeightFileFormat.allCases)
    func batchNormRoundTripsBitForBit(format: WeightFileFormat) throws {
        let original = Fixtures.weights(Fixtures.network(units: Fixtures.everyUnit, batchNorm: true))
        let bytes = format.encode(original.archive(programVersion: "nnscope test"))
        let back = try NetworkWeights(archive: format.decode(bytes, name: "f"), name: "f")
        #expect(back == original)
        #expect(back.network.hasBatchNormalization)
        let raw = Fixtures.rows(50, inputs: 3)
        #expect(original.predictions(raw: raw, count: 50).map(\.bitPattern) == back.predictions(raw: raw, count: 50).map(\.bitPattern))
    }

    @Test func batchNormIsStoredAsTorchBatchNorm1dDoes() throws {
        let network = Fixtures.network(units: [.activation(Activation(.relu))], batchNorm: true)
        let archive = Fixtures.weights(network).archive(programVersion: "t")
        #expect(archive.tensors.map(\.name) == ["input.mean", "input.std", "layer1.weight", "layer1.bias", "layer1.norm.weight", "layer1.norm.bias",
                                                "layer1.norm.running_mean", "layer1.norm.running_var", "layer2.weight", "layer2.bias"])
        let bn = try #require(network.layers[0].normalization)
        #expect(archive["layer1.norm.weight"]?.floatValues == bn.gamma && archive["layer1.norm.running_var"]?.floatValues == bn.runningVariance)
        #expect(archive["layer1.norm.running_var"]?.shape == [5])
    }

    @Test func incompleteOrMisplacedBatchNormTensorsAreRefused() throws {
        let network = Fixtures.network(units: [.activation(Activation(.relu))], batchNorm: true)
        let archive = Fixtures.weights(network).archive(programVersion: "t")
        var partial = archive
        partial.tensors.removeAll { $0.name == "layer1.norm.running_mean" }
        #expect { _ = try NetworkWeights(archive: partial, name: "p") } throws: { "\($0)".contains("not all four") }
        var onOutput = archive
        onOutput.tensors.append(Tensor(name: "layer2.norm.weight", shape: [3], float32: [1, 1, 1]))
        #expect { _ = try NetworkWeights(archive: onOutput, name: "o") } throws: { "\($0)".contains("output layer cannot be batch-normalised") }
        var negative = archive
        let i = try #require(negative.tensors.firstIndex { $0.name == "layer1.norm.running_var" })
        negative.tensors[i] = Tensor(name: "layer1.norm.running_var", shape: [5], float32: [1, 1, -1, 1, 1])
        #expect { _ = try NetworkWeights(archive: negative, name: "n") } throws: { "\($0)".contains("running_var") }
    }

    @Test func weightsAreStoredAsTorchLinearDoes() throws {
        let network = Fixtures.network(units: [.activation(Activation(.prelu)), .maxout(pieces: 2)])
        let archive = Fixtures.weights(network).archive(programVersion: "t")
        #expect(archive.tensors.map(\.name) == ["input.mean", "input.std", "layer1.weight", "layer1.bias", "layer1.slope",
                                                "layer2.weight", "layer2.bias", "layer3.weight", "layer3.bias"])
        let w = try #require(archive["layer1.weight"])
        #expect(w.shape == [5, 3] && w.dtype == .float32)
        let values = w.floatValues
        for i in 0..<3 { for j in 0..<5 { #expect(values[j * 3 + i] == network.layers[0].weights[i, j]) } }
        #expect(archive["layer2.weight"]?.shape == [10, 5])  // maxout: 5 units × 2 pieces
        #expect(archive["layer1.slope"]?.floatValues == network.layers[0].unitParameters)
        #expect(archive["input.std"]?.dtype == .float64)
        #expect(archive.metadata("units") == "prelu:0.25;maxout;identity")
        #expect(archive.metadata("features") == "x1,x2,x3")
    }

    @Test func predictionsAreTheTrainersOwn() throws {
        var c = TrainingConfiguration()
        c.dataset = "moons"
        c.activation = .activation(Activation(.tanh))
        let trainer = try Trainer<Float>(configuration: c)
        trainer.run(epochs: 3)
        let weights = NetworkWeights(network: trainer.network, inputMean: trainer.featureMean, inputStd: trainer.featureScale,
                                     classNames: nil, source: "t")
        let raw = Fixtures.rows(40, inputs: 2)
        #expect(weights.predictions(raw: raw, count: 40).map(\.bitPattern) == trainer.predict(points: raw, count: 40).map(\.bitPattern))
    }

    static func archive(_ edit: (inout TensorArchive) -> Void) -> TensorArchive {
        var a = Fixtures.weights(Fixtures.network(units: [.activation(Activation(.prelu)), .activation(Activation(.relu))])).archive(programVersion: "t")
        edit(&a)
        return a
    }

    static func replace(_ a: inout TensorArchive, _ name: String, _ tensor: Tensor?) {
        let i = a.tensors.firstIndex { $0.name == name }!
        if let tensor { a.tensors[i] = tensor } else { a.tensors.remove(at: i) }
    }

    @Test(arguments: [
        ("layer1.weight missing", "no tensor layer1.weight"),
        ("layer2.bias missing", "layer2.bias is missing"),
        ("layer1.slope missing", "layer1.slope is missing"),
        ("layer1.slope short", "layer1.slope has 2 values, expected 5"),
        ("layer2.weight wide", "takes 4 inputs but layer 1 has 5 units"),
        ("layer1.bias long", "layer1.bias has 6 values"),
        ("rank", "expected 2 dimensions"),
        ("unknown", "'layer1.gamma' is not one nnscope reads"),
        ("partial batch norm", "has some of layer1.norm.weight, .bias, .running_mean, .running_var but not all four"),
        ("std zero", "input.std finite and positive"),
        ("mean short", "input.mean has 1 values"),
        ("nan weight", "not finite"),
        ("units count", "metadata names 2 layers"),
    ])
    func badNetworksAreExplained(edit: String, words: String) {
        let a = NetworkWeightsTests.archive { a in
            switch edit {
            case "layer1.weight missing": NetworkWeightsTests.replace(&a, "layer1.weight", nil)
            case "layer2.bias missing": NetworkWeightsTests.replace(&a, "layer2.bias", nil)
            case "layer1.slope missing": NetworkWeightsTests.replace(&a, "layer1.slope", nil)
            case "layer1.slope short": NetworkWeightsTests.replace(&a, "layer1.slope", Tensor(name: "layer1.slope", shape: [2], float32: [1, 2]))
            case "layer2.weight wide": NetworkWeightsTests.replace(&a, "layer2.weight", Tensor(name: "layer2.weight", shape: [5, 4], float32: Array(repeating: 0, count: 20)))
            case "layer1.bias long": NetworkWeightsTests.replace(&a, "layer1.bias", Tensor(name: "layer1.bias", shape: [6], float32: Array(repeating: 0, count: 6)))
            case "rank": NetworkWeightsTests.replace(&a, "layer1.weight", Tensor(name: "layer1.weight", shape: [15], float32: Array(repeating: 0, count: 15)))
            case "unknown": a.tensors.append(Tensor(name: "layer1.gamma", shape: [5], float32: Array(repeating: 1, count: 5)))
            case "partial batch norm": a.tensors.append(Tensor(name: "layer1.norm.weight", shape: [5], float32: Array(repeating: 1, count: 5)))
            case "std zero": NetworkWeightsTests.replace(&a, "input.std", Tensor(name: "input.std", shape: [3], float64: [1, 0, 1]))
            case "mean short": NetworkWeightsTests.replace(&a, "input.mean", Tensor(name: "input.mean", shape: [1], float64: [1]))
            case "nan weight": NetworkWeightsTests.replace(&a, "layer3.bias", Tensor(name: "layer3.bias", shape: [3], float32: [0, .nan, 0]))
            default: a.metadata = a.metadata.map { $0.key == "units" ? ("units", "relu;identity") : $0 }
            }
        }
        #expect { try NetworkWeights(archive: a, name: "w.npz") } throws: { "\($0)".contains(words) }
    }

    @Test func filesFromElsewhereTakeUnitsAndLossFromTheCaller() throws {
        // A PyTorch-style file: only layerN.weight and layerN.bias, no metadata.
        let a = TensorArchive(tensors: [Tensor(name: "layer1.weight", shape: [2, 1], float32: [1, -1]),
                                        Tensor(name: "layer1.bias", shape: [2], float32: [0, 0]),
                                        Tensor(name: "layer2.weight", shape: [1, 2], float64: [2, 3]),
                                        Tensor(name: "layer2.bias", shape: [1], float32: [0.5])])
        let w = try NetworkWeights(archive: a, name: "t.safetensors", hiddenUnits: { _ in .activation(Activation(.relu)) })
        #expect(w.network.loss == .meanSquaredError && w.classNames == nil && w.inputMean == [0] && w.inputStd == [1])
        // relu(x), relu(-x) → 2·relu(x) + 3·relu(−x) + 0.5
        #expect(w.predictions(raw: [2, -1], count: 2) == [4.5, 3.5])
    }

    @Test func featureTermsParseAndEvaluate() {
        #expect(FeatureTerm(parsing: "x2") == .input(1))
        #expect(FeatureTerm(parsing: "x1^2") == .square(0))
        #expect(FeatureTerm(parsing: "x1*x2") == .product(0, 1))
        #expect(FeatureTerm(parsing: "sin(x2)") == .sine(1))
        #expect(FeatureTerm(parsing: "cos(x1)")?.value([0]) == 1)
        #expect(FeatureTerm(parsing: "tan(x1)") == nil && FeatureTerm(parsing: "x0") == nil)
    }

    @Test func predictionTablesPrintClassesAndValues() {
        let w = Fixtures.weights(Fixtures.network(units: [.activation(Activation(.tanh))]))
        let table = PredictionTable(weights: w, raw: Fixtures.rows(2, inputs: 3), rows: 2)
        let lines = table.csv.split(separator: "\n").map(String.init)
        #expect(lines[0] == "class,p_a,\"p_b,c\",\"p_d\"\"e\"")
        #expect(lines.count == 3)
        let fields = lines[1].split(separator: ",")
        let p = fields.suffix(3).map { Double($0)! }
        #expect(abs(p.reduce(0, +) - 1) < 1e-12)
        #expect(table.text.hasPrefix("row 1: class "))
        #expect(PredictionTable.short(2.4357972733751137e-05) == "2.436e-5" && PredictionTable.short(0.51008) == "0.5101"
                && PredictionTable.short(1234567) == "1.235e6" && PredictionTable.short(-3) == "-3")
    }
}
