/// Runs a script (lines of the command language) through an interpreter, numbering lines from 1.
/// A line that fails stops the script unless `keepGoing`; `quit` ends it.
public struct ScriptRunner {
    /// One piece of output, in order.
    public enum Output: Equatable, Sendable {
        case text(String)
        /// A failed line: "NAME:LINE: message" (or "line LINE: message" without a name).
        case error(line: Int, message: String)
    }

    /// How the script ended.
    public struct Summary: Equatable, Sendable {
        /// Lines read (including blank lines and comments).
        public var linesRead = 0
        /// The line numbers that failed.
        public var failedLines: [Int] = []
        /// True when a `quit` line ended the script.
        public var quit = false
        /// True when an error stopped the script before its end.
        public var stopped = false

        /// 0 when every line succeeded, 1 otherwise (also with keep-going).
        public var exitStatus: Int32 { failedLines.isEmpty ? 0 : 1 }
    }

    public let interpreter: Interpreter
    public var keepGoing: Bool
    /// Prefix of error messages ("script.nns"); nil: "line N".
    public var name: String?

    public init(interpreter: Interpreter, keepGoing: Bool = false, name: String? = nil) {
        self.interpreter = interpreter
        self.keepGoing = keepGoing
        self.name = name
    }

    /// Runs `lines`, handing each piece of output to `output` as soon as it is produced.
    @discardableResult
    public func run(lines: some Sequence<String>, output: (Output) -> Void) -> Summary {
        var summary = Summary()
        for line in lines {
            summary.linesRead += 1
            let number = summary.linesRead
            let text = line.hasSuffix("\r") ? String(line.dropLast()) : line
            let result = interpreter.execute(line: text)
            if let error = result.error {
                let place = name.map { "\($0):\(number)" } ?? "line \(number)"
                output(.error(line: number, message: "\(place): \(error.message)"))
                summary.failedLines.append(number)
                if !keepGoing {
                    summary.stopped = true
                    return summary
                }
                continue
            }
            result.lines.forEach { output(.text($0)) }
            if result.quit {
                summary.quit = true
                return summary
            }
        }
        return summary
    }
}
