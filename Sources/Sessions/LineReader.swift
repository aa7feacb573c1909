#if canImport(Glibc)
import Glibc
#endif

/// What the line reader found.
enum LineItem {
    /// A complete line (without its line end); the bytes are valid only during the callback.
    case line(UnsafeRawBufferPointer, offset: Int)
    /// A line longer than the limit, skipped without being held in memory.
    case tooLong(offset: Int, length: Int)
    /// Bytes after the last line end (the writer was killed mid-record).
    case torn(offset: Int, length: Int)
}

/// Reads a file (or bytes) line by line in blocks, holding at most one line plus one block.
struct LineReader {
    private var buffer: [UInt8]
    private var start = 0
    private var end = 0
    private var endOfInput = false
    private var bufferOffset = 0  // file offset of buffer[0]
    private let fd: Int32?
    let maximumLineLength: Int
    static let blockSize = 1 << 20

    init(fileDescriptor: Int32, maximumLineLength: Int) {
        fd = fileDescriptor
        self.maximumLineLength = maximumLineLength
        buffer = [UInt8](repeating: 0, count: LineReader.blockSize)
    }

    init(bytes: [UInt8], maximumLineLength: Int) {
        fd = nil
        self.maximumLineLength = maximumLineLength
        buffer = bytes
        end = bytes.count
        endOfInput = true
    }

    /// Calls `visit` for each item in order.
    mutating func forEach(_ visit: (LineItem) throws -> Void) throws {
        var scanFrom = start
        var skipping: (offset: Int, length: Int)?
        while true {
            let found: Int? = buffer.withUnsafeBytes { raw -> Int? in
                guard scanFrom < end, let base = raw.baseAddress else { return nil }
                guard let p = memchr(base + scanFrom, 0x0A, end - scanFrom) else { return nil }
                return base.distance(to: UnsafeRawPointer(p))
            }
            if let newline = found {
                if let skip = skipping {
                    try visit(.tooLong(offset: skip.offset, length: skip.length + newline - start))
                    skipping = nil
                } else if newline - start > maximumLineLength {
                    try visit(.tooLong(offset: bufferOffset + start, length: newline - start))
                } else {
                    let offset = bufferOffset + start
                    try buffer.withUnsafeBytes { raw in
                        try visit(.line(UnsafeRawBufferPointer(rebasing: raw[start..<newline]), offset: offset))
                    }
                }
                start = newline + 1
                scanFrom = start
                continue
            }
            if endOfInput {
                if let skip = skipping {
                    try visit(.torn(offset: skip.offset, length: skip.length + end - start))
                } else if start < end {
                    try visit(.torn(offset: bufferOffset + start, length: end - start))
                }
                return
            }
            // No line end in the buffer: drop what is consumed, skip an over-long line, then read more.
            if skipping == nil && end - start > maximumLineLength {
                skipping = (bufferOffset + start, 0)
            }
            if var skip = skipping {
                skip.length += end - start
                skipping = skip
                bufferOffset += end
                start = 0
                end = 0
            } else if start > 0 {
                buffer.withUnsafeMutableBytes { raw in
                    if end > start { memmove(raw.baseAddress!, raw.baseAddress! + start, end - start) }
                }
                bufferOffset += start
                end -= start
                start = 0
            }
            scanFrom = end
            if buffer.count - end < LineReader.blockSize / 2 {
                buffer.append(contentsOf: repeatElement(0, count: max(buffer.count, LineReader.blockSize)))
            }
            let n = try readMore()
            if n == 0 { endOfInput = true }
        }
    }

    private mutating func readMore() throws -> Int {
        guard let fd else { return 0 }
        while true {
            let n = buffer.withUnsafeMutableBytes { raw in read(fd, raw.baseAddress! + end, raw.count - end) }
            if n < 0 {
                if errno == EINTR { continue }
                throw SessionError("read failed: \(String(cString: strerror(errno)))")
            }
            end += n
            return n
        }
    }
}
