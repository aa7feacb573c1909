/// The text `nnscope graph` prints (shared with the command language): an expression's graph with
/// forward values and adjoints, and its gradient by both modes.
public enum GraphReport {
    public enum Format: Sendable {
        /// A table of nodes in evaluation order, then the gradient.
        case table
        /// Graphviz DOT: nodes labelled with operation, value and adjoint.
        case dot
    }

    /// Parses `expression`, records it at `values`, and renders it.
    public static func render(expression: String, at values: [String: Double], format: Format = .table) throws(ExpressionError) -> String {
        let parsed = try Expression(parsing: expression)
        let recorded = try ExpressionGraph(parsed, at: values)
        switch format {
        case .table: return table(recorded, text: expression)
        case .dot: return dot(recorded)
        }
    }

    /// Parses "x=1,w=0,b=0" (spaces allowed; empty text is no values).
    public static func parseAssignments(_ text: String) throws(ExpressionError) -> [String: Double] {
        var values: [String: Double] = [:]
        for item in text.split(separator: ",") {
            let parts = item.split(separator: "=", omittingEmptySubsequences: false)
            let name = parts[0].trimmingWhitespace
            guard parts.count == 2, !name.isEmpty else { throw .badAssignment("expected name=value, got '\(item.trimmingWhitespace)'") }
            guard let value = Double(parts[1].trimmingWhitespace), value.isFinite else {
                throw .badAssignment("'\(parts[1].trimmingWhitespace)' is not a number (in '\(item.trimmingWhitespace)')")
            }
            guard values[name] == nil else { throw .badAssignment("'\(name)' is given twice") }
            values[name] = value
        }
        return values
    }

    private static func rows(_ e: ExpressionGraph) -> [(id: String, operation: String, inputs: String, value: String, adjoint: String)] {
        let adjoints = e.graph.adjoints(of: e.output)
        return e.graph.nodes.enumerated().map { i, node in
            let operation = node.op == .constant ? "const \(formatNumber(node.value[0, 0]))" : node.op.name
            return ("#\(i)", operation, node.op.parents.map(\.description).joined(separator: ", "),
                    formatNumber(node.value[0, 0]), formatNumber(adjoints[i]?[0, 0] ?? 0))
        }
    }

    private static func table(_ e: ExpressionGraph, text: String) -> String {
        var out = "f(\(e.variableNames.joined(separator: ", "))) = \(text)"
        if !e.variableNames.isEmpty {
            let at = zip(e.variableNames, e.variableNodes).map { "\($0) = \(formatNumber(e.graph.scalar($1)))" }
            out += "   at " + at.joined(separator: ", ")
        }
        out += "\n\n"
        let body = rows(e).map { [$0.id, $0.operation, $0.inputs, $0.value, $0.adjoint] }
        out += aligned([["node", "operation", "inputs", "value", "adjoint (df/dnode)"]] + body)
        out += "\nf = \(formatNumber(e.value))\n"
        guard !e.variableNames.isEmpty else { return out }
        let reverse = e.reverseGradient, forward = e.forwardGradient
        let gradient = e.variableNames.indices.map { ["df/d\(e.variableNames[$0])", formatNumber(reverse[$0]), formatNumber(forward[$0])] }
        out += "\n" + aligned([["gradient", "reverse mode", "forward mode"]] + gradient)
        out += "\nreverse mode: 1 forward + 1 backward sweep over \(e.graph.nodes.count) nodes; "
        out += "forward mode: \(e.variableNames.count) sweep\(e.variableNames.count == 1 ? "" : "s") (one per variable)\n"
        return out
    }

    private static func dot(_ e: ExpressionGraph) -> String {
        var out = "digraph expression {\n  rankdir=LR;\n  node [shape=box, fontname=\"monospace\"];\n"
        for row in rows(e) {
            let label = "\(row.id) \(row.operation)\\nvalue \(row.value)\\nadjoint \(row.adjoint)"
            out += "  n\(row.id.dropFirst()) [label=\"\(label.replacingQuotes)\"];\n"
        }
        for (i, node) in e.graph.nodes.enumerated() {
            for parent in node.op.parents { out += "  n\(parent.index) -> n\(i);\n" }
        }
        return out + "}\n"
    }

    /// Left-aligned columns separated by two spaces.
    private static func aligned(_ rows: [[String]]) -> String {
        let widths = rows[0].indices.map { c in rows.map { $0[c].count }.max() ?? 0 }
        return rows.map { row in
            row.indices.map { c in c == row.count - 1 ? row[c] : row[c].padding(to: widths[c]) }.joined(separator: "  ")
        }.joined(separator: "\n") + "\n"
    }
}

extension StringProtocol {
    fileprivate var trimmingWhitespace: String {
        String(drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
    }
    fileprivate var replacingQuotes: String { String(map { $0 == "\"" ? "'" : $0 }) }
    fileprivate func padding(to width: Int) -> String { String(self) + String(repeating: " ", count: Swift.max(0, width - count)) }
}
