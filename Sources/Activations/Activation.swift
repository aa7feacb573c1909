import RealModule
import Spelling

/// The element-wise activation functions, by their stable names (used by the CLI, the command
/// language and session files).
public enum ActivationKind: String, CaseIterable, Sendable, Codable {
    case identity
    case logistic
    case tanh
    case hardLogistic = "hard-logistic"
    case hardTanh = "hard-tanh"
    case relu
    case leakyRelu = "leaky-relu"
    case prelu
    case elu
    case softplus
    case swish
    case gelu
    case geluTanh = "gelu-tanh"

    /// Accepted alternative names.
    public static let aliases: [String: ActivationKind] = [
        "sigmoid": .logistic, "linear": .identity, "leakyrelu": .leakyRelu, "leaky_relu": .leakyRelu,
        "hard-sigmoid": .hardLogistic, "silu": .swish,
    ]

    /// The kind named `name` (case-insensitive, aliases accepted), or nil.
    public init?(name: String) {
        let key = name.lowercased()
        if let kind = ActivationKind(rawValue: key) ?? ActivationKind.aliases[key] {
            self = kind
        } else {
            return nil
        }
    }

    /// The parameter this function takes, if any: its name, default, and whether it is learned.
    public var parameterName: String? {
        switch self {
        case .leakyRelu, .elu: return "gamma"
        case .prelu: return "slope"
        case .swish: return "beta"
        default: return nil
        }
    }

    public var defaultParameter: Double {
        switch self {
        case .leakyRelu: return 0.01
        case .prelu: return 0.25
        case .elu, .swish: return 1
        default: return 0
        }
    }
}

/// An activation function with its parameter (γ for leaky ReLU and ELU, the initial slope for PReLU,
/// β for swish). PReLU's slope is always learned, one per unit; swish's β is learned when `learnable`.
public struct Activation: Sendable, Equatable, Codable, CustomStringConvertible {
    public var kind: ActivationKind
    public var parameter: Double
    public var learnable: Bool

    public init(_ kind: ActivationKind, parameter: Double? = nil, learnable: Bool? = nil) {
        self.kind = kind
        self.parameter = parameter ?? kind.defaultParameter
        self.learnable = learnable ?? (kind == .prelu)
    }

    /// Parses "relu", "leaky-relu", "elu:0.5", "swish:1:learned" (name, optional parameter, optional flag).
    public init(parsing text: String) throws(ActivationError) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard let kind = ActivationKind(name: parts[0]) else {
            throw .unknownName(parts[0], suggestion: ActivationKind.closestName(to: parts[0]))
        }
        var parameter: Double?
        if parts.count > 1 {
            guard kind.parameterName != nil else { throw .takesNoParameter(kind.rawValue) }
            guard let p = Double(parts[1]), p.isFinite else { throw .badParameter(kind.rawValue, parts[1]) }
            parameter = p
        }
        var learnable: Bool?
        if parts.count > 2 {
            guard parts[2] == "learned" || parts[2] == "learnable", kind == .swish || kind == .prelu else {
                throw .badParameter(kind.rawValue, parts[2])
            }
            learnable = true
        }
        if parts.count > 3 { throw .badParameter(kind.rawValue, text) }
        self.init(kind, parameter: parameter, learnable: learnable)
    }

    /// Whether this function has a parameter learned by gradient descent.
    public var hasLearnedParameter: Bool { (kind == .prelu) || (kind == .swish && learnable) }

    /// "relu", "leaky-relu(gamma=0.01)", "swish(beta=1, learned)".
    public var description: String {
        guard let name = kind.parameterName else { return kind.rawValue }
        let learned = hasLearnedParameter ? ", learned" : ""
        return "\(kind.rawValue)(\(name)=\(parameter)\(learned))"
    }

    /// The spec string `init(parsing:)` reads back: "elu:0.5".
    public var spec: String {
        guard kind.parameterName != nil else { return kind.rawValue }
        var s = "\(kind.rawValue):\(parameter)"
        if kind == .swish && learnable { s += ":learned" }
        return s
    }
}

public enum ActivationError: Error, Equatable, CustomStringConvertible {
    case unknownName(String, suggestion: String?)
    case takesNoParameter(String)
    case badParameter(String, String)

    public var description: String {
        switch self {
        case let .unknownName(name, suggestion):
            let hint = suggestion.map { ": did you mean '\($0)'?" } ?? ""
            return "unknown activation '\(name)'\(hint) (known: \(ActivationKind.allCases.map(\.rawValue).joined(separator: ", ")))"
        case let .takesNoParameter(name):
            return "activation '\(name)' takes no parameter"
        case let .badParameter(name, value):
            return "activation '\(name)': '\(value)' is not a valid parameter"
        }
    }
}

extension ActivationKind {
    /// The known name (or alias) closest to `word` by edit distance, when it is close enough.
    public static func closestName(to word: String) -> String? {
        let names = allCases.map(\.rawValue) + aliases.keys.sorted()
        return closestWord(to: word, in: names)
    }
}

