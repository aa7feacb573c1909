#if canImport(Glibc)
import Glibc
#endif

/// The few POSIX file operations sessions need, with errors that name the file.
enum FileSystem {
    static func errorText() -> String { String(cString: strerror(errno)) }

    /// Writes every byte (one write(2) for a record line unless the kernel splits it).
    static func writeAll(_ fd: Int32, _ bytes: [UInt8], path: String) throws(SessionError) {
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + done, bytes.count - done) }
            if n < 0 {
                if errno == EINTR { continue }
                throw SessionError("\(path): write failed: \(errorText())")
            }
            done += n
        }
    }

    static func folder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let folder = String(path[..<slash])
        return folder.isEmpty ? "/" : folder
    }

    static func fileName(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }

    static func fsyncFolder(of path: String) throws(SessionError) {
        let folder = folder(of: path)
        let fd = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw SessionError("\(folder): cannot open folder: \(errorText())") }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw SessionError("\(folder): fsync failed: \(errorText())") }
    }

    /// The temporary name a save of `path` by this process uses: `.NAME.tmp-PID` in the same folder.
    static func temporaryPath(for path: String) -> String {
        let folder = folder(of: path)
        return (path.contains("/") ? folder + "/" : "") + "." + fileName(of: path) + ".tmp-\(getpid())"
    }

    /// Removes `.NAME.tmp-PID` files in `path`'s folder left behind by processes that no longer exist
    /// (a save that was killed). Files of running processes are left alone.
    static func removeLeftoverTemporaries(nextTo path: String) {
        let folder = folder(of: path)
        guard let dir = opendir(folder) else { return }
        defer { closedir(dir) }
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.bindMemory(to: CChar.self).baseAddress!)
            }
            guard name.hasPrefix("."), let dash = name.lastIndex(of: "-") else { continue }
            let stem = name[..<dash]
            let pidText = name[name.index(after: dash)...]
            guard stem.hasSuffix(".tmp"), stem.count > 5, !pidText.isEmpty, pidText.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
                  let pid = Int32(pidText) else { continue }
            if pid == getpid() || (kill(pid, 0) != 0 && errno == ESRCH) {
                unlink(folder + "/" + name)
            }
        }
    }

    /// Copies `source` to `destination` atomically: a temporary file in the destination's folder,
    /// fsync, rename over the destination, fsync the folder. `limit` bytes at most (nil: all), then
    /// `trailer` (a save's closing record).
    static func atomicCopy(from source: String, to destination: String, limit: Int? = nil, trailer: [UInt8] = []) throws(SessionError) {
        removeLeftoverTemporaries(nextTo: destination)
        let input = open(source, O_RDONLY | O_CLOEXEC)
        guard input >= 0 else { throw SessionError("\(source): cannot open: \(errorText())") }
        defer { close(input) }
        let temporary = temporaryPath(for: destination)
        let output = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard output >= 0 else { throw SessionError("\(temporary): cannot create: \(errorText())") }
        var block = [UInt8](repeating: 0, count: 1 << 20)
        var remaining = limit ?? Int.max
        do throws(SessionError) {
            while remaining > 0 {
                let n = block.withUnsafeMutableBytes { read(input, $0.baseAddress, min($0.count, remaining)) }
                if n < 0 {
                    if errno == EINTR { continue }
                    throw SessionError("\(source): read failed: \(errorText())")
                }
                if n == 0 { break }
                try writeAll(output, Array(block[0..<n]), path: temporary)
                remaining -= n
            }
            if !trailer.isEmpty { try writeAll(output, trailer, path: temporary) }
            guard fsync(output) == 0 else { throw SessionError("\(temporary): fsync failed: \(errorText())") }
        } catch {
            close(output)
            unlink(temporary)
            throw error
        }
        close(output)
        guard rename(temporary, destination) == 0 else {
            let text = errorText()
            unlink(temporary)
            throw SessionError("\(destination): cannot rename the temporary file into place: \(text)")
        }
        try fsyncFolder(of: destination)
    }

    /// Seconds since 1970 (UTC).
    static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    /// "2025-03-01T12:34:56Z".
    static func iso8601(_ seconds: Double) -> String {
        var t = time_t(seconds.rounded(.down))
        var parts = tm()
        gmtime_r(&t, &parts)
        func two(_ v: Int32) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))Z"
    }

    /// Parses what `iso8601` writes; nil otherwise.
    static func parseISO8601(_ text: String) -> Double? {
        let digits = text.split(whereSeparator: { "-T:Z".contains($0) }).map { Int32($0) }
        guard digits.count == 6, digits.allSatisfy({ $0 != nil }), text.hasSuffix("Z") else { return nil }
        var parts = tm()
        parts.tm_year = digits[0]! - 1900
        parts.tm_mon = digits[1]! - 1
        parts.tm_mday = digits[2]!
        parts.tm_hour = digits[3]!
        parts.tm_min = digits[4]!
        parts.tm_sec = digits[5]!
        return Double(timegm(&parts))
    }
}
