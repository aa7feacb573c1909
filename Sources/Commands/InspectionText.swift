import NeuralNetwork

/// The backprop inspector as text, each number next to its formula in the course's notation
/// (W⁽ˡ⁾ has one row per unit of layer l: z⁽ˡ⁾ = W⁽ˡ⁾a⁽ˡ⁻¹⁾ + b⁽ˡ⁾). Used by `inspect N`, `nnscope
/// inspect` and the TUI's inspector view.
public enum InspectionText {
    /// Values of a vector shown before it is cut short ("… 24 more").
    public static let maximumValues = 8
    /// Largest ∂L/∂W printed in full (fan_in × units); larger ones show their norm only.
    public static let maximumMatrixValues = 64

    /// `x` in the inspector's format: four decimals, or e-notation below 1e-3 and from 1e5.
    public static func number(_ x: Double) -> String { EpochLine.short(x) }

    /// `number` without trailing zeros ("0.25", not "0.2500").
    public static func trimmed(_ x: Double) -> String {
        var text = number(x)
        guard text.contains("."), !text.contains("e") else { return text }
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }

    /// "⁽³⁾".
    public static func superscript(_ n: Int) -> String {
        let digits: [Character] = ["⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"]
        return "⁽" + String(String(n).map { $0.wholeNumberValue.map { digits[$0] } ?? $0 }) + "⁾"
    }

    /// "₃".
    public static func `subscript`(_ n: Int) -> String {
        let digits: [Character] = ["₀", "₁", "₂", "₃", "₄", "₅", "₆", "₇", "₈", "₉"]
        return String(String(n).map { $0.wholeNumberValue.map { digits[$0] } ?? $0 })
    }

    /// "[0.1000, -2.0000, … 30 more]".
    public static func vector(_ values: [Double], limit: Int = maximumValues) -> String {
        let shown = values.prefix(limit).map(number).joined(separator: ", ")
        let rest = values.count - min(values.count, limit)
        return "[" + shown + (rest > 0 ? ", … \(rest) more" : "") + "]"
    }

    /// One line of the inspector: a heading (a layer), a formula with its value, or plain text.
    public enum Row: Sendable, Equatable {
        case heading(String)
        case formula(String, value: String)
        case text(String)
    }

    static func row(_ formula: String, _ value: String, width: Int = 0) -> Row {
        .formula(formula, value: value)
    }

    /// A formula row as one line, the formula padded to `width` characters.
    public static func line(_ row: Row, formulaWidth: Int = 30) -> String {
        switch row {
        case let .heading(text): return text
        case let .text(text): return "  " + text
        case let .formula(formula, value):
            return "  " + formula + String(repeating: " ", count: max(1, formulaWidth - formula.count)) + value
        }
    }

    /// The whole inspection as text lines (see `rows`).
    public static func lines(_ inspection: Inspection, epoch: Int, classNames: [String] = []) -> [String] {
        rows(inspection, epoch: epoch, classNames: classNames).map { line($0, formulaWidth: 30) }
    }

    /// The whole inspection, top to bottom: the input, each layer, the output and loss, the reading.
    /// `epoch` is the epoch whose weights are inspected; `classNames` name the classes when known.
    public static func rows(_ inspection: Inspection, epoch: Int, classNames: [String] = [],
                            matrices: Bool = true) -> [Row] {
        let i = inspection
        let count = i.layers.count
        var what = "example \(i.example) of the training split"
        if let label = i.label {
            what += ", class \(label)" + (label < classNames.count && classNames[label] != String(label) ? " (\(classNames[label]))" : "")
        }
        if let target = i.target { what += ", target y = \(vector(target))" }
        var lines: [Row] = [.heading(what + ", at the weights of epoch \(epoch)")]
        lines.append(row("a⁽⁰⁾ = x", vector(i.input) + "  (the input as the first layer receives it)"))
        for layer in i.layers {
            let l = layer.number, s = superscript(l), below = superscript(l - 1), f = "f" + `subscript`(l)
            let shape = "\(layer.fanIn) → \(layer.a.count)"
            if layer.isOutput {
                lines.append(.heading("output layer \(l) (identity, \(shape)):"))
                lines.append(row("s = z\(s) = W\(s)a\(below) + b\(s)", vector(layer.z)))
            } else {
                lines.append(.heading("layer \(l) (\(layer.unit.description), \(shape)):"))
                lines.append(row("z\(s) = W\(s)a\(below) + b\(s)", vector(layer.z)))
                // With batch norm the unit reads y, not z.
                let input = layer.normalized == nil ? "z\(s)" : "y\(s)"
                if let y = layer.normalized {
                    lines.append(row("y\(s) = γ(z\(s) − μ)/√(σ² + ε) + β", vector(y) + "  (batch norm, running μ and σ²)"))
                }
                if let winners = layer.winningPiece {
                    lines.append(row("a\(s) = max over pieces of \(input)", vector(layer.a)))
                    lines.append(row("winning piece per unit", "[" + winners.prefix(maximumValues).map(String.init).joined(separator: ", ")
                        + (winners.count > maximumValues ? ", … \(winners.count - maximumValues) more" : "") + "]  (δ goes to it alone)"))
                } else {
                    lines.append(row("a\(s) = \(f)(\(input))", vector(layer.a)))
                    lines.append(row("\(f)′(\(input))", vector(layer.fprime) + "  mean |f′| = \(number(layer.meanAbsFPrime))"))
                }
                let ratio = i.deltaRatio(layer: l - 1).map { "  ‖δ\(s)‖/‖δ\(superscript(l + 1))‖ = \(number($0))" } ?? ""
                let factor = layer.normalized == nil ? "" : "γ/√(σ² + ε) ⊙ "
                lines.append(row("δ\(s) = \(factor)\(f)′(\(input)) ⊙ (W\(superscript(l + 1)))ᵀδ\(superscript(l + 1))", vector(layer.delta) + ratio))
                if let scale = layer.normalizationScale { lines.append(row("γ/√(σ² + ε)", vector(scale))) }
            }
            if layer.isOutput { lines += outputLines(i.output, layer: l) }
            let norm = "‖·‖ = \(number(layer.gradWeightNorm)), shape [\(layer.fanIn), \(layer.width)] (fan_in × units)"
            lines.append(row("∂L/∂W\(s) = δ\(s)(a\(below))ᵀ", norm))
            if matrices && layer.gradWeights.count <= maximumMatrixValues {
                for r in 0..<layer.fanIn {
                    let values = Array(layer.gradWeights[(r * layer.width)..<((r + 1) * layer.width)])
                    lines.append(.text("    input \(r + 1): " + vector(values, limit: layer.width)))
                }
            }
            lines.append(row("∂L/∂b\(s) = δ\(s)", vector(layer.gradBias)))
        }
        if count > 1 { lines.append(.heading("reading: " + i.reading(format: trimmed))) }
        return lines
    }

    static func outputLines(_ output: OutputInspection, layer l: Int) -> [Row] {
        let s = superscript(l)
        var lines: [Row] = []
        switch output.loss {
        case .softmaxCrossEntropy:
            lines.append(row("e^(s − max s)", vector(output.exponentials ?? [])))
            lines.append(row("p = softmax(s) = e / Σe", vector(output.probabilities ?? [])
                + (output.predictedClass.map { "  predicted class \($0)" } ?? "")))
            lines.append(row("L = −log p_y", number(output.lossValue)))
            lines.append(row("δ\(s) = ∂L/∂s = p − y", vector(output.gradient)))
        case .binaryCrossEntropy:
            lines.append(row("p = σ(s), [1 − p, p]", vector(output.probabilities ?? [])
                + (output.predictedClass.map { "  predicted class \($0)" } ?? "")))
            lines.append(row("L = −y log p − (1−y) log(1−p)", number(output.lossValue)))
            lines.append(row("δ\(s) = ∂L/∂s = p − y", vector(output.gradient)))
        case .meanSquaredError:
            lines.append(row("ŷ = s", vector(output.prediction ?? [])))
            lines.append(row("L = ½‖ŷ − y‖²", number(output.lossValue)))
            lines.append(row("δ\(s) = ∂L/∂s = ŷ − y (residual)", vector(output.gradient)))
        }
        return lines
    }
}
