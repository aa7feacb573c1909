import Autodiff

extension Interpreter {
    /// `graph EXPRESSION [at x=1,...]`: the same report as `nnscope graph`.
    func graph(_ expression: String, _ values: [VariableValue]) throws(CommandError) -> CommandResult {
        var assignments: [String: Double] = [:]
        for v in values { assignments[v.name] = v.value }
        do {
            let report = try GraphReport.render(expression: expression, at: assignments)
            return CommandResult(lines: report.split(separator: "\n", omittingEmptySubsequences: false).map(String.init))
        } catch {
            throw CommandError("graph:\n\(error)")
        }
    }
}
