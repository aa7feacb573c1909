import NeuralNetwork
import Render

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
        for warning in m.warnings { line += "  warning: " + warning.explanation }
        return line
    }

    /// Four significant digits in `NumberFormat`'s notation (plain decimals, or scientific
    /// notation such as `2.95e-6` for very small or large magnitudes); nan/inf spelt out.
    public static func short(_ x: Double) -> String {
        guard x.isFinite else { return x.isNaN ? "nan" : (x > 0 ? "inf" : "-inf") }
        return NumberFormat.compact(x, significantDigits: 4)
    }

    /// "83.3%".
    public static func percent(_ x: Double) -> String { NumberFormat.percent(x) }
}
