/// A run that goes wrong while every number stays finite, flagged on the epoch it is seen in
/// (divergence, a non-finite loss or gradient, is reported separately and stops training).
public enum EpochWarning: String, Sendable, Equatable, Codable, CaseIterable {
    /// The epoch's training loss is at least `explodingFactor` times the loss of this network's
    /// first mini-batch (measured before any update: the untrained network's loss).
    case explodingLoss = "exploding-loss"
    /// Every unit of every hidden layer is dead: f′ = 0 on every training example, so no
    /// gradient flows into the hidden layers and they cannot learn any more.
    case allUnitsDead = "all-units-dead"

    /// How far above the first epoch's loss counts as exploding.
    public static let explodingFactor = 1000.0

    /// The warnings `metrics` deserves, given the loss of this network's first mini-batch.
    public static func check(_ metrics: EpochMetrics, firstLoss: Double?) -> [EpochWarning] {
        var warnings: [EpochWarning] = []
        if let firstLoss, firstLoss.isFinite, firstLoss > 0, metrics.trainLoss.isFinite,
           metrics.trainLoss >= explodingFactor * firstLoss {
            warnings.append(.explodingLoss)
        }
        if allHiddenUnitsDead(metrics.layers) { warnings.append(.allUnitsDead) }
        return warnings
    }

    /// True when the network has hidden layers and every unit of each is dead.
    public static func allHiddenUnitsDead(_ layers: [LayerDiagnostics]) -> Bool {
        let hidden = layers.dropLast()
        return !hidden.isEmpty && hidden.allSatisfy { $0.deadFraction >= 1 }
    }

    /// For people, with what to try.
    public var explanation: String {
        switch self {
        case .explodingLoss:
            return "loss exploding (over \(Int(EpochWarning.explodingFactor))x the untrained network's): lower the learning rate and reset"
        case .allUnitsDead:
            return "every hidden unit is dead (f' = 0 on every example): the network cannot learn; reset with leaky-relu, a lower lr or another init"
        }
    }

    /// For the status bar.
    public var shortText: String {
        switch self {
        case .explodingLoss: "loss exploding"
        case .allUnitsDead: "all units dead"
        }
    }
}
