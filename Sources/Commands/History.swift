import Foundation

/// The REPL's persistent history: one line per entry in `$XDG_STATE_HOME/nnscope/history`
/// (default `~/.local/state/nnscope/history`), the newest `limit` lines kept.
public struct History: Sendable {
    public static let limit = 1000
    public let path: String

    public init(path: String) { self.path = path }

    /// The history file for this user, from the environment.
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") { return state + "/nnscope/history" }
        guard let home = environment["HOME"], !home.isEmpty else { return nil }
        return home + "/.local/state/nnscope/history"
    }

    /// The saved lines, oldest first (empty when the file does not exist or cannot be read).
    public func load() -> [String] {
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
        return Array(lines.suffix(History.limit))
    }

    /// Writes `lines` (the newest `limit`), creating the folder; throws when it cannot.
    public func save(_ lines: [String]) throws {
        let folder = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let text = lines.suffix(History.limit).map { $0 + "\n" }.joined()
        try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
    }
}
