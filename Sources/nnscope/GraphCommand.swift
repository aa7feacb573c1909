import ArgumentParser
import Autodiff
import Foundation

struct GraphCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "graph",
        abstract: "Show the computational graph of an expression, its forward values, adjoints and gradient.",
        discussion: """
            Operators + - * / ^ (constant exponent), unary minus, parentheses; functions exp, log, sin, cos, \
            tanh, sqrt and every activation (relu, leaky-relu, sigmoid, ...; a second argument sets the \
            activation's parameter).

            Example: nnscope graph "1/(exp(-(w*x+b))+1)" --at x=1,w=0,b=0
            An expression that starts with '-' goes after '--': nnscope graph --at x=2 -- "-x^2"
            """
    )

    @Argument(help: "The expression, e.g. \"1/(exp(-(w*x+b))+1)\".")
    var expression: String

    @Option(help: ArgumentHelp("The value of every variable, e.g. x=1,w=0,b=0.", valueName: "name=value,..."))
    var at: String = ""

    @Flag(help: "Write Graphviz DOT instead of the table.")
    var dot = false

    func run() throws {
        do {
            let values = try GraphReport.parseAssignments(at)
            print(try GraphReport.render(expression: expression, at: values, format: dot ? .dot : .table), terminator: "")
        } catch {
            var standardError = StandardError()
            // A syntax error is two lines (the expression and a caret under the column): keep them aligned.
            let message = "\(error)"
            print(message.contains("\n") ? "error:\n\(message)" : "error: \(message)", to: &standardError)
            throw ExitCode(1)
        }
    }
}

/// Writes to stderr.
private struct StandardError: TextOutputStream {
    mutating func write(_ string: String) { FileHandle.standardError.write(Data(string.utf8)) }
}
