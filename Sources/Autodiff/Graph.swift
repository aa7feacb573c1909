import Activations
import LinearAlgebra

/// One recorded operation and its forward value.
public struct Node: Sendable {
    public internal(set) var op: Op
    public internal(set) var value: Tensor
}

/// A define-by-run computational graph over matrices.
///
/// Every operation is computed the moment it is recorded (dynamic use: record a fresh graph for
/// each batch) and appended to an arena, so parents always come before children and the arena's
/// order is a topological order. The same graph can also be re-run (static use): change leaf values
/// with `setValue(_:_:)` and call `evaluate()`. Nodes refer to each other by index, never by
/// reference, so a graph is a plain value that is freed all at once.
public struct Graph: Sendable {
    public private(set) var nodes: [Node] = []

    public init() {}

    public subscript(id: NodeID) -> Node { nodes[id.index] }
    /// The forward value of a node.
    public func value(_ id: NodeID) -> Tensor { nodes[id.index].value }
    /// The forward value of a 1×1 node.
    public func scalar(_ id: NodeID) -> Double { nodes[id.index].value[0, 0] }

    private mutating func record(_ op: Op, value: Tensor? = nil) -> NodeID {
        let id = NodeID(nodes.count)
        nodes.append(Node(op: op, value: value ?? forwardValue(of: op)))
        return id
    }

    // MARK: Leaves

    /// A leaf that gradients flow to (a variable, parameter or batch).
    public mutating func input(_ value: Tensor, name: String = "") -> NodeID { record(.input(name: name), value: value) }
    public mutating func input(_ value: Double, name: String = "") -> NodeID {
        input(Tensor(rows: 1, columns: 1, repeating: value), name: name)
    }
    /// A fixed leaf.
    public mutating func constant(_ value: Tensor) -> NodeID { record(.constant, value: value) }
    public mutating func constant(_ value: Double) -> NodeID { constant(Tensor(rows: 1, columns: 1, repeating: value)) }

    // MARK: Operations

    public mutating func matmul(_ a: NodeID, _ b: NodeID, transposeA: Bool = false, transposeB: Bool = false) -> NodeID {
        record(.matmul(a, b, transposeA: transposeA, transposeB: transposeB))
    }
    public mutating func addRow(_ x: NodeID, bias: NodeID) -> NodeID { record(.addRow(x, bias: bias)) }
    public mutating func add(_ a: NodeID, _ b: NodeID) -> NodeID { record(.add(a, b)) }
    public mutating func subtract(_ a: NodeID, _ b: NodeID) -> NodeID { record(.subtract(a, b)) }
    public mutating func multiply(_ a: NodeID, _ b: NodeID) -> NodeID { record(.multiply(a, b)) }
    public mutating func divide(_ a: NodeID, _ b: NodeID) -> NodeID { record(.divide(a, b)) }
    public mutating func apply(_ f: UnaryFunction, _ x: NodeID) -> NodeID { record(.unary(f, x)) }
    public mutating func negate(_ x: NodeID) -> NodeID { apply(.negate, x) }
    public mutating func power(_ x: NodeID, _ exponent: Double) -> NodeID { apply(.power(exponent), x) }
    public mutating func activation(_ f: Activation, _ x: NodeID, parameter: NodeID? = nil) -> NodeID {
        record(.activation(f, x, parameter: parameter))
    }
    public mutating func maxout(_ x: NodeID, pieces: Int) -> NodeID { record(.maxout(x, pieces: pieces)) }
    public mutating func softmaxCrossEntropy(logits: NodeID, labels: [Int]) -> NodeID {
        record(.softmaxCrossEntropy(logits: logits, labels: labels))
    }
    public mutating func sigmoidCrossEntropy(logits: NodeID, targets: NodeID) -> NodeID {
        record(.sigmoidCrossEntropy(logits: logits, targets: targets))
    }
    public mutating func meanSquaredError(prediction: NodeID, target: NodeID) -> NodeID {
        record(.meanSquaredError(prediction: prediction, target: target))
    }

    // MARK: Static re-run

    /// Replaces the value of a leaf (input or constant); call `evaluate()` afterwards.
    public mutating func setValue(_ id: NodeID, _ value: Tensor) {
        switch nodes[id.index].op {
        case .input, .constant: nodes[id.index].value = value
        default: preconditionFailure("setValue: node \(id) is not a leaf")
        }
    }

    /// Replaces the labels of a softmax cross-entropy node; call `evaluate()` afterwards.
    public mutating func setLabels(_ labels: [Int], of id: NodeID) {
        guard case let .softmaxCrossEntropy(logits, _) = nodes[id.index].op else {
            preconditionFailure("setLabels: node \(id) is not a softmax cross-entropy")
        }
        nodes[id.index].op = .softmaxCrossEntropy(logits: logits, labels: labels)
    }

    /// Recomputes every non-leaf value in recorded order.
    public mutating func evaluate() {
        for i in nodes.indices where !nodes[i].op.parents.isEmpty {
            nodes[i].value = forwardValue(of: nodes[i].op)
        }
    }
}
