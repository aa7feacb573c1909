#if canImport(Glibc)
import Glibc
#endif
import WeightFiles

/// Reading and writing weight files on disk; the format follows the extension (.npz, .safetensors).
public enum WeightFileIO {
    /// Files larger than this are refused before reading: every tensor's bytes plus the largest header.
    public static let maximumFileSize = WeightFileLimits.maximumTotalBytes + WeightFileLimits.maximumSafetensorsHeader + (1 << 20)

    public static func format(of path: String) throws(WeightFileError) -> WeightFileFormat {
        guard let format = WeightFileFormat(path: path) else {
            throw WeightFileError("\(path): expected a .npz or .safetensors file")
        }
        return format
    }

    public static func read(path: String) throws(WeightFileError) -> TensorArchive {
        let format = try format(of: path)
        let bytes = try readBytes(path: path, limit: maximumFileSize)
        return try format.decode(bytes, name: path)
    }

    /// Writes through a temporary file renamed into place: an existing file is never left half-written.
    public static func write(_ archive: TensorArchive, to path: String) throws(WeightFileError) {
        try writeBytes(try format(of: path).encode(archive), to: path)
    }

    static func errorText() -> String { String(cString: strerror(errno)) }

    public static func readBytes(path: String, limit: Int) throws(WeightFileError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw WeightFileError("\(path): cannot open: \(errorText())") }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw WeightFileError("\(path): cannot read file information: \(errorText())") }
        guard (info.st_mode & S_IFMT) == S_IFREG else { throw WeightFileError("\(path): not a regular file") }
        let size = Int(info.st_size)
        guard size <= limit else { throw WeightFileError("\(path): \(size) bytes, more than the \(limit)-byte limit") }
        var bytes = [UInt8](repeating: 0, count: size)
        var done = 0
        while done < size {
            let got = bytes.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress! + done, size - done) }
            if got < 0 && errno == EINTR { continue }
            guard got > 0 else { throw WeightFileError("\(path): read failed at byte \(done): \(got == 0 ? "file shrank" : errorText())") }
            done += got
        }
        return bytes
    }

    public static func writeBytes(_ bytes: [UInt8], to path: String) throws(WeightFileError) {
        let temporary = path + ".tmp-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw WeightFileError("\(path): cannot create: \(errorText())") }
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + done, bytes.count - done) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else {
                let reason = errorText()
                close(fd); unlink(temporary)
                throw WeightFileError("\(path): write failed: \(reason)")
            }
            done += n
        }
        guard fsync(fd) == 0, close(fd) == 0 else { unlink(temporary); throw WeightFileError("\(path): cannot flush: \(errorText())") }
        guard rename(temporary, path) == 0 else {
            let reason = errorText()
            unlink(temporary)
            throw WeightFileError("\(path): cannot move into place: \(reason)")
        }
    }
}
