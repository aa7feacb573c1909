import Activations
import LinearAlgebra
import RealModule

/// The output layer and its loss. The network's last layer is affine (identity); the loss applies
/// softmax or the logistic function itself, in a numerically stable combined form.
public enum Loss: String, CaseIterable, Sendable, Codable {
    /// Softmax over the outputs, then cross-entropy; log-sum-exp form, finite for logits of ±1e4.
    case softmaxCrossEntropy = "softmax-cross-entropy"
    /// One output, logistic function, binary cross-entropy: max(z,0) − z·y + log(1+e^−|z|).
    case binaryCrossEntropy = "binary-cross-entropy"
    /// Mean squared error as the textbook writes it: L = 1/(2N) Σₙ ‖ŷₙ − yₙ‖².
    case meanSquaredError = "mse"

    public static let aliases: [String: Loss] = ["cross-entropy": .softmaxCrossEntropy, "ce": .softmaxCrossEntropy,
                                                 "softmax": .softmaxCrossEntropy, "bce": .binaryCrossEntropy,
                                                 "mean-squared-error": .meanSquaredError]

    public init?(name: String) {
        let key = name.lowercased()
        guard let value = Loss(rawValue: key) ?? Loss.aliases[key] else { return nil }
        self = value
    }

    public var isClassification: Bool { self != .meanSquaredError }

    /// Loss summed over the rows of `logits` and the number of correct predictions, with ∂L/∂z of
    /// the loss averaged over `n` rows written into `delta` (reshaped to the logits' shape).
    /// `labels` are class indices (classification); `targets` are regression targets (N × outputs).
    @inlinable
    public func evaluate<Scalar: NNScalar>(
        logits: Matrix<Scalar>, labels: UnsafeBufferPointer<Int32>, targets: Matrix<Scalar>?,
        gradientInto delta: inout Matrix<Scalar>, meanOver n: Int
    ) -> (lossSum: Double, correct: Int) {
        delta.reshape(rows: logits.rows, columns: logits.columns)
        return delta.storage.withUnsafeMutableBufferPointer { d in
            evaluate(logits: logits, labels: labels, targets: targets, delta: d, meanOver: n)
        }
    }

    /// Loss summed over the rows of `logits` and the number of correct predictions (no gradient).
    @inlinable
    public func evaluate<Scalar: NNScalar>(
        logits: Matrix<Scalar>, labels: UnsafeBufferPointer<Int32>, targets: Matrix<Scalar>?
    ) -> (lossSum: Double, correct: Int) {
        evaluate(logits: logits, labels: labels, targets: targets, delta: nil, meanOver: 1)
    }

    @inlinable
    func evaluate<Scalar: NNScalar>(
        logits: Matrix<Scalar>, labels: UnsafeBufferPointer<Int32>, targets: Matrix<Scalar>?,
        delta d: UnsafeMutableBufferPointer<Scalar>?, meanOver n: Int
    ) -> (lossSum: Double, correct: Int) {
        let rows = logits.rows, cols = logits.columns
        let invN = 1 / Scalar(max(n, 1))
        var lossSum = 0.0
        var correct = 0
        logits.storage.withUnsafeBufferPointer { z in
            switch self {
            case .softmaxCrossEntropy:
                if Scalar.self == Float.self, let d, rows > 0, cols > 0 {
                    // A training step: the whole batch's numerators in one pass, in the gradient's
                    // buffer (the same bits as row by row: see softmaxCrossEntropyBatch).
                    (lossSum, correct) = softmaxCrossEntropyBatch(
                        logits: UnsafeRawPointer(z.baseAddress!).assumingMemoryBound(to: Float.self), rows: rows, columns: cols,
                        labels: labels, delta: UnsafeMutableRawPointer(d.baseAddress!).assumingMemoryBound(to: Float.self),
                        scale: unsafeBitCast(invN, to: Float.self))
                    return
                }
                // e_c = exp(z_c − max) once per logit; p_c = e_c / Σe. (A row of scratch on the stack.)
                withUnsafeTemporaryAllocation(of: Scalar.self, capacity: max(cols, 1)) { scratch in
                    let e = scratch.baseAddress!
                    for r in 0..<rows {
                        let row = z.baseAddress! + r * cols
                        var m = row[0]
                        var best = 0
                        for c in 1..<max(cols, 1) where row[c] > m { m = row[c]; best = c }
                        softmaxNumerators(row, maximum: m, into: e, count: cols)
                        var sum: Scalar = 0
                        for c in 0..<cols { sum += e[c] }
                        let label = Int(labels[r])
                        lossSum += Double(m + Scalar.log(sum) - row[label])
                        if best == label { correct += 1 }
                        guard let d else { continue }
                        let out = d.baseAddress! + r * cols
                        for c in 0..<cols {
                            let p = e[c] / sum
                            out[c] = (c == label ? p - 1 : p) * invN
                        }
                    }
                }
            case .binaryCrossEntropy:
                for r in 0..<rows {
                    let x = z[r * cols]
                    let y: Scalar = labels[r] == 1 ? 1 : 0
                    lossSum += Double(Swift.max(x, 0) - x * y + Scalar.log(onePlus: Scalar.exp(-Swift.abs(x))))
                    if (x > 0 ? 1 : 0) == labels[r] { correct += 1 }
                    if let d { d[r * cols] = (stableLogistic(x) - y) * invN }
                }
            case .meanSquaredError:
                guard let targets else { return }
                targets.storage.withUnsafeBufferPointer { t in
                    for i in 0..<(rows * cols) {
                        let e = z[i] - t[i]
                        lossSum += Double(e * e) / 2
                        if let d { d[i] = e * invN }
                    }
                }
            }
        }
        return (lossSum, correct)
    }
}

extension Loss {
    /// Class probabilities p_c = e_c / Σe with the loss's own numerators e_c = exp(z_c − max z),
    /// in Double: what predictions report for softmax cross-entropy.
    public static func softmax(_ row: [Double]) -> [Double] {
        guard let m = row.max() else { return [] }
        var e = [Double](repeating: 0, count: row.count)
        row.withUnsafeBufferPointer { z in
            e.withUnsafeMutableBufferPointer { softmaxNumerators(z.baseAddress!, maximum: m, into: $0.baseAddress!, count: z.count) }
        }
        let s = e.reduce(0, +)
        return e.map { $0 / s }
    }
}

/// Softmax cross-entropy of a Float batch with its gradient, the arithmetic of the row-by-row loop
/// of `Loss.evaluate` in three passes: each row's maximum m and z − m into `delta`; e^(t − 0) of all
/// of it in one call of the vector exponential (t − 0 is t exactly, so every numerator has the bits
/// of e^(z − m) row by row, without a call and two padded copies per row); then per row Σe in order,
/// the loss m + log Σe − z_label and the gradient (p_c − [c = label])·scale in place. rows, columns > 0.
/// Each row's loss also goes to `rowLosses` where given (`SplitPass` adds them up in row order).
@inlinable
func softmaxCrossEntropyBatch(logits z: UnsafePointer<Float>, rows: Int, columns cols: Int, labels: UnsafeBufferPointer<Int32>,
                              delta d: UnsafeMutablePointer<Float>, scale invN: Float,
                              rowLosses: UnsafeMutablePointer<Double>? = nil) -> (lossSum: Double, correct: Int) {
    var lossSum = 0.0
    var correct = 0
    withUnsafeTemporaryAllocation(of: Float.self, capacity: rows) { maxima in
        withUnsafeTemporaryAllocation(of: Int.self, capacity: rows) { argmax in
            for r in 0..<rows {
                let row = z + r * cols
                var m = row[0]
                var best = 0
                for c in 1..<cols where row[c] > m { m = row[c]; best = c }
                maxima[r] = m
                argmax[r] = best
                let out = d + r * cols
                for c in 0..<cols { out[c] = row[c] - m }
            }
            exponentials(of: d, minus: 0, into: d, count: rows * cols)
            for r in 0..<rows {
                let e = d + r * cols
                var sum: Float = 0
                for c in 0..<cols { sum += e[c] }
                let label = Int(labels[r])
                let rowLoss = Double(maxima[r] + Float.log(sum) - z[r * cols + label])
                lossSum += rowLoss
                rowLosses?[r] = rowLoss
                if argmax[r] == label { correct += 1 }
                for c in 0..<cols {
                    let p = e[c] / sum
                    e[c] = (c == label ? p - 1 : p) * invN
                }
            }
        }
    }
    return (lossSum, correct)
}

/// e[c] = exp(row[c] − m) for c < count (m is the row's maximum, so every exponent is ≤ 0).
@inlinable
func softmaxNumerators<Scalar: NNScalar>(_ row: UnsafePointer<Scalar>, maximum m: Scalar,
                                         into e: UnsafeMutablePointer<Scalar>, count: Int) {
    if Scalar.self == Float.self {
        exponentials(of: UnsafeRawPointer(row).assumingMemoryBound(to: Float.self), minus: unsafeBitCast(m, to: Float.self),
                     into: UnsafeMutableRawPointer(e).assumingMemoryBound(to: Float.self), count: count)
    } else {
        for c in 0..<count { e[c] = Scalar.exp(row[c] - m) }
    }
}
