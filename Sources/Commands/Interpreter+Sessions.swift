extension Interpreter {
    func save(to path: String) throws(CommandError) -> CommandResult {
        throw CommandError("save \(path): session files are not available in this build yet (the Sessions module has not been merged)")
    }

    func load(from path: String) throws(CommandError) -> CommandResult {
        throw CommandError("load \(path): session files are not available in this build yet (the Sessions module has not been merged)")
    }

    func replay(_ path: String) throws(CommandError) -> CommandResult {
        throw CommandError("replay \(path): session files are not available in this build yet (the Sessions module has not been merged)")
    }

    func export(to path: String) throws(CommandError) -> CommandResult {
        throw CommandError("export \(path): session files are not available in this build yet (the Sessions module has not been merged)")
    }
}
