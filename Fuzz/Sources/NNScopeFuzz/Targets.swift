#if canImport(Glibc)
import Glibc
#endif
import Autodiff
import Commands
import Datasets
import JSON
import Sessions
import WeightExchange
import WeightFiles

/// One fuzz target: what it feeds the bytes to. Every target must return normally for every
/// input (an error thrown by the code under test is a normal outcome; a trap is a finding).
enum FuzzTarget: String, CaseIterable {
    case session, command, expression, csv, idx, json, safetensors, npz

    func run(_ bytes: [UInt8]) {
        switch self {
        case .session:
            _ = try? SessionReader.read(bytes: bytes, name: "fuzz.jsonl", maximumLineLength: 1 << 16)
        case .command:
            let line = String(decoding: bytes, as: UTF8.self)
            _ = try? CommandParser.parse(line)
        case .expression:
            let text = String(decoding: bytes, as: UTF8.self)
            if let expression = try? Expression(parsing: text) { _ = expression.variables }
        case .csv:
            _ = try? CSVLoader.parse(bytes: bytes, path: "fuzz.csv")
        case .idx:
            // The first byte says how many bytes go to the images file; the rest to the labels file.
            guard let split = bytes.first else { return }
            let rest = Array(bytes.dropFirst())
            let cut = min(rest.count, Int(split) * 4)
            let folder = FuzzTarget.scratchFolder
            FuzzTarget.write(Array(rest[..<cut]), to: folder + "/images.idx")
            FuzzTarget.write(Array(rest[cut...]), to: folder + "/labels.idx")
            _ = try? IDXLoader.load(images: folder + "/images.idx", labels: folder + "/labels.idx")
        case .json:
            _ = try? JSONParser().parse(bytes)
        case .safetensors, .npz:
            // The file format, then the network it describes (as `predict` and `--init-from` read it).
            let format: WeightFileFormat = self == .npz ? .npz : .safetensors
            if let archive = try? format.decode(bytes, name: "fuzz.\(rawValue)") {
                _ = try? NetworkWeights(archive: archive, name: "fuzz.\(rawValue)")
            }
        }
    }

    /// A folder of this process's own for the IDX target's files.
    static let scratchFolder: String = {
        let path = "/tmp/nnscope-fuzz-\(getpid())"
        mkdir(path, 0o700)
        return path
    }()

    static func write(_ bytes: [UInt8], to path: String) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard fd >= 0 else { return }
        _ = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        close(fd)
    }
}
