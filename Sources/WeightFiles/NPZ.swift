import JSON

/// `.npz`: a zip archive of `.npy` files, one per tensor (`NAME.npy`), as `numpy.savez` writes it.
/// nnscope adds `__metadata__.npy`, a 0-d unicode string holding a JSON object of strings; nothing
/// needs pickle, so `numpy.load(path, allow_pickle=False)` reads every entry.
public enum NPZ {
    public static let metadataName = "__metadata__"

    public static func encode(_ archive: TensorArchive) -> [UInt8] {
        var entries: [Zip.Entry] = []
        if !archive.metadata.isEmpty {
            let json = JSONValue.object(archive.metadata.map { ($0.key, .string($0.value)) }).serialized
            entries.append(Zip.Entry(name: metadataName + ".npy", data: NPY.encode(string: json)))
        }
        for tensor in archive.tensors { entries.append(Zip.Entry(name: tensor.name + ".npy", data: NPY.encode(tensor))) }
        return Zip.encode(entries)
    }

    public static func decode(_ bytes: [UInt8], name: String) throws(WeightFileError) -> TensorArchive {
        var archive = TensorArchive()
        var names = Set<String>()
        for entry in try Zip.decode(bytes, name: name) {
            guard entry.name.hasSuffix(".npy") else { throw WeightFileError("\(name): entry '\(entry.name)' is not a .npy file") }
            let tensorName = String(entry.name.dropLast(4))
            guard names.insert(tensorName).inserted else { throw WeightFileError("\(name): entry '\(entry.name)' appears twice") }
            switch try NPY.decode(entry.data, name: "\(name): \(entry.name)") {
            case let .tensor(t):
                guard tensorName != metadataName else { throw WeightFileError("\(name): \(entry.name) must be a string") }
                archive.tensors.append(Tensor(name: tensorName, dtype: t.dtype, shape: t.shape, bytes: t.bytes))
            case let .string(text):
                guard tensorName == metadataName else {
                    throw WeightFileError("\(name): \(entry.name) holds text; only \(metadataName).npy may")
                }
                archive.metadata = try Safetensors.metadata(fromJSON: Array(text.utf8), name: "\(name): \(entry.name)")
            }
        }
        guard archive.tensors.count <= WeightFileLimits.maximumTensors else {
            throw WeightFileError("\(name): \(archive.tensors.count) tensors (at most \(WeightFileLimits.maximumTensors))")
        }
        return archive
    }
}
