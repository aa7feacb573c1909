import JSON

/// The safetensors format (huggingface/safetensors): an 8-byte little-endian header length N, a
/// JSON header of N bytes (`{"NAME": {"dtype": "F32", "shape": [..], "data_offsets": [begin, end]},
/// "__metadata__": {string: string}}`, padded with spaces to a multiple of 8), then the tensors'
/// bytes, offsets counted from the end of the header. Every byte of that buffer belongs to exactly
/// one tensor.
public enum Safetensors {
    public static func encode(_ archive: TensorArchive) -> [UInt8] {
        var fields: [(String, JSONValue)] = []
        if !archive.metadata.isEmpty {
            fields.append(("__metadata__", .object(archive.metadata.map { ($0.key, .string($0.value)) })))
        }
        var offset = 0
        for t in archive.tensors {
            fields.append((t.name, .object([("dtype", .string(t.dtype.safetensorsName)), ("shape", .array(t.shape.map { .int($0) })),
                                            ("data_offsets", .array([.int(offset), .int(offset + t.bytes.count)]))])))
            offset += t.bytes.count
        }
        var header = Array(JSONValue.object(fields).serialized.utf8)
        header += repeatElement(UInt8(ascii: " "), count: (8 - header.count % 8) % 8)
        var out: [UInt8] = []
        out.reserveCapacity(8 + header.count + offset)
        LittleEndian.append(UInt64(header.count), to: &out)
        out += header
        for t in archive.tensors { out += t.bytes }
        return out
    }

    public static func decode(_ bytes: [UInt8], name: String) throws(WeightFileError) -> TensorArchive {
        guard bytes.count >= 8 else { throw WeightFileError("\(name): not a safetensors file (\(bytes.count) bytes, shorter than the 8-byte header length)") }
        let declared = LittleEndian.uint64(bytes, at: 0)
        guard declared <= UInt64(WeightFileLimits.maximumSafetensorsHeader) else {
            throw WeightFileError("\(name): header length \(declared) bytes exceeds the format's limit of \(WeightFileLimits.maximumSafetensorsHeader)")
        }
        let headerLength = Int(declared)
        guard headerLength <= bytes.count - 8 else {
            throw WeightFileError("\(name): header length \(headerLength) bytes is longer than the rest of the file (\(bytes.count - 8) bytes; truncated?)")
        }
        let json: JSONValue
        do { json = try JSONParser(maximumDepth: 8).parse(Array(bytes[8..<(8 + headerLength)])) } catch {
            throw WeightFileError("\(name): header is not valid JSON: \(error)")
        }
        guard case let .object(pairs) = json else { throw WeightFileError("\(name): header is not a JSON object") }
        guard pairs.count <= WeightFileLimits.maximumTensors + 1 else {
            throw WeightFileError("\(name): \(pairs.count) tensors (at most \(WeightFileLimits.maximumTensors))")
        }
        let dataStart = 8 + headerLength
        let bufferSize = bytes.count - dataStart
        var archive = TensorArchive()
        var ranges: [(begin: Int, end: Int, name: String)] = []
        for (key, value) in pairs {
            if key == "__metadata__" {
                archive.metadata = try metadata(value, name: "\(name): __metadata__")
                continue
            }
            let what = "\(name): tensor '\(key)'"
            guard let dtypeName = value["dtype"]?.stringValue, let shapeValues = value["shape"]?.arrayValue,
                  let offsets = value["data_offsets"]?.arrayValue else {
                throw WeightFileError("\(what): expected {\"dtype\", \"shape\", \"data_offsets\"}")
            }
            guard let dtype = TensorDType.allCases.first(where: { $0.safetensorsName == dtypeName }) else {
                throw WeightFileError("\(what): dtype \(dtypeName) is not supported (F32 or F64)")
            }
            var shape: [Int] = []
            for v in shapeValues {
                guard let d = v.intValue else { throw WeightFileError("\(what): shape entry \(v.serialized) is not a whole number") }
                shape.append(d)
            }
            let count = try WeightFileLimits.elementCount(shape, name: what)
            guard offsets.count == 2, let begin = offsets[0].intValue, let end = offsets[1].intValue else {
                throw WeightFileError("\(what): data_offsets must be two whole numbers [begin, end]")
            }
            guard begin >= 0, begin <= end, end <= bufferSize else {
                throw WeightFileError("\(what): data_offsets [\(begin), \(end)] lie outside the \(bufferSize)-byte data buffer")
            }
            guard end - begin == count * dtype.size else {
                throw WeightFileError("\(what): data_offsets hold \(end - begin) bytes, shape \(shape) of \(dtypeName) needs \(count * dtype.size)")
            }
            ranges.append((begin, end, key))
            archive.tensors.append(Tensor(name: key, dtype: dtype, shape: shape, bytes: Array(bytes[(dataStart + begin)..<(dataStart + end)])))
        }
        var covered = 0
        for r in ranges.sorted(by: { ($0.begin, $0.end) < ($1.begin, $1.end) }) {
            guard r.begin == covered else {
                throw WeightFileError(r.begin < covered ? "\(name): tensor '\(r.name)' overlaps another tensor's data"
                                                        : "\(name): bytes \(covered) to \(r.begin) of the data buffer belong to no tensor")
            }
            covered = r.end
        }
        guard covered == bufferSize else { throw WeightFileError("\(name): the last \(bufferSize - covered) bytes belong to no tensor") }
        return archive
    }

    /// A JSON object of strings as metadata pairs.
    static func metadata(_ value: JSONValue, name: String) throws(WeightFileError) -> [(key: String, value: String)] {
        guard case let .object(pairs) = value else { throw WeightFileError("\(name): must be an object of strings") }
        var out: [(key: String, value: String)] = []
        for (k, v) in pairs {
            guard let s = v.stringValue else { throw WeightFileError("\(name): \"\(k)\" must be a string") }
            out.append((k, s))
        }
        return out
    }

    static func metadata(fromJSON bytes: [UInt8], name: String) throws(WeightFileError) -> [(key: String, value: String)] {
        let value: JSONValue
        do { value = try JSONParser(maximumDepth: 8).parse(bytes) } catch { throw WeightFileError("\(name): not valid JSON: \(error)") }
        return try metadata(value, name: name)
    }
}

/// The two formats, chosen by file name.
public enum WeightFileFormat: String, Sendable, CaseIterable {
    case npz
    case safetensors

    /// The format a path's extension names (`.npz`, `.safetensors`), or nil.
    public init?(path: String) {
        let lower = path.lowercased()
        if lower.hasSuffix(".npz") { self = .npz } else if lower.hasSuffix(".safetensors") { self = .safetensors } else { return nil }
    }

    public func encode(_ archive: TensorArchive) -> [UInt8] {
        self == .npz ? NPZ.encode(archive) : Safetensors.encode(archive)
    }

    public func decode(_ bytes: [UInt8], name: String) throws(WeightFileError) -> TensorArchive {
        self == .npz ? try NPZ.decode(bytes, name: name) : try Safetensors.decode(bytes, name: name)
    }
}
