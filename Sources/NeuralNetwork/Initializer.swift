import Randomness

/// Weight initialisation schemes, by their stable names.
public enum Initializer: String, CaseIterable, Sendable, Codable {
    /// U(−1/√fan_in, 1/√fan_in), the default of PyTorch's `nn.Linear`.
    case uniform
    /// N(0, 0.05²), Keras' `RandomNormal` default.
    case normal
    /// Glorot uniform: U(±√(6/(fan_in+fan_out))).
    case xavier
    /// Glorot normal: N(0, 2/(fan_in+fan_out)).
    case xavierNormal = "xavier-normal"
    /// Kaiming normal: N(0, 2/fan_in).
    case he
    /// Kaiming uniform: U(±√(6/fan_in)).
    case heUniform = "he-uniform"

    public static let aliases: [String: Initializer] = ["glorot": .xavier, "glorot-normal": .xavierNormal,
                                                        "kaiming": .he, "kaiming-uniform": .heUniform]

    public init?(name: String) {
        let key = name.lowercased()
        guard let value = Initializer(rawValue: key) ?? Initializer.aliases[key] else { return nil }
        self = value
    }

    /// He for the ReLU family, Xavier otherwise.
    public static func defaultFor(_ unit: UnitKind) -> Initializer {
        unit.prefersHeInitialization ? .he : .xavier
    }

    /// One weight drawn for a layer with these fan-in and fan-out.
    public func sample(fanIn: Int, fanOut: Int, using rng: inout SeededGenerator) -> Double {
        let fi = Double(max(fanIn, 1)), fo = Double(max(fanOut, 1))
        switch self {
        case .uniform:
            let r = 1 / fi.squareRoot()
            return rng.uniform(-r, r)
        case .normal:
            return rng.normal(standardDeviation: 0.05)
        case .xavier:
            let r = (6 / (fi + fo)).squareRoot()
            return rng.uniform(-r, r)
        case .xavierNormal:
            return rng.normal(standardDeviation: (2 / (fi + fo)).squareRoot())
        case .he:
            return rng.normal(standardDeviation: (2 / fi).squareRoot())
        case .heUniform:
            let r = (6 / fi).squareRoot()
            return rng.uniform(-r, r)
        }
    }
}
