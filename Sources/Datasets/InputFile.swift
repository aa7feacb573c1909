#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A regular file opened for reading with POSIX calls, its size known before anything is read.
final class InputFile {
    /// Files larger than this are refused before reading (2 GiB).
    static let maximumSize = 1 << 31

    let path: String
    let size: Int
    private let descriptor: Int32

    /// Opens `path`, refusing directories, unreadable files and files over `maximumSize`.
    init(path: String) throws(DatasetError) {
        self.path = path
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else {
            throw .file(path: path, message: "cannot open: \(String(cString: strerror(errno)))")
        }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            let reason = String(cString: strerror(errno))
            close(descriptor)
            throw .file(path: path, message: "cannot read file information: \(reason)")
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            close(descriptor)
            throw .file(path: path, message: "not a regular file")
        }
        let size = Int(info.st_size)
        guard size <= InputFile.maximumSize else {
            close(descriptor)
            throw .file(path: path, message: "file is \(InputFile.describe(bytes: size)), larger than the \(InputFile.describe(bytes: InputFile.maximumSize)) limit")
        }
        self.descriptor = descriptor
        self.size = size
    }

    deinit { close(descriptor) }

    /// Reads exactly `count` bytes starting at `offset` (the caller checks the range against `size`).
    func read(at offset: Int, count: Int) throws(DatasetError) -> [UInt8] {
        guard count > 0 else { return [] }
        var bytes = [UInt8](repeating: 0, count: count)
        var done = 0
        while done < count {
            let got = bytes.withUnsafeMutableBytes { buffer in
                pread(descriptor, buffer.baseAddress! + done, count - done, off_t(offset + done))
            }
            if got < 0 {
                if errno == EINTR { continue }
                throw .file(path: path, message: "read failed at byte \(offset + done): \(String(cString: strerror(errno)))")
            }
            if got == 0 {
                throw .file(path: path, message: "file ended at byte \(offset + done) while reading (it shrank?)")
            }
            done += got
        }
        return bytes
    }

    /// The whole file.
    func readAll() throws(DatasetError) -> [UInt8] { try read(at: 0, count: size) }

    /// "1.5 GiB", "12 MiB", "300 bytes".
    static func describe(bytes: Int) -> String {
        let units: [(Int, String)] = [(1 << 30, "GiB"), (1 << 20, "MiB"), (1 << 10, "KiB")]
        for (unit, name) in units where bytes >= unit {
            let value = Double(bytes) / Double(unit)
            let rounded = (value * 10).rounded() / 10
            return rounded == rounded.rounded() ? "\(Int(rounded)) \(name)" : "\(rounded) \(name)"
        }
        return "\(bytes) bytes"
    }
}
