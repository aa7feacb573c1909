import Foundation

/// Where the TUI records and saves sessions.
public enum SessionFiles {
    /// `$XDG_DATA_HOME/nnscope/sessions` (default `~/.local/share/nnscope/sessions`), or nil
    /// when neither XDG_DATA_HOME nor HOME is set.
    public static func sessionsDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if let data = environment["XDG_DATA_HOME"], data.hasPrefix("/") {
            return data + "/nnscope/sessions"
        }
        guard let home = environment["HOME"], !home.isEmpty else { return nil }
        return home + "/.local/share/nnscope/sessions"
    }

    /// A file-name stamp for `date`: "20261129-031542".
    public static func stamp(_ date: Date = Date()) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        return formatter.string(from: date)
    }

    /// The automatic recording's path for a session started at `date`, creating the directory.
    /// Throws a readable error when the directory cannot be made.
    public static func recordingPath(environment: [String: String] = ProcessInfo.processInfo.environment,
                                     date: Date = Date()) throws -> String {
        guard let directory = sessionsDirectory(environment: environment) else {
            throw SessionFileError(description: "neither XDG_DATA_HOME nor HOME is set: cannot choose a folder for session recordings (use --record FILE)")
        }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw SessionFileError(description: "cannot create \(directory): \(error.localizedDescription)")
        }
        return directory + "/session-\(stamp(date))-\(getpid()).jsonl"
    }
}

/// A session folder or file problem.
public struct SessionFileError: Error, CustomStringConvertible, Sendable {
    public let description: String
}
