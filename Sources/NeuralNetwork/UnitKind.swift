import Activations
import Spelling

/// What a hidden layer's units compute: an element-wise activation, or maxout over k linear pieces.
public enum UnitKind: Sendable, Equatable, CustomStringConvertible {
    case activation(Activation)
    /// Each unit takes the maximum of `pieces` affine functions of its input (Goodfellow et al., 2013).
    case maxout(pieces: Int)

    /// Every name a user can pick for hidden units: the activation names, then "maxout".
    public static var allNames: [String] { ActivationKind.allCases.map(\.rawValue) + ["maxout"] }

    /// Parses "relu", "elu:0.5", "swish:1:learned", "maxout" or "maxout:3".
    public init(parsing text: String) throws(NetworkError) {
        let lower = text.lowercased()
        if lower == "maxout" || lower.hasPrefix("maxout:") {
            let parts = lower.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count <= 2 else { throw .invalid("maxout takes one parameter, the number of pieces: maxout:3") }
            let k = parts.count == 2 ? Int(parts[1]) : 2
            guard let k, (2...16).contains(k) else {
                throw .invalid("maxout pieces must be a whole number from 2 to 16, got '\(parts.count == 2 ? String(parts[1]) : "")'")
            }
            self = .maxout(pieces: k)
            return
        }
        do {
            self = .activation(try Activation(parsing: text))
        } catch let error {
            if case .unknownName(let name, _) = error {
                // Aliases (sigmoid, silu, linear, ...) take part: `sigmod` suggests `sigmoid`.
                let suggestion = closestWord(to: name, in: UnitKind.allNames + ActivationKind.aliases.keys.sorted())
                throw .invalid("unknown activation '\(name)'" + (suggestion.map { ": did you mean '\($0)'?" } ?? ""))
            }
            throw .invalid(error.description)
        }
    }

    /// Pieces per unit: k for maxout, 1 otherwise.
    public var pieces: Int {
        if case let .maxout(k) = self { return k }
        return 1
    }

    /// The name used everywhere: "relu", "maxout".
    public var name: String {
        switch self {
        case let .activation(a): return a.kind.rawValue
        case .maxout: return "maxout"
        }
    }

    /// The spec `init(parsing:)` reads back.
    public var spec: String {
        switch self {
        case let .activation(a): return a.spec
        case let .maxout(k): return k == 2 ? "maxout" : "maxout:\(k)"
        }
    }

    public var description: String {
        switch self {
        case let .activation(a): return a.description
        case let .maxout(k): return "maxout(k=\(k))"
        }
    }

    /// True for the functions He initialisation is designed for (ReLU and its relatives).
    public var prefersHeInitialization: Bool {
        switch self {
        case .maxout: return true
        case let .activation(a):
            switch a.kind {
            case .relu, .leakyRelu, .prelu, .elu, .gelu, .geluTanh, .swish: return true
            default: return false
            }
        }
    }
}

/// Errors in a network or training configuration.
public enum NetworkError: Error, Equatable, CustomStringConvertible {
    case invalid(String)

    public var description: String {
        switch self {
        case let .invalid(message): return message
        }
    }
}
