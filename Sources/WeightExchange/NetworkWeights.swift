import Activations
import JSON
import LinearAlgebra
import NeuralNetwork
import WeightFiles

/// A complete network as other programs see it: the layers' weights, the input pipeline (feature
/// transform, then standardisation) and what the outputs mean. `archive` names every tensor the way
/// `torch.nn.Linear` stores it; `init(archive:)` reads the same names back, bit for bit.
///
/// Tensor names (documented in the README, "Leaving nnscope"):
/// - `input.mean`, `input.std` (float64, [inputs]): x' = (x − mean) / std, per network input column;
/// - `layerN.weight` (float32, [width, fan_in]), `layerN.bias` ([width]) for N = 1 … (the last is the
///   output layer); for maxout, width = units × pieces and rows u·k ..< (u+1)·k are unit u's pieces;
/// - `layerN.slope` ([units]) for PReLU, `layerN.beta` ([1]) for swish with a learned β;
/// - batch-normalised hidden layers: `layerN.norm.weight` (γ), `layerN.norm.bias` (β),
///   `layerN.norm.running_mean`, `layerN.norm.running_var` (float32, [width]; torch.nn.BatchNorm1d's
///   names and meaning: the running variance is the unbiased one, ε = 1e-5).
public struct NetworkWeights: Sendable, Equatable {
    public var network: Network<Float>
    public var inputMean: [Double]
    public var inputStd: [Double]
    /// The network's input columns as terms of the raw inputs x1, x2, …: "x1", "x1^2", "sin(x2)".
    public var features: [String]
    /// Number of raw input columns the features are computed from.
    public var rawInputs: Int
    /// Class names for classification; nil for regression.
    public var classNames: [String]?
    /// The nnscope settings the network was trained with (empty for files from elsewhere).
    public var configuration: [String: String]
    /// Where it came from ("run.jsonl, generation 1, epoch 200").
    public var source: String

    public init(network: Network<Float>, inputMean: [Double], inputStd: [Double], features: [String]? = nil, rawInputs: Int? = nil,
                classNames: [String]?, configuration: [String: String] = [:], source: String) {
        self.network = network
        self.inputMean = inputMean
        self.inputStd = inputStd
        self.features = features ?? (0..<network.inputs).map { "x\($0 + 1)" }
        self.rawInputs = rawInputs ?? network.inputs
        self.classNames = classNames
        self.configuration = configuration
        self.source = source
    }

    public static let formatName = "nnscope-weights"

    /// The unit of layer `l` as a spec ("relu", "elu:0.5", "maxout:3", "identity" for the output).
    public func unitSpec(_ l: Int) -> String { network.layers[l].unit.spec }

    // MARK: Writing

    public func archive(programVersion: String) -> TensorArchive {
        var tensors = [Tensor(name: "input.mean", shape: [inputMean.count], float64: inputMean),
                       Tensor(name: "input.std", shape: [inputStd.count], float64: inputStd)]
        for (l, layer) in network.layers.enumerated() {
            let n = l + 1
            let fanIn = layer.weights.rows, width = layer.weights.columns
            var transposed = [Float](repeating: 0, count: fanIn * width)
            for i in 0..<fanIn { for j in 0..<width { transposed[j * fanIn + i] = layer.weights.storage[i * width + j] } }
            tensors.append(Tensor(name: "layer\(n).weight", shape: [width, fanIn], float32: transposed))
            tensors.append(Tensor(name: "layer\(n).bias", shape: [width], float32: layer.bias))
            if let name = NetworkWeights.unitParameterName(layer.unit) {
                tensors.append(Tensor(name: "layer\(n).\(name)", shape: [layer.unitParameters.count], float32: layer.unitParameters))
            }
            if let bn = layer.normalization {
                for (suffix, values) in NetworkWeights.normalizationTensors {
                    tensors.append(Tensor(name: "layer\(n).norm.\(suffix)", shape: [width], float32: values(bn)))
                }
            }
        }
        var metadata: [(key: String, value: String)] = [
            ("format", NetworkWeights.formatName), ("version", "1"), ("program", programVersion), ("source", source),
            ("loss", network.loss.rawValue), ("units", network.layers.map(\.unit.spec).joined(separator: ";")),
            ("inputs", String(rawInputs)), ("features", features.joined(separator: ",")),
        ]
        if let classNames { metadata.append(("classes", JSONValue.array(classNames.map { .string($0) }).serialized)) }
        if !configuration.isEmpty {
            metadata.append(("configuration", JSONValue.object(configuration.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) }).serialized))
        }
        return TensorArchive(tensors: tensors, metadata: metadata)
    }

    /// Batch normalisation's tensors after `layerN.norm.`, in the order they are written.
    static let normalizationTensors: [(String, @Sendable (BatchNormalization<Float>) -> [Float])] = [
        ("weight", { $0.gamma }), ("bias", { $0.beta }), ("running_mean", { $0.runningMean }), ("running_var", { $0.runningVariance }),
    ]

    /// The tensor suffix of a layer's learned unit parameters: "slope" (PReLU), "beta" (learned swish).
    static func unitParameterName(_ unit: UnitKind) -> String? {
        guard case let .activation(a) = unit, a.hasLearnedParameter else { return nil }
        return a.kind == .prelu ? "slope" : "beta"
    }

    // MARK: Reading

    /// Reads the tensors named above. Units and loss come from the file's metadata when it has
    /// them (an nnscope export), otherwise from `hiddenUnits` (one per hidden layer; the output
    /// layer is identity) and `loss` (nil: softmax cross-entropy for two or more outputs, else MSE).
    public init(archive: TensorArchive, name: String, hiddenUnits: (Int) -> UnitKind = { _ in .activation(Activation(.relu)) },
                loss fallbackLoss: Loss? = nil) throws(WeightFileError) {
        var used = Set<String>()
        func tensor(_ key: String, rank: Int) throws(WeightFileError) -> Tensor? {
            guard let t = archive[key] else { return nil }
            used.insert(key)
            guard t.shape.count == rank else { throw WeightFileError("\(name): \(key) has shape \(t.shape), expected \(rank) dimension\(rank == 1 ? "" : "s")") }
            return t
        }
        var widths: [(fanIn: Int, width: Int)] = []
        while let w = try tensor("layer\(widths.count + 1).weight", rank: 2) { widths.append((w.shape[1], w.shape[0])) }
        guard !widths.isEmpty else {
            let found = archive.tensors.prefix(6).map(\.name).joined(separator: ", ")
            throw WeightFileError("\(name): no tensor layer1.weight; nnscope reads layerN.weight [units, inputs] and layerN.bias [units]\(found.isEmpty ? "" : " (found: \(found))")")
        }
        guard widths.count <= 65 else { throw WeightFileError("\(name): \(widths.count) layers (at most 65)") }
        do { try NetworkSize.check(layerShapes: widths) } catch { throw WeightFileError("\(name): \(error)") }
        let unitSpecs = archive.metadata("units")?.split(separator: ";", omittingEmptySubsequences: false).map(String.init)
        if let unitSpecs, unitSpecs.count != widths.count {
            throw WeightFileError("\(name): metadata names \(unitSpecs.count) layers' units but the file has \(widths.count) layers")
        }
        var layers: [Layer<Float>] = []
        for (l, shape) in widths.enumerated() {
            let n = l + 1
            let unit: UnitKind
            if let unitSpecs {
                do { unit = try UnitKind(parsing: unitSpecs[l]) } catch { throw WeightFileError("\(name): layer \(n) unit '\(unitSpecs[l])': \(error)") }
            } else {
                unit = l == widths.count - 1 ? .activation(Activation(.identity)) : hiddenUnits(n)
            }
            guard shape.fanIn >= 1, shape.width >= 1, shape.fanIn <= 1 << 24, shape.width <= 1 << 24, shape.width % unit.pieces == 0 else {
                throw WeightFileError("\(name): layer\(n).weight has shape [\(shape.width), \(shape.fanIn)]; \(unit.spec) needs at least one unit and input\(unit.pieces > 1 ? " and a multiple of \(unit.pieces) rows" : "")")
            }
            if let previous = layers.last, previous.units != shape.fanIn {
                throw WeightFileError("\(name): layer\(n).weight takes \(shape.fanIn) inputs but layer \(l) has \(previous.units) units")
            }
            guard let b = try tensor("layer\(n).bias", rank: 1) else { throw WeightFileError("\(name): layer\(n).bias is missing") }
            guard b.shape[0] == shape.width else { throw WeightFileError("\(name): layer\(n).bias has \(b.shape[0]) values, layer\(n).weight has \(shape.width) rows") }
            let units = shape.width / unit.pieces
            var parameters: [Float] = []
            if let p = NetworkWeights.unitParameterName(unit) {
                guard let t = try tensor("layer\(n).\(p)", rank: 1) else { throw WeightFileError("\(name): layer\(n).\(p) is missing (layer \(n) is \(unit.spec))") }
                let expected = p == "slope" ? units : 1
                guard t.shape[0] == expected else { throw WeightFileError("\(name): layer\(n).\(p) has \(t.shape[0]) values, expected \(expected)") }
                parameters = t.floatValues
            }
            var normalization: [[Float]] = []
            for (suffix, _) in NetworkWeights.normalizationTensors {
                let key = "layer\(n).norm.\(suffix)"
                guard let t = try tensor(key, rank: 1) else { continue }
                guard l < widths.count - 1 else { throw WeightFileError("\(name): \(key): the output layer cannot be batch-normalised") }
                guard t.shape[0] == shape.width else { throw WeightFileError("\(name): \(key) has \(t.shape[0]) values, layer\(n).weight has \(shape.width) rows") }
                normalization.append(t.floatValues)
            }
            guard normalization.isEmpty || normalization.count == NetworkWeights.normalizationTensors.count else {
                throw WeightFileError("\(name): layer \(n) has some of layer\(n).norm.weight, .bias, .running_mean, .running_var but not all four")
            }
            let bn = normalization.isEmpty ? nil
                : BatchNormalization(gamma: normalization[0], beta: normalization[1], runningMean: normalization[2], runningVariance: normalization[3])
            if let bn, !(bn.allFinite && bn.isConsistent(width: shape.width)) {
                throw WeightFileError("\(name): layer\(n).norm values must be finite and layer\(n).norm.running_var not negative")
            }
            let w = archive["layer\(n).weight"]!.floatValues
            var storage = [Float](repeating: 0, count: w.count)
            for j in 0..<shape.width { for i in 0..<shape.fanIn { storage[i * shape.width + j] = w[j * shape.fanIn + i] } }
            layers.append(Layer(unit: unit, weights: Matrix(rows: shape.fanIn, columns: shape.width, elements: storage),
                                bias: b.floatValues, unitParameters: parameters, normalization: bn))
        }
        let normalizedLayers = layers.filter { $0.normalization != nil }.count
        guard normalizedLayers == 0 || normalizedLayers == layers.count - 1 else {
            throw WeightFileError("\(name): \(normalizedLayers) of \(layers.count - 1) hidden layers are batch-normalised (nnscope normalises all or none)")
        }
        let outputs = layers[layers.count - 1].width
        let loss: Loss
        if let text = archive.metadata("loss") {
            guard let l = Loss(name: text) else { throw WeightFileError("\(name): metadata loss '\(text)' is unknown") }
            loss = l
        } else {
            loss = fallbackLoss ?? (outputs >= 2 ? .softmaxCrossEntropy : .meanSquaredError)
        }
        let network = Network(layers: layers, loss: loss)
        let f = network.inputs
        var mean = [Double](repeating: 0, count: f), std = [Double](repeating: 1, count: f)
        if let t = try tensor("input.mean", rank: 1) {
            guard t.shape[0] == f else { throw WeightFileError("\(name): input.mean has \(t.shape[0]) values, the network takes \(f) inputs") }
            mean = t.doubleValues
        }
        if let t = try tensor("input.std", rank: 1) {
            guard t.shape[0] == f else { throw WeightFileError("\(name): input.std has \(t.shape[0]) values, the network takes \(f) inputs") }
            std = t.doubleValues
        }
        guard mean.allSatisfy(\.isFinite), std.allSatisfy({ $0.isFinite && $0 > 0 }) else {
            throw WeightFileError("\(name): input.mean must be finite and input.std finite and positive")
        }
        if let unknown = archive.tensors.first(where: { !used.contains($0.name) }) {
            throw WeightFileError("\(name): tensor '\(unknown.name)' is not one nnscope reads (layerN.weight, layerN.bias, layerN.slope, layerN.beta, layerN.norm.weight/bias/running_mean/running_var, input.mean, input.std)")
        }
        for layer in layers where !(layer.weights.allFinite && layer.bias.allSatisfy(\.isFinite) && layer.unitParameters.allSatisfy(\.isFinite)) {
            throw WeightFileError("\(name): a weight, bias or unit parameter is not finite")
        }
        var classNames: [String]?
        if let text = archive.metadata("classes") {
            let values = (try? JSONValue(parsing: text))?.arrayValue ?? []
            let names = values.compactMap(\.stringValue)
            guard names.count == values.count, names.count == (loss == .binaryCrossEntropy ? 2 : outputs) else {
                throw WeightFileError("\(name): metadata classes must be a JSON list of \(loss == .binaryCrossEntropy ? 2 : outputs) names")
            }
            classNames = names
        } else if loss.isClassification {
            classNames = (0..<(loss == .binaryCrossEntropy ? 2 : outputs)).map(String.init)
        }
        var configuration: [String: String] = [:]
        if let text = archive.metadata("configuration") {
            guard case let .object(pairs)? = try? JSONValue(parsing: text) else { throw WeightFileError("\(name): metadata configuration is not a JSON object") }
            for (k, v) in pairs { configuration[k] = v.stringValue }
        }
        var features: [String]?
        if let text = archive.metadata("features") {
            let list = text.split(separator: ",").map(String.init)
            guard list.count == f else { throw WeightFileError("\(name): metadata features names \(list.count) columns, the network takes \(f)") }
            features = list
        }
        var rawInputs: Int?
        if let text = archive.metadata("inputs") {
            guard let n = Int(text), n >= 1, n <= 1 << 24 else { throw WeightFileError("\(name): metadata inputs '\(text)' is not a count") }
            rawInputs = n
        }
        self.init(network: network, inputMean: mean, inputStd: std, features: features, rawInputs: rawInputs, classNames: classNames,
                  configuration: configuration, source: archive.metadata("source") ?? name)
        for term in self.features {
            guard let t = FeatureTerm(parsing: term), t.inputs.allSatisfy({ $0 < self.rawInputs }) else {
                throw WeightFileError("\(name): feature '\(term)' is not one nnscope computes from \(self.rawInputs) inputs (x1, x1^2, x1*x2, sin(x1), cos(x1))")
            }
        }
    }

    // MARK: Predicting

    /// The network's input columns for raw rows (`rawInputs` values each): the feature transform.
    public func featureRows(_ raw: [Double], count: Int) -> [Double] {
        let terms = features.map { FeatureTerm(parsing: $0)! }
        if terms.enumerated().allSatisfy({ $0.element == .input($0.offset) }) && rawInputs == features.count { return raw }
        var out: [Double] = []
        out.reserveCapacity(count * terms.count)
        for r in 0..<count {
            let row = raw[(r * rawInputs)..<((r + 1) * rawInputs)]
            for t in terms { out.append(t.value(Array(row))) }
        }
        return out
    }

    /// Probabilities (or regression values) for raw rows, exactly as `nnscope predict` prints them.
    public func predictions(raw: [Double], count: Int) -> [Double] {
        network.predictions(points: featureRows(raw, count: count), count: count, featureMean: inputMean, featureScale: inputStd)
    }

    /// Columns per prediction: the class probabilities or the regression outputs.
    public var predictionColumns: Int { network.loss == .binaryCrossEntropy ? 2 : network.outputs }
}

/// One network input as a function of the raw inputs, in TensorFlow Playground's vocabulary.
public enum FeatureTerm: Equatable, Sendable {
    case input(Int)
    case square(Int)
    case product(Int, Int)
    case sine(Int)
    case cosine(Int)

    /// "x1", "x1^2", "x1*x2", "sin(x1)", "cos(x1)" (1-based input numbers).
    public init?(parsing text: String) {
        func index(_ s: Substring) -> Int? {
            guard s.first == "x", let n = Int(s.dropFirst()), n >= 1, n <= 1 << 24 else { return nil }
            return n - 1
        }
        let t = Substring(text.filter { $0 != " " })
        if let i = index(t) { self = .input(i) }
        else if t.hasSuffix("^2"), let i = index(t.dropLast(2)) { self = .square(i) }
        else if t.hasPrefix("sin("), t.hasSuffix(")"), let i = index(t.dropFirst(4).dropLast()) { self = .sine(i) }
        else if t.hasPrefix("cos("), t.hasSuffix(")"), let i = index(t.dropFirst(4).dropLast()) { self = .cosine(i) }
        else if let star = t.firstIndex(of: "*"), let i = index(t[..<star]), let j = index(t[t.index(after: star)...]) { self = .product(i, j) }
        else { return nil }
    }

    /// The raw inputs the term reads (0-based).
    public var inputs: [Int] {
        switch self {
        case let .input(i), let .square(i), let .sine(i), let .cosine(i): return [i]
        case let .product(i, j): return [i, j]
        }
    }

    public func value(_ x: [Double]) -> Double {
        switch self {
        case let .input(i): return x[i]
        case let .square(i): return x[i] * x[i]
        case let .product(i, j): return x[i] * x[j]
        case let .sine(i): return Double.sin(x[i])
        case let .cosine(i): return Double.cos(x[i])
        }
    }

    /// The same as a numpy expression of the raw input matrix `x`.
    public var python: String {
        switch self {
        case let .input(i): return "x[:, \(i)]"
        case let .square(i): return "x[:, \(i)] ** 2"
        case let .product(i, j): return "x[:, \(i)] * x[:, \(j)]"
        case let .sine(i): return "np.sin(x[:, \(i)])"
        case let .cosine(i): return "np.cos(x[:, \(i)])"
        }
    }
}
