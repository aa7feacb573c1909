import Activations
import Spelling

/// Tokens and a recursive-descent parser for scalar expressions.
///
///     sum     := product (('+' | '-') product)*
///     product := unary (('*' | '/') unary)*
///     unary   := ('-' | '+') unary | power
///     power   := primary ('^' unary)?        the exponent must be constant; right-associative
///     primary := number | name | name '(' sum (',' sum)* ')' | '(' sum ')'
///
/// So `-x^2` is `-(x^2)` and `2^3^2` is `2^9`. `×`, `÷`, `·` and `−` stand for `*`, `/`, `*`, `-`.
struct ExpressionParser {
    enum Kind: Equatable {
        case number(Double)
        case name(String)
        /// A name immediately followed by '(' (possibly with '-' in it: `leaky-relu(`).
        case function(String)
        case symbol(Character)
        case end
    }

    struct Token {
        let kind: Kind
        let position: Int
    }

    let text: String
    private var tokens: [Token] = []
    private var index = 0
    private var depth = 0

    /// Limits that keep the recursive parser and the tree walks far from the end of the stack.
    static let maximumTokens = 1_000
    static let maximumNesting = 100

    init(_ text: String) throws(ExpressionError) {
        self.text = text
        tokens = try tokenize(Array(text))
        if tokens.count > ExpressionParser.maximumTokens {
            throw error("the expression is too long (more than \(ExpressionParser.maximumTokens) tokens)",
                        at: tokens[ExpressionParser.maximumTokens].position)
        }
    }

    private func error(_ message: String, at position: Int) -> ExpressionError {
        .syntax(message: message, position: position, expression: text)
    }

    private func tokenize(_ chars: [Character]) throws(ExpressionError) -> [Token] {
        var tokens: [Token] = []
        var i = 0
        func isNameStart(_ c: Character) -> Bool { c.isLetter || c == "_" }
        func isNameBody(_ c: Character) -> Bool { c.isLetter || c.isNumber || c == "_" }
        func nextNonSpace(_ j: Int) -> Character? { chars[j...].first { !$0.isWhitespace } }
        while i < chars.count {
            let c = chars[i], start = i
            if c.isWhitespace {
                i += 1
            } else if c.isASCII && (c.isNumber || (c == "." && i + 1 < chars.count && chars[i + 1].isNumber)) {
                while i < chars.count && chars[i].isASCII && (chars[i].isNumber || chars[i] == ".") { i += 1 }
                if i + 1 < chars.count, chars[i] == "e" || chars[i] == "E" {
                    var j = i + 1
                    if chars[j] == "+" || chars[j] == "-" { j += 1 }
                    if j < chars.count && chars[j].isASCII && chars[j].isNumber {
                        i = j
                        while i < chars.count && chars[i].isASCII && chars[i].isNumber { i += 1 }
                    }
                }
                let literal = String(chars[start..<i])
                guard let value = Double(literal) else { throw error("malformed number '\(literal)'", at: start) }
                guard value.isFinite else { throw error("number '\(literal)' is out of range", at: start) }
                tokens.append(Token(kind: .number(value), position: start))
            } else if isNameStart(c) {
                while i < chars.count && isNameBody(chars[i]) { i += 1 }
                // Take the longest dashed name ("gelu-tanh") that is a known function called here.
                var end = i, candidate = i
                while candidate + 1 < chars.count && chars[candidate] == "-" && isNameStart(chars[candidate + 1]) {
                    candidate += 1
                    while candidate < chars.count && isNameBody(chars[candidate]) { candidate += 1 }
                    if nextNonSpace(candidate) == "(", ExpressionFunction.named(String(chars[start..<candidate])) != nil {
                        end = candidate
                    }
                }
                i = end
                let name = String(chars[start..<i])
                tokens.append(Token(kind: i < chars.count && nextNonSpace(i) == "(" ? .function(name) : .name(name), position: start))
            } else if let symbol = ExpressionParser.symbols[c] {
                tokens.append(Token(kind: .symbol(symbol), position: start))
                i += 1
            } else {
                throw error("unexpected character '\(c)'", at: start)
            }
        }
        tokens.append(Token(kind: .end, position: chars.count))
        return tokens
    }

    private static let symbols: [Character: Character] = [
        "+": "+", "-": "-", "−": "-", "*": "*", "×": "*", "·": "*", "/": "/", "÷": "/",
        "^": "^", "(": "(", ")": ")", ",": ",",
    ]

    private var current: Token { tokens[index] }

    private mutating func accept(_ symbol: Character) -> Bool {
        guard current.kind == .symbol(symbol) else { return false }
        index += 1
        return true
    }

    private mutating func expect(_ symbol: Character) throws(ExpressionError) {
        guard accept(symbol) else { throw error("expected '\(symbol)'", at: current.position) }
    }

    mutating func parseWhole() throws(ExpressionError) -> Expression {
        let e = try parseSum()
        guard current.kind == .end else {
            if current.kind == .symbol(")") { throw error("unmatched ')'", at: current.position) }
            throw error("expected an operator", at: current.position)
        }
        return e
    }

    private mutating func parseSum() throws(ExpressionError) -> Expression {
        var e = try parseProduct()
        while true {
            if accept("+") { e = .add(e, try parseProduct()) }
            else if accept("-") { e = .subtract(e, try parseProduct()) }
            else { return e }
        }
    }

    private mutating func parseProduct() throws(ExpressionError) -> Expression {
        var e = try parseUnary()
        while true {
            if accept("*") { e = .multiply(e, try parseUnary()) }
            else if accept("/") { e = .divide(e, try parseUnary()) }
            else { return e }
        }
    }

    private mutating func parseUnary() throws(ExpressionError) -> Expression {
        depth += 1
        defer { depth -= 1 }
        guard depth <= ExpressionParser.maximumNesting else {
            throw error("the expression is nested too deeply (more than \(ExpressionParser.maximumNesting) levels)", at: current.position)
        }
        if accept("-") { return .negate(try parseUnary()) }
        if accept("+") { return try parseUnary() }
        return try parsePower()
    }

    private mutating func parsePower() throws(ExpressionError) -> Expression {
        let base = try parsePrimary()
        guard accept("^") else { return base }
        let position = current.position
        let exponent = try parseUnary()
        guard let value = exponent.constantValue, value.isFinite else {
            throw error("the exponent must be a constant", at: position)
        }
        return .power(base, value)
    }

    private mutating func parsePrimary() throws(ExpressionError) -> Expression {
        let token = current
        switch token.kind {
        case let .number(value):
            index += 1
            return .number(value)
        case let .name(name):
            index += 1
            return .variable(name)
        case let .function(name):
            index += 1
            guard let function = ExpressionFunction.named(name) else {
                let hint = closestWord(to: name, in: ExpressionFunction.allNames).map { ": did you mean '\($0)'?" } ?? ""
                throw error("unknown function '\(name)'\(hint)", at: token.position)
            }
            try expect("(")
            var arguments = [try parseSum()]
            while accept(",") { arguments.append(try parseSum()) }
            try expect(")")
            guard function.arity.contains(arguments.count) else {
                let counts = function.arity.count == 1 ? "1 argument" : "1 or 2 arguments"
                throw error("'\(function.canonicalName)' takes \(counts), got \(arguments.count)", at: token.position)
            }
            return .call(function.canonicalName, arguments)
        case .symbol("("):
            index += 1
            let e = try parseSum()
            try expect(")")
            return e
        case .end:
            throw error("unexpected end of expression", at: token.position)
        case let .symbol(s):
            throw error("expected a number, a variable, a function or '(' but found '\(s)'", at: token.position)
        }
    }
}

extension Expression {
    /// The value when the expression has no variables, nil otherwise.
    var constantValue: Double? {
        guard variables.isEmpty else { return nil }
        return try? evaluate(at: [:])
    }
}
