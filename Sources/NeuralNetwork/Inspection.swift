import Activations
import LinearAlgebra
import RealModule

/// One layer of a backprop inspection: what the trainer's own forward and backward passes
/// computed for a single example (batch size 1), in the trainer's precision, widened to Double.
///
/// Layout follows the network (`Layer`): z = a⁽ˡ⁻¹⁾·W + b with W of shape fan_in × width, so
/// `gradWeights` is row-major fan_in × width, the layout of the session checkpoints' `weights`.
/// For maxout, width = units × pieces and unit u owns the columns u·k ..< (u+1)·k.
public struct LayerInspection: Sendable, Equatable {
    /// Layer number from 1 (the output layer is the last).
    public var number: Int
    public var unit: UnitKind
    public var isOutput: Bool
    public var fanIn: Int
    /// Columns of z (units × pieces).
    public var width: Int
    /// z⁽ˡ⁾ = W⁽ˡ⁾a⁽ˡ⁻¹⁾ + b⁽ˡ⁾ (width values).
    public var z: [Double]
    /// a⁽ˡ⁾ = fₗ(z⁽ˡ⁾) (units values; the output layer's a is its z).
    public var a: [Double]
    /// fₗ′(z⁽ˡ⁾) (units values; 1 for the output layer's identity and for a maxout unit's winning piece).
    public var fprime: [Double]
    /// δ⁽ˡ⁾ = ∂L/∂z⁽ˡ⁾ (width values).
    public var delta: [Double]
    /// ∂L/∂W⁽ˡ⁾ = δ⁽ˡ⁾(a⁽ˡ⁻¹⁾)ᵀ, row-major fan_in × width.
    public var gradWeights: [Double]
    /// ∂L/∂b⁽ˡ⁾ = δ⁽ˡ⁾.
    public var gradBias: [Double]
    /// For maxout layers, the winning piece (0-based) of each unit; nil otherwise.
    public var winningPiece: [Int]?
    /// Batch-normalised layers: y = γ·(z − μ)/√(σ² + ε) + β with the running μ and σ² (width
    /// values), what the unit reads (a = f(y)); nil otherwise.
    public var normalized: [Double]? = nil
    /// Batch-normalised layers: γ/√(σ² + ε) per column, the factor δ picks up through y; nil otherwise.
    public var normalizationScale: [Double]? = nil

    /// ‖∂L/∂W⁽ˡ⁾‖ (Frobenius).
    public var gradWeightNorm: Double { Inspection.norm(gradWeights) }
    /// ‖δ⁽ˡ⁾‖.
    public var deltaNorm: Double { Inspection.norm(delta) }
    /// mean |fₗ′(z⁽ˡ⁾)| over the units.
    public var meanAbsFPrime: Double {
        fprime.isEmpty ? 0 : fprime.reduce(0) { $0 + abs($1) } / Double(fprime.count)
    }
}

/// The output layer's loss for one example, from the trainer's loss code.
public struct OutputInspection: Sendable, Equatable {
    public var loss: Loss
    /// The scores (logits) s = z⁽ᴸ⁾.
    public var scores: [Double]
    /// Softmax: e_c = exp(s_c − max s) (the trainer's overflow-safe form); nil otherwise.
    public var exponentials: [Double]?
    /// Classification: the class probabilities (softmax; for binary cross-entropy [1 − σ(s), σ(s)]).
    public var probabilities: [Double]?
    /// Regression (MSE): the prediction ŷ = s.
    public var prediction: [Double]?
    /// The example's loss L.
    public var lossValue: Double
    /// ∂L/∂s: p − y (softmax, binary cross-entropy) or the residual ŷ − y (MSE).
    public var gradient: [Double]
    /// The predicted class (classification).
    public var predictedClass: Int?
}

/// The backprop inspector's numbers for one training example at the current weights.
public struct Inspection: Sendable, Equatable {
    /// Index of the example in the training split (0-based).
    public var example: Int
    /// The vector the first layer receives (after standardisation).
    public var input: [Double]
    /// The class label (classification) or nil.
    public var label: Int?
    /// The regression target or nil.
    public var target: [Double]?
    public var layers: [LayerInspection]
    public var output: OutputInspection

    /// ‖δ⁽ˡ⁾‖ / ‖δ⁽ˡ⁺¹⁾‖ for layer index `l` (0-based) below the output; nil for the output layer
    /// or when δ⁽ˡ⁺¹⁾ is zero.
    public func deltaRatio(layer l: Int) -> Double? {
        guard l + 1 < layers.count else { return nil }
        let above = layers[l + 1].deltaNorm
        return above > 0 ? layers[l].deltaNorm / above : nil
    }

    /// The geometric mean of the per-layer ratios ‖δ⁽ˡ⁾‖/‖δ⁽ˡ⁺¹⁾‖ over the hidden layers (nil
    /// without hidden layers or when a ratio is undefined or zero).
    public var meanDeltaRatio: Double? {
        let ratios = (0..<max(layers.count - 1, 0)).map { deltaRatio(layer: $0) }
        guard !ratios.isEmpty, ratios.allSatisfy({ ($0 ?? 0) > 0 }) else { return nil }
        let logSum = ratios.reduce(0) { $0 + Double.log($1!) }
        return Double.exp(logSum / Double(ratios.count))
    }

    /// The one-line reading of how δ changes on its way down, e.g. "δ shrinks ×0.21 per layer here:
    /// f′ of the logistic is at most 0.25"; `format` writes the numbers.
    public func reading(format: (Double) -> String) -> String {
        let hidden = layers.dropLast()
        guard !hidden.isEmpty else { return "no hidden layers: δ⁽¹⁾ is the output's ∂L/∂s itself" }
        guard let ratio = meanDeltaRatio else {
            if layers.last.map({ $0.deltaNorm == 0 }) ?? true { return "δ is zero at the output: this example's loss gradient vanishes" }
            return "δ becomes zero on its way down: every unit of some layer has f′ = 0 here (dead or saturated)"
        }
        let factor = format(ratio)
        let fprime = format(hidden.map(\.meanAbsFPrime).reduce(0, +) / Double(hidden.count))
        if ratio < 0.5 {
            var reason = "mean |f′| is \(fprime)"
            let kinds = Set(hidden.map(\.unit.name))
            if kinds.count == 1, case let .activation(f) = hidden.first!.unit, f.maximumDerivative < 1 {
                reason = "f′ of the \(f.kind.rawValue) is at most \(format(f.maximumDerivative))"
            }
            return "δ shrinks ×\(factor) per layer here: \(reason)"
        }
        if ratio > 2 { return "δ grows ×\(factor) per layer here (mean |f′| \(fprime)): large weights amplify it" }
        return "δ keeps its size, ×\(factor) per layer here (mean |f′| \(fprime))"
    }

    /// √Σx².
    public static func norm(_ values: [Double]) -> Double {
        values.reduce(0) { $0 + $1 * $1 }.squareRoot()
    }

    /// Runs the trainer's forward and backward passes on one example at batch size 1 (batch
    /// normalisation with the running statistics: one example has no batch statistics).
    /// `input` is the vector the first layer receives; `label` the class (classification) and
    /// `target` the values (regression).
    public static func compute<Scalar: NNScalar>(network: Network<Scalar>, input: [Scalar], label: Int32,
                                                 target: [Scalar]?, example: Int) -> Inspection {
        precondition(input.count == network.inputs, "inspection input has \(input.count) values; the network takes \(network.inputs)")
        var ws = Workspace(for: network, batchCapacity: 1)
        let x = Matrix<Scalar>(rows: 1, columns: input.count, elements: input)
        network.forward(x, workspace: &ws, training: true)
        let last = network.layers.count - 1
        let targets = target.map { Matrix<Scalar>(rows: 1, columns: $0.count, elements: $0) }
        let result = [label].withUnsafeBufferPointer {
            network.loss.evaluate(logits: ws.z[last], labels: $0, targets: targets, gradientInto: &ws.delta[last], meanOver: 1)
        }
        network.backward(x, workspace: &ws)

        var layers: [LayerInspection] = []
        for (l, layer) in network.layers.enumerated() {
            let isOutput = l == last
            let width = layer.width, units = layer.units
            var z = ws.z[l].elements.prefix(width).map { Double($0) }
            var normalized: [Double]?, scale: [Double]?
            if let bn = layer.normalization {
                // ws.z holds y; z = a⁽ˡ⁻¹⁾·W + b is computed here from the layer's input, in Double.
                normalized = z
                let below = l == 0 ? input.map { Double($0) } : ws.a[l - 1].elements.prefix(layer.inputs).map { Double($0) }
                z = (0..<width).map { j in (0..<layer.inputs).reduce(Double(layer.bias[j])) { $0 + below[$1] * Double(layer.weights[$1, j]) } }
                scale = (0..<width).map { Double(bn.gamma[$0]) / (Double(bn.runningVariance[$0]) + BatchNorm.epsilon).squareRoot() }
            }
            var a: [Double], fprime: [Double], winning: [Int]?
            if isOutput {
                a = z
                fprime = Array(repeating: 1, count: units)
            } else {
                a = ws.a[l].elements.prefix(units).map { Double($0) }
                switch layer.unit {
                case .maxout:
                    winning = ws.argmax[l].prefix(units).map { Int($0) }
                    fprime = Array(repeating: 1, count: units)
                case .activation:
                    fprime = ws.derivative[l].elements.prefix(units).map { Double($0) }
                }
            }
            layers.append(LayerInspection(
                number: l + 1, unit: layer.unit, isOutput: isOutput, fanIn: layer.inputs, width: width, z: z, a: a,
                fprime: fprime, delta: ws.delta[l].elements.prefix(width).map { Double($0) },
                gradWeights: ws.gradients[l].weights.elements.map { Double($0) },
                gradBias: ws.gradients[l].bias.map { Double($0) }, winningPiece: winning,
                normalized: normalized, normalizationScale: scale))
        }
        let output = outputInspection(network: network, logits: ws.z[last], label: label, target: target,
                                      lossSum: result.lossSum, gradient: layers[last].delta)
        return Inspection(example: example, input: input.map { Double($0) },
                          label: network.loss.isClassification ? Int(label) : nil,
                          target: target.map { $0.map { Double($0) } }, layers: layers, output: output)
    }

    static func outputInspection<Scalar: NNScalar>(network: Network<Scalar>, logits: Matrix<Scalar>, label: Int32,
                                                   target: [Scalar]?, lossSum: Double, gradient: [Double]) -> OutputInspection {
        let k = logits.columns
        let scores = logits.elements.prefix(k).map { Double($0) }
        var out = OutputInspection(loss: network.loss, scores: scores, lossValue: lossSum, gradient: gradient)
        switch network.loss {
        case .softmaxCrossEntropy:
            // The trainer's own numerators and normalisation (Loss.evaluate).
            var e = [Scalar](repeating: 0, count: k)
            logits.storage.withUnsafeBufferPointer { z in
                var m = z[0]
                for c in 1..<max(k, 1) where z[c] > m { m = z[c] }
                e.withUnsafeMutableBufferPointer { softmaxNumerators(z.baseAddress!, maximum: m, into: $0.baseAddress!, count: k) }
            }
            var sum: Scalar = 0
            for c in 0..<k { sum += e[c] }
            out.exponentials = e.map { Double($0) }
            out.probabilities = e.map { Double($0 / sum) }
            out.predictedClass = scores.indices.max { scores[$0] < scores[$1] || (scores[$0] == scores[$1] && $0 > $1) }
        case .binaryCrossEntropy:
            let p = Double(stableLogistic(logits.storage[0]))
            out.probabilities = [1 - p, p]
            out.predictedClass = scores[0] > 0 ? 1 : 0
        case .meanSquaredError:
            out.prediction = scores
        }
        return out
    }
}

extension Trainer {
    /// The inspection of training example `example` (0-based, < `trainCount`) at the current weights.
    public func inspect(example: Int) throws(NetworkError) -> Inspection {
        guard (0..<trainCount).contains(example) else {
            throw .invalid("example \(example) is out of range: the training split has \(trainCount) examples, 0 to \(trainCount - 1)")
        }
        return Inspection.compute(network: network, input: trainX.row(example), label: trainLabels[example],
                                  target: trainTargets?.row(example), example: example)
    }

    /// The raw (unstandardised) features of training example `example`, as the dataset holds them.
    public func rawTrainingFeatures(example: Int) -> [Double] {
        let f = trainX.columns
        return (0..<f).map { Double(trainX[example, $0]) * featureScale[$0] + featureMean[$0] }
    }
}
