import Foundation
import NeuralNetwork

/// The readable one-line summary of an epoch: `nnscope train` on a terminal, `step` in the REPL
/// and the TUI's message area all print it.
///
/// `epoch 12  loss 0.4321  val 0.4500  acc 83.3%  val-acc 80.0%  grad 0.1234 0.0567 0.0089`
public enum EpochLine {
    public static func format(_ m: EpochMetrics) -> String {
        var parts = ["epoch \(m.epoch)", "loss \(short(m.trainLoss))"]
        if let v = m.valLoss { parts.append("val \(short(v))") }
        if let a = m.trainAccuracy { parts.append("acc \(percent(a))") }
        if let a = m.valAccuracy { parts.append("val-acc \(percent(a))") }
        parts.append("grad " + m.layers.map { short($0.gradNorm) }.joined(separator: " "))
        var line = parts.joined(separator: "  ")
        if let d = m.diverged { line += "  " + d }
        return line
    }

    /// Four decimals, or scientific notation for very small or large magnitudes; nan/inf spelt out.
    public static func short(_ x: Double) -> String {
        guard x.isFinite else { return x.isNaN ? "nan" : (x > 0 ? "inf" : "-inf") }
        if x != 0 && (abs(x) < 1e-3 || abs(x) >= 1e5) { return String(format: "%.3e", x) }
        return String(format: "%.4f", x)
    }

    /// "83.3%".
    public static func percent(_ x: Double) -> String { String(format: "%.1f%%", x * 100) }
}
