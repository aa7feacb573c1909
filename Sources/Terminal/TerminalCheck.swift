import CNCursesW
import Glibc

/// Decides whether a full-screen interface can run here, with a reason when it cannot.
public enum TerminalCheck {
    /// Why the terminal cannot show the interface, or nil when it can. Consults terminfo.
    public static func problem(environment: [String: String] = TerminalEnvironment.current()) -> String? {
        if let reason = problem(stdinIsTerminal: isatty(STDIN_FILENO) == 1,
                                stdoutIsTerminal: isatty(STDOUT_FILENO) == 1,
                                term: environment["TERM"]) {
            return reason
        }
        guard let term = environment["TERM"] else { return "TERM is not set" }
        switch nn_terminal_support(term) {
        case 0: return nil
        case 2: return "terminal type '\(term)' has no cursor addressing"
        default: return "unknown terminal type '\(term)'"
        }
    }

    /// The checks that need no terminfo: both ends are terminals and TERM names a real terminal.
    public static func problem(stdinIsTerminal: Bool, stdoutIsTerminal: Bool, term: String?) -> String? {
        if !stdoutIsTerminal { return "stdout is not a terminal" }
        if !stdinIsTerminal { return "stdin is not a terminal" }
        guard let term, !term.isEmpty else { return "TERM is not set" }
        if term == "dumb" { return "TERM=dumb cannot show a full-screen interface" }
        return nil
    }
}

/// The environment variables the terminal layer reads.
public enum TerminalEnvironment {
    public static let names = ["TERM", "NO_COLOR", "LC_ALL", "LC_CTYPE", "LANG", "COLORTERM"]

    /// Those variables from the process environment.
    public static func current() -> [String: String] {
        var result: [String: String] = [:]
        for name in names {
            if let value = getenv(name) { result[name] = String(cString: value) }
        }
        return result
    }
}
