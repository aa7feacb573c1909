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

extension Interpreter {
    /// Starts recording every later epoch and change into the session file `path`.
    public func startRecording(to path: String, programVersion: String) -> CommandResult {
        .failure(CommandError("record \(path): session files are not available in this build yet (the Sessions module has not been merged)"))
    }

    /// Closes the session file being recorded, if any.
    public func finishRecording() {}
}
