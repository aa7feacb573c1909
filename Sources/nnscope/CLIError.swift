/// A failure reported as "Error: message" on stderr with exit status 1 (no usage text: the
/// command line was well-formed, a value in it was not).
struct CLIError: Error, CustomStringConvertible {
    var description: String
    init(_ message: String) { description = message }
}
