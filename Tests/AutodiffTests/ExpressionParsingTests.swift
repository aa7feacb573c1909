import Autodiff
import Testing

@Suite struct ExpressionParsingTests {
    private func parse(_ text: String) throws(ExpressionError) -> Expression { try Expression(parsing: text) }

    @Test func precedenceOfProductsOverSums() throws {
        #expect(try parse("a + b * c") == .add(.variable("a"), .multiply(.variable("b"), .variable("c"))))
        #expect(try parse("(a + b) * c") == .multiply(.add(.variable("a"), .variable("b")), .variable("c")))
    }

    @Test func leftAssociativeSubtractionAndDivision() throws {
        #expect(try parse("a - b - c") == .subtract(.subtract(.variable("a"), .variable("b")), .variable("c")))
        #expect(try parse("a / b / c") == .divide(.divide(.variable("a"), .variable("b")), .variable("c")))
        #expect(try parse("8 / 4 / 2").evaluate(at: [:]) == 1)
    }

    @Test func powerIsRightAssociative() throws {
        #expect(try parse("x^3^2") == .power(.variable("x"), 9))
        #expect(try parse("2^3^2").evaluate(at: [:]) == 512)
    }

    @Test func unaryMinusBindsLooserThanPower() throws {
        #expect(try parse("-x^2") == .negate(.power(.variable("x"), 2)))
        #expect(try parse("-x^2").evaluate(at: ["x": 3]) == -9)
        #expect(try parse("2^-1").evaluate(at: [:]) == 0.5)
        #expect(try parse("--x") == .negate(.negate(.variable("x"))))
        #expect(try parse("a*-b") == .multiply(.variable("a"), .negate(.variable("b"))))
    }

    @Test func unaryMinusBindsTighterThanProducts() throws {
        #expect(try parse("-a*b") == .multiply(.negate(.variable("a")), .variable("b")))
    }

    @Test func numbersInEveryForm() throws {
        #expect(try parse("1e-3") == .number(0.001))
        #expect(try parse("2.5E+2") == .number(250))
        #expect(try parse(".5") == .number(0.5))
        #expect(try parse("3.") == .number(3))
    }

    @Test func unicodeOperators() throws {
        #expect(try parse("a × b ÷ c − d") == .subtract(.divide(.multiply(.variable("a"), .variable("b")), .variable("c")), .variable("d")))
        #expect(try parse("−x") == .negate(.variable("x")))
    }

    @Test func functionsAndActivationNames() throws {
        #expect(try parse("exp(x)") == .call("exp", [.variable("x")]))
        #expect(try parse("sigmoid(x)") == .call("logistic", [.variable("x")]))
        #expect(try parse("leaky-relu(x)") == .call("leaky-relu", [.variable("x")]))
        #expect(try parse("hard-tanh (x)") == .call("hard-tanh", [.variable("x")]))
        #expect(try parse("gelu-tanh(x)") == .call("gelu-tanh", [.variable("x")]))
        #expect(try parse("elu(x, 0.5)") == .call("elu", [.variable("x"), .number(0.5)]))
    }

    @Test func dashedNamesOnlyWhenTheyAreFunctionCalls() throws {
        // Not followed by '(' or not a function: the dash is a minus.
        #expect(try parse("leaky-relu") == .subtract(.variable("leaky"), .variable("relu")))
        #expect(try parse("x-relu(y)") == .subtract(.variable("x"), .call("relu", [.variable("y")])))
        #expect(try parse("a-b") == .subtract(.variable("a"), .variable("b")))
        #expect(try parse("hard-tanh-x") == .subtract(.subtract(.variable("hard"), .variable("tanh")), .variable("x")))
    }

    @Test func variablesInOrderOfFirstAppearance() throws {
        #expect(try parse("w*x + b + w").variables == ["w", "x", "b"])
    }

    @Test func missingParenthesisShowsACaretAtTheEnd() {
        let text = "1/(exp(-(w*x+b)+1"
        #expect(throws: ExpressionError.syntax(message: "expected ')'", position: 17, expression: text)) { try parse(text) }
        let error = #expect(throws: ExpressionError.self) { try parse(text) }
        #expect(error?.description == "1/(exp(-(w*x+b)+1\n                 ^ expected ')'")
    }

    @Test(arguments: [
        ("x +", 3, "unexpected end of expression"),
        ("x $ y", 2, "unexpected character '$'"),
        ("x y", 2, "expected an operator"),
        ("(x))", 3, "unmatched ')'"),
        ("2^x", 2, "the exponent must be a constant"),
        ("relu(x, 2)", 0, "'relu' takes 1 argument, got 2"),
        ("a * blah(x)", 4, "unknown function 'blah'"),
        ("1e999", 0, "number '1e999' is out of range"),
        ("x * )", 4, "expected a number, a variable, a function or '(' but found ')'"),
    ])
    func errorsCarryTheirColumn(text: String, position: Int, message: String) {
        #expect(throws: ExpressionError.syntax(message: message, position: position, expression: text)) { try parse(text) }
    }

    @Test func unknownFunctionsSuggestAName() {
        #expect(throws: ExpressionError.syntax(message: "unknown function 'rleu': did you mean 'relu'?", position: 0, expression: "rleu(x)")) {
            try parse("rleu(x)")
        }
    }

    @Test func overlongAndOverlyNestedExpressionsAreErrors() throws {
        #expect(try parse(String(repeating: "(", count: 50) + "x" + String(repeating: ")", count: 50)) == .variable("x"))
        let deep = String(repeating: "(", count: 200) + "x" + String(repeating: ")", count: 200)
        let nested = #expect(throws: ExpressionError.self) { try parse(deep) }
        #expect(nested?.description.contains("nested too deeply") == true)
        let long = Array(repeating: "x", count: 600).joined(separator: "+")
        let tooLong = #expect(throws: ExpressionError.self) { try parse(long) }
        #expect(tooLong?.description.contains("too long") == true)
        #expect(throws: ExpressionError.self) { try parse(String(repeating: "-", count: 500) + "x") }
    }
}
