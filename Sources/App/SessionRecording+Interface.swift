import Commands
import Sessions

extension SessionRecording {
    /// A TUI recording (`Policy.interface`) of `interpreter`'s run into `path`, created now (an
    /// existing file only when `replacing`); the worker hands it to the interpreter, its one owner.
    public convenience init(path: String, interpreter: Interpreter, programVersion: String, replacing: Bool = false) throws {
        try self.init(path: path, configuration: interpreter.journal.startConfiguration, programVersion: programVersion,
                      replacing: replacing, policy: .interface)
    }
}
