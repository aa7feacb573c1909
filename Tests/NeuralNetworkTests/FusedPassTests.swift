import Activations
import LinearAlgebra
import Randomness
import Testing
@testable import NeuralNetwork

/// The fused passes of the training step against the element-wise definitions they replace.
@Suite("Fused training passes")
struct FusedPassTests {
    /// A 5-13-11-16-3 network (widths with and without a tail of fewer than eight columns) of
    /// ReLU, logistic and GELU layers, in single precision.
    func network() -> Network<Float> {
        var rng = SeededGenerator(seed: 21)
        let units: [UnitKind] = [.activation(Activation(.relu)), .activation(Activation(.logistic)), .activation(Activation(.gelu))]
        return Network<Float>(inputs: 5, hidden: [13, 11, 16], units: units, outputs: 3, loss: .softmaxCrossEntropy,
                              initializer: .he, biasInit: 0.1, initScale: 3, rng: &rng)
    }

    func input(rows: Int) -> Matrix<Float> {  // the last row all zeros
        var rng = SeededGenerator(seed: 5)
        var x = Matrix<Float>(rows: rows, columns: 5)
        for i in 0..<x.count { x.storage[i] = Float(rng.uniform(-3, 3)) }
        for j in 0..<5 { x[rows - 1, j] = 0 }  // a row of zeros: z is exactly the bias there
        return x
    }

    @Test("bias, activation, f′, range, liveness and saturation equal the element-wise definitions",
          arguments: [false, true])
    func epilogueMatchesDefinition(training: Bool) {
        checkEpilogue(of: network(), input: input(rows: 9), training: training)
    }

    @Test("a sweep shared by two cores (rows × units from EpilogueSweep.twoCoreElements) equals the definitions too",
          arguments: [UnitKind.activation(Activation(.relu)), .activation(Activation(.logistic))])
    func sharedSweepMatchesDefinition(unit: UnitKind) {
        var rng = SeededGenerator(seed: 8)
        let net = Network<Float>(inputs: 5, hidden: [200, 72], units: [unit, unit], outputs: 3, loss: .softmaxCrossEntropy,
                                 initializer: .he, biasInit: 0.1, initScale: 3, rng: &rng)
        let rows = 90
        #expect(rows * 200 >= EpilogueSweep<Float>.twoCoreElements && rows * 72 < EpilogueSweep<Float>.twoCoreElements)
        checkEpilogue(of: net, input: input(rows: rows), training: true)
    }

    func checkEpilogue(of net: Network<Float>, input x: Matrix<Float>, training: Bool) {
        let rows = x.rows
        var ws = Workspace(for: net, batchCapacity: rows)
        net.forward(x, workspace: &ws, training: training)
        var previous = x
        for (l, layer) in net.layers.enumerated() {
            // The same product call gives the same bits; the rest is checked element by element.
            var expected = Matrix<Float>(rows: 0, columns: 0)
            Matrix.multiply(previous, layer.weights, into: &expected)
            var lo = Float.infinity, hi = -Float.infinity
            for r in 0..<rows {
                for c in 0..<layer.width {
                    expected[r, c] += layer.bias[c]
                    lo = Swift.min(lo, expected[r, c])
                    hi = Swift.max(hi, expected[r, c])
                }
            }
            #expect(ws.z[l] == expected, "z of layer \(l)")
            if training {
                #expect(ws.statistics.preactivationMin[l] == lo && ws.statistics.preactivationMax[l] == hi, "range of layer \(l)")
            }
            guard l < net.layers.count - 1, let f = layer.effectiveActivation else { break }
            var alive = [UInt8](repeating: 0, count: layer.units)
            var saturated = 0
            let threshold = Float(0.05 * f.maximumDerivative)
            for r in 0..<rows {
                for c in 0..<layer.units {
                    let z = expected[r, c]
                    #expect(ws.a[l][r, c] == f.value(z), "f(z) at layer \(l), (\(r), \(c))")
                    if training {
                        let d: Float = f.derivative(z)
                        #expect(ws.derivative[l][r, c] == d, "f′(z) at layer \(l), (\(r), \(c))")
                        if d != 0 { alive[c] = 1 }
                        if Swift.abs(d) < threshold { saturated += 1 }
                    }
                }
            }
            if training {
                #expect(ws.statistics.alive[l] == alive, "live units of layer \(l)")
                #expect(ws.statistics.saturated[l] == saturated, "saturated pairs of layer \(l)")
                #expect(ws.statistics.pairs[l] == rows * layer.units)
            }
            previous = ws.a[l]
        }
    }

    @Test("a NaN pre-activation never enters the range; the logistic keeps it NaN, ReLU maps it to 0 as x > 0 ? x : 0 does")
    func nanPreactivations() {
        var net = network()
        net.layers[0].bias[3] = .nan
        net.layers[1].bias[9] = .nan
        var ws = Workspace(for: net, batchCapacity: 4)
        net.forward(input(rows: 4), workspace: &ws, training: true)
        #expect(ws.z[0][0, 3].isNaN && ws.statistics.preactivationMin[0].isFinite && ws.statistics.preactivationMax[0].isFinite)
        #expect(ws.a[0][0, 3] == 0 && ws.statistics.alive[0][3] == 0, "ReLU(NaN) is 0 and the unit is not live")
        #expect(ws.a[1][0, 9].isNaN && ws.derivative[1][0, 9].isNaN, "σ(NaN) and σ′(NaN) are NaN")
        #expect(ws.statistics.preactivationMin[1].isFinite)
    }

    func gradients(for net: Network<Float>, poison: Float? = nil) -> [LayerGradients<Float>] {
        var rng = SeededGenerator(seed: 8)
        var out = net.layers.map { LayerGradients(shapeOf: $0) }
        for l in out.indices {
            for i in 0..<out[l].weights.count { out[l].weights.storage[i] = Float(rng.uniform(-2, 2)) }
            for i in out[l].bias.indices { out[l].bias[i] = Float(rng.uniform(-2, 2)) }
        }
        if let poison { out[1].weights.storage[17] = poison }
        return out
    }

    @Test("fused SGD gives the general update's bits, and Σg² of Matrix.sumOfSquares", arguments: [0.0, 0.01])
    func fusedSGDMatchesGeneral(weightDecay: Double) {
        let net = network()
        let grads = gradients(for: net)
        var settings = OptimizerSettings()
        settings.learningRate = 0.05
        settings.weightDecay = weightDecay
        var fused = Optimizer(settings: settings, network: net)
        var general = Optimizer(settings: settings, network: net)
        var fusedNext = net, generalNext = net
        var squares = [Float](repeating: -1, count: net.layers.count)
        let finite = fused.fusedSGDUpdate(from: net, into: &fusedNext, with: grads, weightGradientSquares: &squares)
        general.update(from: net, into: &generalNext, with: grads)
        #expect(finite == true)
        #expect(fusedNext == generalNext)
        #expect(squares == grads.map(\.weights.sumOfSquares))
        #expect(fused.steps == general.steps)
    }

    @Test("fused SGD reports a non-finite result, and declines what it does not cover")
    func fusedSGDEdges() {
        let net = network()
        var settings = OptimizerSettings()
        var optimizer = Optimizer(settings: settings, network: net)
        var next = net
        var squares = [Float](repeating: 0, count: net.layers.count)
        #expect(optimizer.fusedSGDUpdate(from: net, into: &next, with: gradients(for: net, poison: .infinity),
                                         weightGradientSquares: &squares) == false)
        #expect(squares[1] == .infinity)
        settings.kind = .momentum
        var momentum = Optimizer(settings: settings, network: net)
        #expect(momentum.fusedSGDUpdate(from: net, into: &next, with: gradients(for: net), weightGradientSquares: &squares) == nil)
        let double = net.converted(to: Double.self)
        var doubleNext = double
        var doubleSquares = [Double](repeating: 0, count: net.layers.count)
        var sgd = Optimizer(settings: OptimizerSettings(), network: double)
        #expect(sgd.fusedSGDUpdate(from: double, into: &doubleNext, with: double.layers.map { LayerGradients(shapeOf: $0) },
                                   weightGradientSquares: &doubleSquares) == nil)
    }

    @Test("softmax cross-entropy of a Float batch: the row-by-row definition's loss, hits and gradient, bit for bit",
          arguments: [(7, 3), (32, 10), (5, 17), (1, 1)])
    func softmaxBatchMatchesRows(shape: (rows: Int, columns: Int)) {
        let (rows, columns) = shape
        var rng = SeededGenerator(seed: UInt64(rows * 100 + columns))
        var logits = Matrix<Float>(rows: rows, columns: columns)
        for i in 0..<logits.count { logits.storage[i] = Float(rng.uniform(-30, 30)) }
        if rows > 2, columns > 1 { logits[1, 0] = logits[1, columns - 1] }  // a tie: the first maximum is the prediction
        let labels = (0..<rows).map { Int32($0 % columns) }
        var delta = Matrix<Float>(rows: 0, columns: 0)
        let withGradient = labels.withUnsafeBufferPointer { l in
            Loss.softmaxCrossEntropy.evaluate(logits: logits, labels: l, targets: nil, gradientInto: &delta, meanOver: rows)
        }
        let alone = labels.withUnsafeBufferPointer { l in
            Loss.softmaxCrossEntropy.evaluate(logits: logits, labels: l, targets: nil)
        }
        #expect(withGradient.lossSum.bitPattern == alone.lossSum.bitPattern && withGradient.correct == alone.correct)
        // The definition, row by row: e_c = exp(z_c − max), p_c = e_c / Σe, ∂L/∂z_c = (p_c − [c = label]) / n.
        var lossSum = 0.0
        var correct = 0
        for r in 0..<rows {
            let row = (0..<columns).map { logits[r, $0] }
            let m = row.max()!
            let best = row.firstIndex(of: m)!
            var e = [Float](repeating: 0, count: columns)
            row.withUnsafeBufferPointer { z in
                e.withUnsafeMutableBufferPointer { exponentials(of: z.baseAddress!, minus: m, into: $0.baseAddress!, count: columns) }
            }
            var sum: Float = 0
            for c in 0..<columns { sum += e[c] }
            let label = Int(labels[r])
            lossSum += Double(m + Float.log(sum) - row[label])
            if best == label { correct += 1 }
            for c in 0..<columns {
                let p = e[c] / sum
                let expected = (c == label ? p - 1 : p) * (1 / Float(rows))
                #expect(delta[r, c].bitPattern == expected.bitPattern, "row \(r), column \(c)")
            }
        }
        #expect(withGradient.lossSum.bitPattern == lossSum.bitPattern && withGradient.correct == correct)
    }
}
