import Activations
import LinearAlgebra
import RealModule

/// The tensor type of the graph: a dense matrix of doubles; scalars are 1×1.
public typealias Tensor = Matrix<Double>

/// A handle to a node of a `Graph`: its index in the graph's arena.
public struct NodeID: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let index: Int
    public init(_ index: Int) { self.index = index }
    public static func < (a: NodeID, b: NodeID) -> Bool { a.index < b.index }
    public var description: String { "#\(index)" }
}

/// What a node computes. Parents are other nodes of the same graph, always recorded earlier.
public enum Op: Sendable, Equatable {
    /// A leaf whose value is set from outside: a variable, parameter or batch (gradients flow to it).
    case input(name: String)
    /// A leaf holding a fixed value.
    case constant
    /// op(A)·op(B), where op transposes when asked.
    case matmul(NodeID, NodeID, transposeA: Bool, transposeB: Bool)
    /// x + b with the 1×n row b added to every row of x: the bias.
    case addRow(NodeID, bias: NodeID)
    /// Element-wise arithmetic; either side may be 1×1 and is then broadcast.
    case add(NodeID, NodeID), subtract(NodeID, NodeID), multiply(NodeID, NodeID), divide(NodeID, NodeID)
    /// An element-wise function of one input.
    case unary(UnaryFunction, NodeID)
    /// f(x) element-wise. `parameter` (1×1 or 1×columns) overrides the activation's own parameter,
    /// so that a PReLU slope or a swish β gets a gradient.
    case activation(Activation, NodeID, parameter: NodeID?)
    /// N×(units·k) → N×units: the largest of each group of k consecutive columns.
    case maxout(NodeID, pieces: Int)
    /// (1/N) Σ_rows [log Σ_j e^{z_j} − z_label]: softmax and cross-entropy in log-sum-exp form.
    case softmaxCrossEntropy(logits: NodeID, labels: [Int])
    /// (1/N) Σ_all [max(z,0) − z·t + log(1 + e^{−|z|})]: sigmoid and binary cross-entropy.
    case sigmoidCrossEntropy(logits: NodeID, targets: NodeID)
    /// (1/(2N)) Σ_all (ŷ − y)², N the number of rows.
    case meanSquaredError(prediction: NodeID, target: NodeID)

    /// The nodes this one reads.
    public var parents: [NodeID] {
        switch self {
        case .input, .constant: return []
        case let .matmul(a, b, _, _), let .add(a, b), let .subtract(a, b), let .multiply(a, b), let .divide(a, b),
             let .addRow(a, b), let .sigmoidCrossEntropy(a, b), let .meanSquaredError(a, b):
            return [a, b]
        case let .unary(_, x), let .maxout(x, _), let .softmaxCrossEntropy(x, _): return [x]
        case let .activation(_, x, p): return p.map { [x, $0] } ?? [x]
        }
    }

    /// A short name for reports: "input w", "matmul", "exp", "pow 2", "leaky-relu(gamma=0.01)".
    public var name: String {
        switch self {
        case let .input(name): return name.isEmpty ? "input" : "input \(name)"
        case .constant: return "const"
        case let .matmul(_, _, ta, tb): return "matmul" + (ta ? " Aᵀ" : "") + (tb ? " Bᵀ" : "")
        case .addRow: return "add row"
        case .add: return "add"
        case .subtract: return "sub"
        case .multiply: return "mul"
        case .divide: return "div"
        case let .unary(f, _): return f.name
        case let .activation(f, _, p): return p == nil ? f.description : f.kind.rawValue
        case let .maxout(_, k): return "maxout k=\(k)"
        case .softmaxCrossEntropy: return "softmax cross-entropy"
        case .sigmoidCrossEntropy: return "sigmoid cross-entropy"
        case .meanSquaredError: return "mean squared error"
        }
    }
}

/// The element-wise functions of one argument, with their derivatives.
public enum UnaryFunction: Sendable, Equatable {
    case negate, exp, log, sin, cos, tanh, sqrt
    /// x^c for a constant c.
    case power(Double)

    public func value(_ x: Double) -> Double {
        switch self {
        case .negate: return -x
        case .exp: return .exp(x)
        case .log: return .log(x)
        case .sin: return .sin(x)
        case .cos: return .cos(x)
        case .tanh: return .tanh(x)
        case .sqrt: return x.squareRoot()
        case let .power(c): return raise(x, to: c)
        }
    }

    /// f′(x), given also y = f(x).
    public func derivative(_ x: Double, _ y: Double) -> Double {
        switch self {
        case .negate: return -1
        case .exp: return y
        case .log: return 1 / x
        case .sin: return .cos(x)
        case .cos: return -.sin(x)
        case .tanh: return 1 - y * y
        case .sqrt: return 0.5 / y
        case let .power(c): return c == 0 ? 0 : c * raise(x, to: c - 1)
        }
    }

    public var name: String {
        switch self {
        case .negate: return "neg"
        case .exp: return "exp"
        case .log: return "log"
        case .sin: return "sin"
        case .cos: return "cos"
        case .tanh: return "tanh"
        case .sqrt: return "sqrt"
        case let .power(c): return "pow \(formatNumber(c))"
        }
    }
}

/// x^c, exact for integral c (so negative bases work) and through exp/log otherwise.
func raise(_ x: Double, to c: Double) -> Double {
    if c == c.rounded() && Swift.abs(c) <= 1_048_576 { return Double.pow(x, Int(c)) }
    return Double.pow(x, c)
}

/// "1" for integral values, Swift's shortest round-trip form otherwise ("0.25", "1e-08", "nan").
public func formatNumber(_ x: Double) -> String {
    if x.isFinite && x == x.rounded() && Swift.abs(x) < 1e15 { return String(Int(x)) }
    return x.description
}
