import Activations

/// An expression recorded as a graph of 1×1 nodes at given variable values.
public struct ExpressionGraph: Sendable {
    public let expression: Expression
    public private(set) var graph = Graph()
    /// The node of the whole expression.
    public private(set) var output = NodeID(0)
    /// The variables in order of first appearance, and their input nodes.
    public let variableNames: [String]
    public private(set) var variableNodes: [NodeID] = []

    /// Records `expression`; every variable needs a value and every value a variable.
    public init(_ expression: Expression, at values: [String: Double]) throws(ExpressionError) {
        self.expression = expression
        variableNames = expression.variables
        let missing = variableNames.filter { values[$0] == nil }
        guard missing.isEmpty else { throw .missingValues(missing) }
        let unknown = values.keys.filter { !variableNames.contains($0) }.sorted()
        guard unknown.isEmpty else { throw .unknownVariables(unknown) }
        for name in variableNames { variableNodes.append(graph.input(values[name]!, name: name)) }
        output = record(expression)
    }

    private mutating func record(_ e: Expression) -> NodeID {
        switch e {
        case let .number(x): return graph.constant(x)
        case let .variable(name): return variableNodes[variableNames.firstIndex(of: name)!]
        case let .negate(x): return graph.negate(record(x))
        case let .add(a, b): return graph.add(record(a), record(b))
        case let .subtract(a, b): return graph.subtract(record(a), record(b))
        case let .multiply(a, b): return graph.multiply(record(a), record(b))
        case let .divide(a, b): return graph.divide(record(a), record(b))
        case let .power(x, c): return graph.power(record(x), c)
        case let .call(name, arguments):
            let x = record(arguments[0])
            switch ExpressionFunction.named(name) {
            case let .elementary(f)?: return graph.apply(f, x)
            case let .activation(kind)?:
                let parameter = arguments.count > 1 ? record(arguments[1]) : nil
                return graph.activation(Activation(kind), x, parameter: parameter)
            case nil: preconditionFailure("the parser only produces known functions")
            }
        }
    }

    /// The expression's value.
    public var value: Double { graph.scalar(output) }

    /// ∂f/∂variable for each variable, by reverse mode (one backward sweep).
    public var reverseGradient: [Double] { graph.gradients(of: output, withRespectTo: variableNodes).map { $0[0, 0] } }

    /// ∂f/∂variable for each variable, by forward mode (one sweep per variable).
    public var forwardGradient: [Double] { graph.forwardGradient(of: output, withRespectTo: variableNodes).map { $0[0, 0] } }
}

extension Expression {
    /// The value at the given variable values.
    public func evaluate(at values: [String: Double]) throws(ExpressionError) -> Double {
        try ExpressionGraph(self, at: values).value
    }
}
