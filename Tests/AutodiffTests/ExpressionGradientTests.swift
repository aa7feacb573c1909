import Autodiff
import RealModule
import Testing

@Suite struct ExpressionGradientTests {
    private func recorded(_ text: String, _ values: [String: Double]) throws -> ExpressionGraph {
        try ExpressionGraph(Expression(parsing: text), at: values)
    }

    @Test func theCourseSigmoidExample() throws {
        let e = try recorded("1/(exp(-(w*x+b))+1)", ["x": 1, "w": 0, "b": 0])
        #expect(e.value == 0.5)
        #expect(e.variableNames == ["w", "x", "b"])
        #expect(e.reverseGradient == [0.25, 0, 0.25])
        #expect(e.forwardGradient == [0.25, 0, 0.25])
    }

    /// (expression, point, value, gradient in order of first appearance), all in closed form.
    static let closedForms: [(String, [String: Double], Double, [Double])] = [
        ("x*y + sin(x)", ["x": 0.7, "y": -1.3], 0.7 * -1.3 + .sin(0.7), [-1.3 + .cos(0.7), 0.7]),
        ("x^3 - 2*x", ["x": 1.5], 1.5 * 1.5 * 1.5 - 3, [3 * 1.5 * 1.5 - 2]),
        ("log(x)/y", ["x": 2, "y": 4], .log(2) / 4, [1.0 / 8, -.log(2) / 16]),
        ("sqrt(x^2 + y^2)", ["x": 3, "y": 4], 5, [0.6, 0.8]),
        ("tanh(a)*cos(b)", ["a": 0.3, "b": 1.1], .tanh(0.3) * .cos(1.1),
         [(1 - .tanh(0.3) * .tanh(0.3)) * .cos(1.1), -.tanh(0.3) * .sin(1.1)]),
        ("exp(-x^2)", ["x": 0.5], .exp(-0.25), [-2 * 0.5 * .exp(-0.25)]),
        ("relu(x) + leaky-relu(y)", ["x": 2, "y": -3], 2 - 0.03, [1, 0.01]),
        ("prelu(x, a)", ["x": -2, "a": 0.3], -0.6, [0.3, -2]),
        ("x^0.5", ["x": 9], 3, [1.0 / 6]),
    ]

    @Test(arguments: closedForms)
    func valuesAndGradientsMatchClosedForms(text: String, point: [String: Double], value: Double, gradient: [Double]) throws {
        let e = try recorded(text, point)
        #expect(abs(e.value - value) <= 1e-14 * max(1, abs(value)), "\(text)")
        #expect(e.reverseGradient.count == gradient.count && e.forwardGradient.count == gradient.count)
        for (computed, expected) in zip(e.reverseGradient, gradient) {
            #expect(abs(computed - expected) <= 1e-14 * max(1, abs(expected)), "\(text): reverse \(computed), expected \(expected)")
        }
        for (forward, reverse) in zip(e.forwardGradient, e.reverseGradient) {
            #expect(abs(forward - reverse) <= 1e-12 * max(1e-300, abs(reverse)), "\(text): forward \(forward), reverse \(reverse)")
        }
    }

    @Test func aVariableUsedTwiceAccumulatesItsAdjoint() throws {
        let e = try recorded("x*x*x", ["x": 2])
        #expect(e.reverseGradient == [12])
        #expect(e.forwardGradient == [12])
    }

    @Test func everyVariableNeedsAValueAndEveryValueAVariable() throws {
        let parsed = try Expression(parsing: "w*x + b")
        #expect(throws: ExpressionError.missingValues(["w", "b"])) { try ExpressionGraph(parsed, at: ["x": 1]) }
        #expect(throws: ExpressionError.unknownVariables(["q", "z"])) {
            try ExpressionGraph(parsed, at: ["x": 1, "w": 1, "b": 1, "z": 1, "q": 2])
        }
        #expect(ExpressionError.missingValues(["w", "b"]).description.contains("'w', 'b'"))
    }

    @Test func assignmentsParse() throws {
        #expect(try GraphReport.parseAssignments("x=1, w = 0,b=-2.5e-1") == ["x": 1, "w": 0, "b": -0.25])
        #expect(try GraphReport.parseAssignments("") == [:])
        #expect(throws: ExpressionError.self) { try GraphReport.parseAssignments("x=1,y") }
        #expect(throws: ExpressionError.self) { try GraphReport.parseAssignments("x=abc") }
        #expect(throws: ExpressionError.self) { try GraphReport.parseAssignments("x=1,x=2") }
        #expect(throws: ExpressionError.self) { try GraphReport.parseAssignments("=1") }
    }

    @Test func theReportListsNodesAdjointsAndBothGradients() throws {
        let report = try GraphReport.render(expression: "1/(exp(-(w*x+b))+1)", at: ["x": 1, "w": 0, "b": 0])
        let lines = report.split(separator: "\n").map(String.init)
        #expect(lines.first == "f(w, x, b) = 1/(exp(-(w*x+b))+1)   at w = 0, x = 1, b = 0")
        // The division node is last, has value 0.5 and adjoint 1; w's adjoint is 0.25.
        #expect(lines.contains { $0.hasPrefix("#10") && $0.contains("div") && $0.contains("#3, #9") && $0.hasSuffix("0.5    1") })
        #expect(lines.contains { $0.hasPrefix("#0 ") && $0.contains("input w") && $0.hasSuffix("0.25") })
        #expect(lines.contains("f = 0.5"))
        #expect(lines.contains { $0.hasPrefix("df/dw") && $0.split(separator: " ").map(String.init) == ["df/dw", "0.25", "0.25"] })
        #expect(lines.contains { $0.hasPrefix("df/db") && $0.split(separator: " ").map(String.init) == ["df/db", "0.25", "0.25"] })
    }

    @Test func theDotOutputLabelsNodesAndEdges() throws {
        let dot = try GraphReport.render(expression: "x*y", at: ["x": 3, "y": 2], format: .dot)
        #expect(dot.hasPrefix("digraph expression {"))
        #expect(dot.contains("n0 [label=\"#0 input x\\nvalue 3\\nadjoint 2\"];"))
        #expect(dot.contains("n2 [label=\"#2 mul\\nvalue 6\\nadjoint 1\"];"))
        #expect(dot.contains("n0 -> n2;") && dot.contains("n1 -> n2;"))
        #expect(dot.hasSuffix("}\n"))
    }

    @Test func reportErrorsAreThrownNotPrinted() {
        #expect(throws: ExpressionError.missingValues(["y"])) { try GraphReport.render(expression: "x+y", at: ["x": 1]) }
        #expect(throws: ExpressionError.self) { try GraphReport.render(expression: "x+", at: ["x": 1]) }
    }
}
