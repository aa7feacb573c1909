#if canImport(Glibc)
import Glibc
#endif

/// A data file a session's dataset was loaded from, recorded by path and content so that replaying
/// the session re-reads exactly that path and refuses a changed file.
public struct DataFileReference: Sendable, Equatable {
    public var path: String
    public var bytes: Int
    /// FNV-1a-64 of the file's bytes, 16 hex digits.
    public var fnv1a64: String
    /// The absolute path when it was recorded (nil in files written before nnscope recorded it):
    /// `path` is kept as typed, for display and for replays from the same folder.
    public var absolutePath: String?

    public init(path: String, bytes: Int, fnv1a64: String, absolutePath: String? = nil) {
        self.path = path
        self.bytes = bytes
        self.fnv1a64 = fnv1a64
        self.absolutePath = absolutePath
    }

    /// The files a dataset spec names: `csv:PATH` → PATH, `idx:IMAGES,LABELS` → both; none for
    /// generated datasets.
    public static func paths(inDatasetSpec spec: String) -> [String] {
        if spec.hasPrefix("csv:") { return [String(spec.dropFirst(4))] }
        if spec.hasPrefix("idx:") { return spec.dropFirst(4).split(separator: ",").map(String.init) }
        return []
    }

    /// Hashes the file at `path` (streamed in 1 MiB blocks).
    public static func of(path: String) throws(SessionError) -> DataFileReference {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw SessionError("cannot read data file \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var hash = FNV1a64()
        var total = 0
        var block = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let n = block.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw SessionError("cannot read data file \(path): \(String(cString: strerror(errno)))")
            }
            if n == 0 { break }
            block.withUnsafeBytes { hash.add(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
            total += n
        }
        return DataFileReference(path: path, bytes: total, fnv1a64: hash.hex, absolutePath: absolute(path))
    }

    /// References for every file `spec` names.
    public static func references(forDatasetSpec spec: String) throws(SessionError) -> [DataFileReference] {
        var out: [DataFileReference] = []
        for p in paths(inDatasetSpec: spec) { out.append(try of(path: p)) }
        return out
    }

    /// Throws unless the file at `path` still has the recorded size and hash.
    public func check() throws(SessionError) {
        let now = try DataFileReference.of(path: path)
        guard now.bytes == bytes && now.fnv1a64 == fnv1a64 else {
            throw SessionError("data file \(path) has changed since the session was recorded "
                + "(recorded \(bytes) bytes, FNV-1a-64 \(fnv1a64); now \(now.bytes) bytes, \(now.fnv1a64)); refusing to replay")
        }
    }
}
