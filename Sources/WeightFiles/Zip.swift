import CZlib

/// Zip archives as `.npz` files use them: a writer of stored (uncompressed) entries, as
/// `numpy.savez` writes, and a reader of stored and deflated entries (`numpy.savez_compressed`),
/// with zip64 sizes in the central directory. Encrypted and multi-disk archives are refused.
public enum Zip {
    public struct Entry: Sendable, Equatable {
        public var name: String
        public var data: [UInt8]
        public init(name: String, data: [UInt8]) {
            self.name = name
            self.data = data
        }
    }

    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt = CZlib.crc32(0, nil, 0)
        var offset = 0
        bytes.withUnsafeBufferPointer { buffer in
            while offset < buffer.count {
                let n = min(buffer.count - offset, 1 << 30)
                crc = CZlib.crc32(crc, buffer.baseAddress! + offset, UInt32(n))
                offset += n
            }
        }
        return UInt32(truncatingIfNeeded: crc)
    }

    /// An archive of stored entries, dated 1980-01-01 00:00 so that the same entries give the same bytes.
    public static func encode(_ entries: [Entry]) -> [UInt8] {
        var out: [UInt8] = []
        var central: [UInt8] = []
        let date: UInt16 = 1 << 5 | 1
        for entry in entries {
            let name = Array(entry.name.utf8)
            let crc = crc32(entry.data)
            let offset = UInt32(out.count)
            func common(_ b: inout [UInt8]) {
                LittleEndian.append(UInt16(20), to: &b)  // version needed
                LittleEndian.append(UInt16(0), to: &b)  // flags
                LittleEndian.append(UInt16(0), to: &b)  // stored
                LittleEndian.append(UInt16(0), to: &b)  // time
                LittleEndian.append(date, to: &b)
                LittleEndian.append(crc, to: &b)
                LittleEndian.append(UInt32(entry.data.count), to: &b)
                LittleEndian.append(UInt32(entry.data.count), to: &b)
                LittleEndian.append(UInt16(name.count), to: &b)
                LittleEndian.append(UInt16(0), to: &b)  // extra length
            }
            LittleEndian.append(UInt32(0x0403_4B50), to: &out)
            common(&out)
            out += name
            out += entry.data
            LittleEndian.append(UInt32(0x0201_4B50), to: &central)
            LittleEndian.append(UInt16(20), to: &central)  // version made by
            common(&central)
            LittleEndian.append(UInt16(0), to: &central)  // comment length
            LittleEndian.append(UInt16(0), to: &central)  // disk
            LittleEndian.append(UInt16(0), to: &central)  // internal attributes
            LittleEndian.append(UInt32(0o644) << 16, to: &central)  // external attributes
            LittleEndian.append(offset, to: &central)
            central += name
        }
        let centralOffset = UInt32(out.count)
        out += central
        LittleEndian.append(UInt32(0x0605_4B50), to: &out)
        LittleEndian.append(UInt16(0), to: &out)
        LittleEndian.append(UInt16(0), to: &out)
        LittleEndian.append(UInt16(entries.count), to: &out)
        LittleEndian.append(UInt16(entries.count), to: &out)
        LittleEndian.append(UInt32(central.count), to: &out)
        LittleEndian.append(centralOffset, to: &out)
        LittleEndian.append(UInt16(0), to: &out)
        return out
    }

    /// Every entry of the archive `bytes`, in central-directory order. Sizes, offsets and the total
    /// decompressed size are checked before anything is inflated; each entry's CRC-32 is verified.
    public static func decode(_ bytes: [UInt8], name: String) throws(WeightFileError) -> [Entry] {
        let n = bytes.count
        guard n >= 22 else { throw WeightFileError("\(name): not a zip archive (\(n) bytes, too short)") }
        var eocd = -1
        var i = n - 22
        while i >= max(0, n - 22 - 65535) {
            if LittleEndian.uint32(bytes, at: i) == 0x0605_4B50 { eocd = i; break }
            i -= 1
        }
        guard eocd >= 0 else { throw WeightFileError("\(name): not a zip archive (no end-of-central-directory record; truncated?)") }
        let count = Int(LittleEndian.uint16(bytes, at: eocd + 10))
        let centralSize = Int(LittleEndian.uint32(bytes, at: eocd + 12))
        let centralOffset = Int(LittleEndian.uint32(bytes, at: eocd + 16))
        guard LittleEndian.uint16(bytes, at: eocd + 4) == 0, LittleEndian.uint16(bytes, at: eocd + 6) == 0 else {
            throw WeightFileError("\(name): multi-disk zip archives are not supported")
        }
        guard count != 0xFFFF, centralSize != 0xFFFF_FFFF, centralOffset != 0xFFFF_FFFF else {
            throw WeightFileError("\(name): zip64 archives with more than 65535 entries or 4 GiB are not supported")
        }
        guard count <= WeightFileLimits.maximumTensors + 1 else {
            throw WeightFileError("\(name): \(count) entries (at most \(WeightFileLimits.maximumTensors))")
        }
        guard centralOffset <= eocd, centralSize <= eocd - centralOffset else {
            throw WeightFileError("\(name): central directory (offset \(centralOffset), \(centralSize) bytes) lies outside the file")
        }
        var entries: [Entry] = []
        var ranges: [(begin: Int, end: Int, name: String)] = []
        var p = centralOffset
        var total = 0
        let end = centralOffset + centralSize
        for index in 0..<count {
            let what = "\(name): zip entry \(index + 1)"
            guard p + 46 <= end, LittleEndian.uint32(bytes, at: p) == 0x0201_4B50 else {
                throw WeightFileError("\(what): central directory record missing or damaged at byte \(p)")
            }
            let flags = LittleEndian.uint16(bytes, at: p + 8)
            let method = LittleEndian.uint16(bytes, at: p + 10)
            let crc = LittleEndian.uint32(bytes, at: p + 16)
            var compressed = Int(LittleEndian.uint32(bytes, at: p + 20))
            var size = Int(LittleEndian.uint32(bytes, at: p + 24))
            let nameLength = Int(LittleEndian.uint16(bytes, at: p + 28))
            let extraLength = Int(LittleEndian.uint16(bytes, at: p + 30))
            let commentLength = Int(LittleEndian.uint16(bytes, at: p + 32))
            var localOffset = Int(LittleEndian.uint32(bytes, at: p + 42))
            let next = p + 46 + nameLength + extraLength + commentLength
            guard next <= end else { throw WeightFileError("\(what): central directory record runs past the directory") }
            let entryName = String(decoding: bytes[(p + 46)..<(p + 46 + nameLength)], as: UTF8.self)
            // Zip64: the sizes and offset marked 0xFFFFFFFF follow in extra field 0x0001, in this order.
            var q = p + 46 + nameLength
            let extraEnd = q + extraLength
            while q + 4 <= extraEnd {
                let id = LittleEndian.uint16(bytes, at: q), length = Int(LittleEndian.uint16(bytes, at: q + 2))
                guard q + 4 + length <= extraEnd else { break }
                if id == 0x0001 {
                    var r = q + 4
                    func take(_ value: inout Int) throws(WeightFileError) {
                        guard value == 0xFFFF_FFFF else { return }
                        guard r + 8 <= q + 4 + length else { throw WeightFileError("\(what): zip64 field too short") }
                        let v = LittleEndian.uint64(bytes, at: r)
                        guard v <= UInt64(Int.max) else { throw WeightFileError("\(what): zip64 size out of range") }
                        value = Int(v)
                        r += 8
                    }
                    try take(&size)
                    try take(&compressed)
                    try take(&localOffset)
                }
                q += 4 + length
            }
            guard flags & 1 == 0 else { throw WeightFileError("\(what) (\(entryName)): encrypted entries are not supported") }
            guard localOffset <= n - 30, LittleEndian.uint32(bytes, at: localOffset) == 0x0403_4B50 else {
                throw WeightFileError("\(what) (\(entryName)): local header offset \(localOffset) is out of range or damaged")
            }
            let dataStart = localOffset + 30 + Int(LittleEndian.uint16(bytes, at: localOffset + 26)) + Int(LittleEndian.uint16(bytes, at: localOffset + 28))
            guard dataStart <= n, compressed <= n - dataStart else {
                throw WeightFileError("\(what) (\(entryName)): data (\(compressed) bytes at offset \(dataStart)) runs past the end of the file (\(n) bytes)")
            }
            let (sum, overflow) = total.addingReportingOverflow(size)
            guard !overflow, sum <= WeightFileLimits.maximumTotalBytes else {
                throw WeightFileError("\(what) (\(entryName)): entries declare more than \(WeightFileLimits.maximumTotalBytes) bytes in all (a zip bomb?)")
            }
            guard sum <= max(WeightFileLimits.expansionAllowance, WeightFileLimits.maximumExpansion * n) else {
                throw WeightFileError("\(what) (\(entryName)): entries declare \(sum) bytes from a \(n)-byte file, more than \(WeightFileLimits.maximumExpansion) times its size (a zip bomb?)")
            }
            total = sum
            if let other = ranges.first(where: { $0.begin < dataStart + compressed && localOffset < $0.end }) {
                throw WeightFileError("\(what) (\(entryName)): its data overlaps entry '\(other.name)' (a zip bomb?)")
            }
            ranges.append((localOffset, dataStart + compressed, entryName))
            let raw = bytes[dataStart..<(dataStart + compressed)]
            let data: [UInt8]
            switch method {
            case 0:
                guard compressed == size else { throw WeightFileError("\(what) (\(entryName)): stored entry of \(compressed) bytes declares size \(size)") }
                data = Array(raw)
            case 8:
                guard size / WeightFileLimits.maximumDeflateRatio <= compressed else {
                    throw WeightFileError("\(what) (\(entryName)): declares \(size) bytes from \(compressed) compressed bytes, more than deflate can produce (a zip bomb?)")
                }
                data = try inflate(Array(raw), size: size, what: "\(what) (\(entryName))")
            default:
                throw WeightFileError("\(what) (\(entryName)): compression method \(method) is not supported (stored or deflate)")
            }
            guard crc32(data) == crc else { throw WeightFileError("\(what) (\(entryName)): CRC-32 mismatch (corrupt archive)") }
            entries.append(Entry(name: entryName, data: data))
            p = next
        }
        return entries
    }

    /// Inflates raw deflate data that must produce exactly `size` bytes. The output grows as data
    /// arrives (a size that lies costs nothing) and never past `size` + 1 bytes.
    static func inflate(_ input: [UInt8], size: Int, what: String) throws(WeightFileError) -> [UInt8] {
        var stream = z_stream()
        guard czlib_inflate_init_raw(&stream) == Z_OK else { throw WeightFileError("\(what): cannot initialise zlib") }
        defer { inflateEnd(&stream) }
        // One spare byte: output that reaches it means the entry inflates to more than declared.
        let limit = size + 1
        var output = [UInt8](repeating: 0, count: min(limit, 1 << 20))
        var status: Int32 = Z_OK
        var consumed = 0, produced = 0
        while true {
            if produced == output.count {
                guard output.count < limit else { break }
                output += repeatElement(0, count: min(limit, output.count * 2) - output.count)
            }
            let (inChunk, outChunk) = (min(input.count - consumed, 1 << 30), min(output.count - produced, 1 << 30))
            let (used, made) = input.withUnsafeBufferPointer { src in
                output.withUnsafeMutableBufferPointer { dst in
                    stream.next_in = UnsafeMutablePointer(mutating: src.baseAddress.map { $0 + consumed })
                    stream.avail_in = UInt32(inChunk)
                    stream.next_out = dst.baseAddress! + produced
                    stream.avail_out = UInt32(outChunk)
                    status = CZlib.inflate(&stream, Z_NO_FLUSH)
                    return (inChunk - Int(stream.avail_in), outChunk - Int(stream.avail_out))
                }
            }
            stream.next_in = nil
            stream.next_out = nil
            consumed += used
            produced += made
            if status != Z_OK { break }
            if used == 0 && made == 0 { status = Z_BUF_ERROR; break }
        }
        guard produced <= size else { throw WeightFileError("\(what): inflates to more than its declared \(size) bytes") }
        guard status == Z_STREAM_END else {
            throw WeightFileError(status == Z_BUF_ERROR ? "\(what): compressed data ends early (truncated)" : "\(what): corrupt compressed data (zlib status \(status))")
        }
        guard produced == size else { throw WeightFileError("\(what): inflates to \(produced) bytes, declared \(size)") }
        output.removeLast(output.count - size)
        return output
    }
}
