#if canImport(Glibc)
import Glibc
#endif
import NeuralNetwork

/// Files written whole or not at all: a temporary `.NAME.tmp-PID` in the destination's folder,
/// fsync, rename over the destination, fsync the folder. An existing file is never left half-written.
public enum AtomicFile {
    /// Writes what `body` hands to its writer (in as many pieces as it likes) to `path` atomically.
    /// When `body` or a write throws, the temporary file is removed and `path` is untouched.
    public static func write(to path: String, body: ((String) throws -> Void) throws -> Void) throws {
        FileSystem.removeLeftoverTemporaries(nextTo: path)
        let temporary = FileSystem.temporaryPath(for: path)
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw SessionError("\(path): cannot create \(temporary): \(FileSystem.errorText())") }
        do {
            try body { text in try FileSystem.writeAll(fd, Array(text.utf8), path: temporary) }
            guard fsync(fd) == 0 else { throw SessionError("\(temporary): fsync failed: \(FileSystem.errorText())") }
        } catch {
            close(fd)
            unlink(temporary)
            throw error
        }
        close(fd)
        try moveIntoPlace(temporary, path)
    }

    static func moveIntoPlace(_ temporary: String, _ path: String) throws {
        guard rename(temporary, path) == 0 else {
            let text = FileSystem.errorText()
            unlink(temporary)
            throw SessionError("\(path): cannot rename the temporary file into place: \(text)")
        }
        try FileSystem.fsyncFolder(of: path)
    }
}

extension SessionRecorder {
    /// Writes a whole session to `path` atomically: a recorder on a temporary file in the same folder
    /// writes the header, `body` records the rest, the recorder closes with `status`, and the file is
    /// renamed into place. When anything throws, `path` is untouched. (`save FILE` in the REPL
    /// without a recording.)
    public static func writeAtomically(to path: String, configuration: TrainingConfiguration, programVersion: String,
                                       status: @autoclosure () -> SessionCloseStatus = .ready,
                                       body: (SessionRecorder) throws -> Void) throws {
        let temporary = FileSystem.temporaryPath(for: path)
        do {
            let recorder = try SessionRecorder(path: temporary, configuration: configuration, programVersion: programVersion, replacing: true)
            try body(recorder)
            try recorder.close(status: status())
        } catch {
            unlink(temporary)
            throw error
        }
        try AtomicFile.moveIntoPlace(temporary, path)
    }
}
