import Activations

/// A parsed scalar expression.
public indirect enum Expression: Sendable, Equatable {
    case number(Double)
    case variable(String)
    case negate(Expression)
    case add(Expression, Expression)
    case subtract(Expression, Expression)
    case multiply(Expression, Expression)
    case divide(Expression, Expression)
    /// base ^ constant exponent.
    case power(Expression, Double)
    /// A function call; the name is canonical ("exp", "logistic", "leaky-relu").
    case call(String, [Expression])

    /// The variables, in order of first appearance.
    public var variables: [String] {
        var seen: [String] = []
        func walk(_ e: Expression) {
            switch e {
            case .number: break
            case let .variable(name): if !seen.contains(name) { seen.append(name) }
            case let .negate(x), let .power(x, _): walk(x)
            case let .add(a, b), let .subtract(a, b), let .multiply(a, b), let .divide(a, b): walk(a); walk(b)
            case let .call(_, args): args.forEach(walk)
            }
        }
        walk(self)
        return seen
    }

    /// Parses `text`; errors carry the column they were found at.
    public init(parsing text: String) throws(ExpressionError) {
        var parser = try ExpressionParser(text)
        self = try parser.parseWhole()
    }
}

/// The functions an expression may call: the elementary ones and every activation (with an
/// optional second argument, the activation's parameter).
enum ExpressionFunction {
    case elementary(UnaryFunction)
    case activation(ActivationKind)

    static let elementary: [String: UnaryFunction] = [
        "exp": .exp, "log": .log, "sin": .sin, "cos": .cos, "tanh": .tanh, "sqrt": .sqrt,
    ]

    /// The function called `name` (activation names are case-insensitive and accept aliases).
    static func named(_ name: String) -> ExpressionFunction? {
        if let f = elementary[name] { return .elementary(f) }
        return ActivationKind(name: name).map { .activation($0) }
    }

    var canonicalName: String {
        switch self {
        case let .elementary(f): return f.name
        case let .activation(kind): return kind.rawValue
        }
    }

    var arity: ClosedRange<Int> {
        switch self {
        case .elementary: return 1...1
        case let .activation(kind): return kind.parameterName == nil ? 1...1 : 1...2
        }
    }

    /// Every name (for "did you mean").
    static var allNames: [String] {
        elementary.keys.sorted() + ActivationKind.allCases.map(\.rawValue) + ActivationKind.aliases.keys.sorted()
    }
}

/// A parse or evaluation error in an expression, with the column it refers to when there is one.
public enum ExpressionError: Error, Equatable, CustomStringConvertible {
    /// `message` about column `position` (0-based, in characters) of `expression`.
    case syntax(message: String, position: Int, expression: String)
    /// Variables of the expression that were given no value.
    case missingValues([String])
    /// Values given for names the expression does not use.
    case unknownVariables([String])
    /// A malformed `name=value` list.
    case badAssignment(String)

    /// The expression with a caret under the offending column, then the message.
    public var description: String {
        switch self {
        case let .syntax(message, position, expression):
            return expression + "\n" + String(repeating: " ", count: position) + "^ " + message
        case let .missingValues(names):
            return "no value given for " + names.map { "'\($0)'" }.joined(separator: ", ") + " (use --at name=value,...)"
        case let .unknownVariables(names):
            return "the expression has no variable " + names.map { "'\($0)'" }.joined(separator: ", ")
        case let .badAssignment(message):
            return message
        }
    }
}
