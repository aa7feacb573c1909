#if canImport(Glibc)
import Glibc
#endif

/// Where a save may write: a file that does not exist yet, or one this same run saved before (a
/// later save of the run updates it). Any other existing file, such as another run's session, is
/// replaced only when the save asks for it (`save FILE --force`): a save never destroys work it did
/// not write. The TUI and the REPL each keep one for their run.
public struct SaveTargets: Sendable, Equatable {
    private var saved: Set<String> = []

    public init() {}

    /// Throws when saving to `path` would replace a file this run did not write, unless `force`.
    public func check(_ path: String, force: Bool) throws(SessionError) {
        guard !force, access(path, F_OK) == 0, !saved.contains(Self.identity(path)) else { return }
        throw SessionError("\(path) already exists and holds something this run did not save; nothing was written. "
            + "Choose another name, or replace it with `save --force \(path)`")
    }

    /// Notes that this run saved to `path`.
    public mutating func remember(_ path: String) {
        saved.insert(Self.identity(path))
    }

    /// The file's device and inode when it exists (so `a.jsonl` and `./a.jsonl` are one file).
    private static func identity(_ path: String) -> String {
        var info = stat()
        guard stat(path, &info) == 0 else { return path }
        return "\(info.st_dev):\(info.st_ino)"
    }

    /// A name for a save in `folder` that no file has yet: `nnscope-session-STAMP.jsonl`, with `-2`,
    /// `-3`, ... added when two saves fall in the same second.
    public static func freshPath(stamp: String, folder: String = ".") -> String {
        let stem = (folder == "." ? "" : folder + "/") + "nnscope-session-" + stamp
        var candidate = stem + ".jsonl"
        var n = 2
        while access(candidate, F_OK) == 0 {
            candidate = stem + "-\(n).jsonl"
            n += 1
        }
        return candidate
    }
}
