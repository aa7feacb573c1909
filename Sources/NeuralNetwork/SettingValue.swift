import Activations
import Datasets

/// A setting's value, typed: what `set KEY VALUE`, `--KEY VALUE` and a session's config record
/// become once the setting's table row has read the words (`Setting.parse`). Applying it to a
/// configuration reads nothing again.
public enum SettingValue: Sendable, Equatable {
    case number(Double)
    case integer(Int)
    case seed(UInt64)
    /// The word that leaves the value to nnscope: `auto` (init, loss, data-seed), `default`
    /// (noise), `raw` (features); the row's `automaticWord`.
    case automatic
    /// Hidden layer widths; empty: no hidden layer (`none`).
    case widths([Int])
    case unit(UnitKind)
    /// Per-layer units; empty: no overrides (`none`).
    case layerUnits([Int: UnitKind])
    case initializer(Initializer)
    case optimizer(OptimizerKind)
    case loss(Loss)
    case engine(GradientEngineKind)
    case standardization(Standardization)
    case toggle(Bool)
    case features([InputFeature])
    /// A dataset spec (a name and options, or csv:/idx: paths); read when the data is loaded.
    case dataset(String)

    /// The value in the words `Setting.parse` reads back (`automatic` is the row's word).
    func text(automaticWord: String?) -> String {
        switch self {
        case let .number(x): return "\(x)"
        case let .integer(n): return "\(n)"
        case let .seed(s): return "\(s)"
        case .automatic: return automaticWord ?? "auto"
        case let .widths(w): return w.isEmpty ? "none" : w.map(String.init).joined(separator: ",")
        case let .unit(u): return u.spec
        case let .layerUnits(map):
            return map.isEmpty ? "none" : map.keys.sorted().map { "\($0)=\(map[$0]!.spec)" }.joined(separator: ",")
        case let .initializer(i): return i.rawValue
        case let .optimizer(o): return o.rawValue
        case let .loss(l): return l.rawValue
        case let .engine(e): return e.rawValue
        case let .standardization(s): return s.rawValue
        case let .toggle(on): return on ? "on" : "off"
        case let .features(f): return InputFeature.listDescription(f)
        case let .dataset(spec): return spec
        }
    }
}

/// The numbers a numeric setting accepts, declared once per row: validation checks it and `help
/// set` and the CLI's `--help` print it.
public struct NumberRange: Sendable, Equatable, CustomStringConvertible {
    public let lower: Double
    public let upper: Double
    /// False for "above `lower`" (the learning rate).
    public let includesLower: Bool

    public init(_ range: ClosedRange<Double>) {
        lower = range.lowerBound
        upper = range.upperBound
        includesLower = true
    }

    private init(above lower: Double) {
        self.lower = lower
        upper = .greatestFiniteMagnitude
        includesLower = false
    }

    /// Any number above 0.
    public static let positive = NumberRange(above: 0)
    /// Any finite number.
    public static let finite = NumberRange(-Double.greatestFiniteMagnitude...Double.greatestFiniteMagnitude)

    public func contains(_ x: Double) -> Bool {
        (includesLower ? x >= lower : x > lower) && x <= upper
    }

    /// "from 0 to 0.9", "above 0", "any number".
    public var description: String {
        if self == .finite { return "any number" }
        if !includesLower && upper == .greatestFiniteMagnitude { return "above \(plain(lower))" }
        return "from \(plain(lower)) to \(plain(upper))"
    }
}

/// `0`, `0.9`, `1e+30`: a bound as a learner reads it (whole numbers without ".0").
func plain(_ x: Double) -> String {
    x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : "\(x)"
}
