#if canImport(Glibc)
import Glibc
#endif
import CommandText
import Datasets

extension DataFileReference {
    /// The absolute form of `path` (the current folder prefixed to a relative path), as recorded in
    /// `data_files[].absolute` so that a session replays from any folder.
    public static func absolute(_ path: String) -> String {
        if path.hasPrefix("/") { return path }
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        guard getcwd(&buffer, buffer.count) != nil else { return path }
        let folder = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return (folder == "/" ? "" : folder) + "/" + (path.hasPrefix("./") ? String(path.dropFirst(2)) : path)
    }

    /// Where this file is now, for a session stored at `sessionPath`: the path as typed (relative to
    /// the current folder), else the absolute path recorded, else a file of the same name next to the
    /// session. Each candidate must have the recorded size and hash. Returns the path found and, when
    /// it is not the typed one, a note that says which was used.
    public func locate(sessionPath: String) throws(SessionError) -> (path: String, note: String?) {
        let nextToSession = FileSystem.folder(of: sessionPath) + "/" + FileSystem.fileName(of: path)
        let candidates: [(String?, String?)] = [(path, nil), (absolutePath, "its recorded absolute path"), (nextToSession, "next to the session")]
        var changed: SessionError?
        for case let (candidate?, how) in candidates where access(candidate, R_OK) == 0 {
            let found = DataFileReference(path: candidate, bytes: bytes, fnv1a64: fnv1a64)
            do throws(SessionError) {
                try found.check()
            } catch {
                if changed == nil { changed = error }
                continue
            }
            return (candidate, how.map { "data file \(path) not found as typed; using \(candidate) (\($0))" })
        }
        if let changed { throw changed }
        let tried = [path, absolutePath, nextToSession].compactMap { $0 }
        throw SessionError("data file \(path) not found (tried \(tried.joined(separator: ", ")))")
    }

    /// `spec` with each file it names replaced by where `files` are now (`locate`), and the notes.
    public static func locating(_ files: [DataFileReference], in spec: String, sessionPath: String) throws(SessionError) -> (spec: String, notes: [String]) {
        var found: [String: String] = [:]
        var notes: [String] = []
        for file in files {
            let (path, note) = try file.locate(sessionPath: sessionPath)
            found[file.path] = path
            if let note { notes.append(note) }
        }
        guard !notes.isEmpty, var parsed = try? DatasetSpec(parsing: spec) else { return (spec, notes) }
        switch parsed.source {
        case let .csv(path, options): parsed.source = .csv(path: found[path] ?? path, options: options)
        case let .idx(images, labels): parsed.source = .idx(images: found[images] ?? images, labels: found[labels] ?? labels)
        case .synthetic: break
        }
        return (parsed.description, notes)
    }
}

extension SessionEvent {
    /// This event with its data files where they are now (`DataFileReference.locating`: checked by
    /// size and hash), as `dataset SPEC` with the found paths, and the notes saying where they were
    /// found; the event itself when it loads no files. Replay and `load` both apply what this returns.
    public func locatingDataFiles(sessionPath: String) throws(SessionError) -> (event: SessionEvent, notes: [String]) {
        guard let spec = datasetSpec, !dataFiles.isEmpty else { return (self, []) }
        let located = try DataFileReference.locating(dataFiles, in: spec, sessionPath: sessionPath)
        var event = self
        event.command = "dataset " + Tokenizer.quote(located.spec)
        return (event, located.notes)
    }
}
