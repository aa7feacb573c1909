import Activations
import NeuralNetwork
import Render

/// What the gradient panel says in words about one epoch's per-layer diagnostics: the ratio of
/// the first layer's gradient to the output layer's, and a warning (ending with what to try) for
/// vanishing or exploding gradients, dead units, and saturated or inactive (unit, example) pairs.
/// Pure, so the numbers and the wording are tested without a screen.
struct GradientReport: Equatable {
    /// A hidden layer is flagged when more than this share of its units is dead...
    static let deadThreshold = 0.5
    /// ...or more than this share of its (unit, example) pairs is saturated or inactive (one-sided
    /// functions such as ReLU sit near 50% inactive when healthy, hence the higher bar).
    static let saturatedThreshold = 0.75
    /// A layer getting less than this share of the output layer's gradient is "vanishing"...
    static let vanishingRatio = 1e-2
    /// ...more than this many times it is "exploding".
    static let explodingRatio = 1e2

    /// How the share of low-derivative (unit, example) pairs is named for a kind of unit.
    enum PairWord: String {
        /// Sigmoid-like units (logistic, tanh, hard-logistic, hard-tanh): f′ small in both tails.
        case saturated
        /// Rectifier-like units (ReLU and its relatives, maxout): f′ small for negative inputs.
        case inactive
        /// Units whose derivative never gets small (identity).
        case none

        init(_ unit: UnitKind) {
            switch unit {
            case .maxout: self = .inactive
            case let .activation(activation):
                switch activation.kind {
                case .logistic, .tanh, .hardLogistic, .hardTanh: self = .saturated
                case .identity: self = .none
                default: self = .inactive
                }
            }
        }
    }

    /// `L1/L3 (output): 1/1.95e5` — the first layer's gradient over the output layer's.
    var ratioLine: String?
    /// One entry per problem, in layer order, each ending with a remedy.
    var warnings: [String]
    /// Per layer, the text after its heatmap row or bar: `2.95e-6 dead 0% inactive 53%`.
    var layerNotes: [String]
    /// The hidden layers past a threshold (0-based), for highlighting.
    var flaggedLayers: Set<Int>

    init(_ metrics: EpochMetrics, units: [UnitKind]) {
        let layers = metrics.layers
        let outputIndex = layers.count - 1
        var warnings: [String] = []
        var flagged: Set<Int> = []
        var notes: [String] = []
        let output = layers.last?.gradNorm ?? .nan

        if layers.count >= 2 {
            let first = layers[0].gradNorm
            ratioLine = "gradient L1/L\(layers.count) (output): " + GradientReport.ratioText(first, output)
        }
        // Vanishing or exploding: the hidden layer furthest from the output layer's gradient.
        if layers.count >= 2, output.isFinite, output > 0 {
            let ratios = layers.dropLast().map { $0.gradNorm / output }
            let vanishing = ratios.indices.filter { ratios[$0].isFinite && ratios[$0] < GradientReport.vanishingRatio }
            if let worst = vanishing.min(by: { ratios[$0] < ratios[$1] }) {
                let others = vanishing.count > 1 ? " (\(vanishing.count) layers below 1/\(NumberFormat.compact(1 / GradientReport.vanishingRatio)))" : ""
                let share = ratios[worst] == 0 ? "no gradient at all" : GradientReport.ratioText(layers[worst].gradNorm, output) + " of the output layer's gradient"
                warnings.append("layer \(worst + 1) gets \(share): vanishing\(others); try relu or leaky-relu, he init, or fewer layers")
                flagged.formUnion(vanishing)
            }
            let exploding = ratios.indices.filter { ratios[$0] > GradientReport.explodingRatio }
            if let worst = exploding.max(by: { ratios[$0] < ratios[$1] }) {
                warnings.append("layer \(worst + 1) gets \(NumberFormat.compact(ratios[worst]))x the output layer's gradient: exploding; try a lower lr, clip 1, or a smaller init-scale")
                flagged.formUnion(exploding)
            }
        }
        let allDead = EpochWarning.allHiddenUnitsDead(layers)
        if allDead {
            warnings.append(EpochWarning.allUnitsDead.explanation)
            flagged.formUnion(layers.indices.dropLast())
        } else if layers.count >= 2, output == 0 {
            warnings.append("the output layer gets no gradient (exactly 0); try a lower lr and reset (R)")
        }

        for (index, layer) in layers.enumerated() {
            let value = NumberFormat.compact(layer.gradNorm)
            // With L1 on, each layer's share of weights that are exactly zero.
            let zeros = layer.zeroWeightFraction.map { " zero \(GradientReport.percent($0))" } ?? ""
            guard index < outputIndex else {
                notes.append("\(value) (output)" + zeros)
                continue
            }
            let unit = index < units.count ? units[index] : .activation(Activation(.relu))
            let word = PairWord(unit)
            let unitName = GradientReport.pluralName(unit)
            var note = "\(value) dead \(GradientReport.percent(layer.deadFraction))"
            if word != .none { note += " \(word.rawValue) \(GradientReport.percent(layer.saturatedFraction))" }
            notes.append(note + zeros)
            let dead = layer.deadFraction > GradientReport.deadThreshold
            if dead, !allDead {
                flagged.insert(index)
                warnings.append("layer \(index + 1): \(GradientReport.percent(layer.deadFraction)) of its \(unitName) dead (f' = 0 on every example); try a lower lr, leaky-relu, or another init")
            }
            // Dead units are inactive on every example: name the pairs only when they say more.
            if word != .none, !allDead, layer.saturatedFraction > GradientReport.saturatedThreshold,
               !(dead && layer.saturatedFraction <= layer.deadFraction + 1e-9) {
                flagged.insert(index)
                let remedy = word == .saturated
                    ? "try a smaller init-scale, xavier init, or standardised inputs"
                    : "try leaky-relu, a small positive bias-init (0.1), or a lower lr"
                let threshold = word == .saturated ? "f' < 5% of its max" : "f' below 5% of 1"
                warnings.append("layer \(index + 1): \(word.rawValue) on \(GradientReport.percent(layer.saturatedFraction)) of (unit, example) pairs (\(threshold)); \(remedy)")
            }
        }
        self.warnings = warnings
        self.layerNotes = notes
        self.flaggedLayers = flagged
    }

    /// `1/1.95e5`, `1/3.2`, `4.1x`, `1x` (equal), `0`, or `none (output 0)` when the output
    /// layer's gradient is 0 or not finite.
    static func ratioText(_ numerator: Double, _ denominator: Double) -> String {
        guard numerator.isFinite, denominator.isFinite, denominator > 0 else { return "none (output \(NumberFormat.compact(denominator)))" }
        if numerator == 0 { return "0" }
        let ratio = numerator / denominator
        if ratio < 1 { return "1/" + NumberFormat.compact(1 / ratio) }
        return NumberFormat.compact(ratio) + "x"
    }

    static func percent(_ fraction: Double) -> String {
        fraction.isFinite ? "\(Int((fraction * 100).rounded()))%" : "?"
    }

    /// "ReLUs", "tanh units".
    static func pluralName(_ unit: UnitKind) -> String {
        unit.name == "relu" ? "ReLUs" : "\(unit.name) units"
    }
}
