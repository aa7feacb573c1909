import LinearAlgebra
import NeuralNetwork

/// The distribution of one hidden layer's pre-activations z over the training examples at the
/// current weights, binned over the activation panel's x range, so the panel can draw it under
/// f and f′ (how much of the layer sits in the saturated tails or the dead zone). Computed by the
/// worker; the layer is the one selected in the network view (default: layer 1).
public struct ZDistribution: Sendable, Equatable {
    /// Hidden layer number from 1.
    public var layer: Int
    public var range: ClosedRange<Double>
    /// Counts of z per equal-width bin of `range`.
    public var counts: [Int]
    /// Values of z outside `range` (not in any bin).
    public var outside: Int
    /// Examples used and z values counted (examples × the layer's width).
    public var examples: Int
    public var values: Int
    /// Share of the layer's (unit, example) pairs with |f′| < 5% of its maximum, and with f′ = 0.
    public var saturatedShare: Double
    public var deadShare: Double

    public static let bins = 48

    /// The x range the activation panel plots for `history` (the bins must match it).
    public static func panelRange(history: [EpochMetrics]) -> ClosedRange<Double> {
        ActivationPanel.plotRange(for: ActivationPanel.preactivationRange(history.last))
    }

    /// The distribution of hidden layer `layer` (from 1; clamped to the hidden layers) of
    /// `trainer`, binned over `range`; nil without hidden layers.
    public static func make(trainer: Trainer<Float>, layer: Int, range: ClosedRange<Double>) -> ZDistribution? {
        let hiddenCount = trainer.network.layers.count - 1
        guard hiddenCount > 0 else { return nil }
        let l = max(1, min(layer, hiddenCount))
        let activity = trainer.unitActivity(limit: NetworkPicture.activityExamples, preactivationsOf: l - 1)
        let z = activity.z
        var counts = [Int](repeating: 0, count: bins)
        var outside = 0
        let width = (range.upperBound - range.lowerBound) / Double(bins)
        for v in z {
            let x = Double(v)
            guard x >= range.lowerBound, x <= range.upperBound, width > 0 else { outside += 1; continue }
            counts[min(bins - 1, Int((x - range.lowerBound) / width))] += 1
        }
        let units = activity.layers[l - 1]
        let mean = { (f: (UnitActivity) -> Double) in units.isEmpty ? 0 : units.map(f).reduce(0, +) / Double(units.count) }
        return ZDistribution(layer: l, range: range, counts: counts, outside: outside, examples: activity.examples, values: z.count,
                             saturatedShare: mean(\.saturatedShare), deadShare: mean(\.deadShare))
    }
}
