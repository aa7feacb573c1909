import CZlib

/// Streams the decompressed bytes of an in-memory gzip (or zlib) file, a piece at a time, so a
/// caller can read an IDX header and check it before decompressing (and allocating for) the rest.
/// Concatenated gzip members are read as one stream, as `gunzip` does.
final class GzipReader {
    /// True when `bytes` start with the gzip magic number 1f 8b.
    static func isGzip(_ bytes: [UInt8]) -> Bool { bytes.count >= 2 && bytes[0] == 0x1F && bytes[1] == 0x8B }

    private let path: String
    private let compressed: [UInt8]
    private var stream = z_stream()
    private var inputOffset = 0
    private var finished = false
    /// Decompressed bytes handed out so far (for error offsets).
    private(set) var position = 0

    init(path: String, compressed: [UInt8]) throws(DatasetError) {
        self.path = path
        self.compressed = compressed
        guard czlib_inflate_init(&stream) == Z_OK else {
            throw .file(path: path, message: "cannot initialise zlib")
        }
    }

    deinit { inflateEnd(&stream) }

    /// Up to `count` decompressed bytes; fewer only at the end of the stream.
    func read(_ count: Int) throws(DatasetError) -> [UInt8] {
        var output: [UInt8] = []
        // Grow in bounded chunks: a header that lies about the size cannot make us allocate it all.
        let chunk = 1 << 20
        output.reserveCapacity(min(count, chunk))
        while output.count < count && !finished {
            let want = min(chunk, count - output.count)
            let start = output.count
            output.append(contentsOf: repeatElement(0, count: want))
            let produced = try inflate(into: &output, from: start, count: want)
            output.removeLast(want - produced)
        }
        position += output.count
        return output
    }

    /// Inflates up to `count` bytes into `output[start...]`; returns how many were produced.
    private func inflate(into output: inout [UInt8], from start: Int, count: Int) throws(DatasetError) -> Int {
        var produced = 0
        while produced < count && !finished {
            if stream.avail_in == 0 && inputOffset >= compressed.count {
                throw .idx(path: path, offset: position + start + produced,
                           message: "gzip data ends early (truncated .gz file)")
            }
            let (status, consumed, made) = compressed.withUnsafeBufferPointer { input in
                output.withUnsafeMutableBufferPointer { out in
                    let available = min(input.count - inputOffset, Int(UInt32.max))
                    stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress! + inputOffset)
                    stream.avail_in = UInt32(available)
                    stream.next_out = out.baseAddress! + start + produced
                    stream.avail_out = UInt32(count - produced)
                    let status = CZlib.inflate(&stream, Z_NO_FLUSH)
                    return (status, available - Int(stream.avail_in), count - produced - Int(stream.avail_out))
                }
            }
            inputOffset += consumed
            stream.avail_in = 0
            stream.next_in = nil
            produced += made
            switch status {
            case Z_OK:
                if consumed == 0 && made == 0 {
                    throw .idx(path: path, offset: position + start + produced, message: "gzip data is stuck (corrupt .gz file)")
                }
            case Z_BUF_ERROR:
                if consumed == 0 && made == 0 && inputOffset >= compressed.count {
                    throw .idx(path: path, offset: position + start + produced,
                               message: "gzip data ends early (truncated .gz file)")
                }
            case Z_STREAM_END:
                if inputOffset < compressed.count && GzipReader.isGzip(Array(compressed[inputOffset...].prefix(2))) {
                    inflateReset(&stream)
                } else {
                    finished = true
                }
            default:
                let reason = stream.msg.map { String(cString: $0) } ?? "error \(status)"
                throw .idx(path: path, offset: position + start + produced, message: "corrupt gzip data: \(reason)")
            }
        }
        return produced
    }
}
