extension Interpreter {
    func graph(_ expression: String, _ values: [VariableValue]) throws(CommandError) -> CommandResult {
        throw CommandError("graph: computational graphs are not available in this build yet (the Autodiff module has not been merged)")
    }
}
