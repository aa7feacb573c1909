import JSON
import LinearAlgebra
import NeuralNetwork

/// The format's name and version written in every header. Readers refuse a newer major version and
/// skip unknown record types of a newer minor version with a warning.
public enum SessionFormat {
    public static let name = "nnscope-session"
    public static let major = 1
    /// 1.1: `standardize` is auto/on/off (in 1.0, "on" meant "as the dataset spec says"); the
    /// Playground settings, `zero_weight_fraction` and hand-set events. 1.2: the `batch-norm`
    /// setting and checkpoints' `batch_norm` (γ, β, running statistics).
    public static let minor = 2
    public static var version: String { "\(major).\(minor)" }
}

/// The first record: what the run was.
public struct SessionHeader: Sendable {
    public var configuration: TrainingConfiguration
    public var seed: UInt64
    /// "1.1" ("1.0" files are read as well).
    public var formatVersion: String
    /// "nnscope 0.1.0".
    public var programVersion: String
    /// ISO 8601 UTC time the session started.
    public var created: String
    /// Files the initial dataset was read from.
    public var dataFiles: [DataFileReference]
    /// Set when the session is one run of a comparison (the header's `compare` object).
    public var comparison: SessionComparison?

    public init(configuration: TrainingConfiguration, formatVersion: String = SessionFormat.version,
                programVersion: String, created: String, dataFiles: [DataFileReference] = [],
                comparison: SessionComparison? = nil) {
        self.comparison = comparison
        self.configuration = configuration
        self.seed = configuration.seed
        self.formatVersion = formatVersion
        self.programVersion = programVersion
        self.created = created
        self.dataFiles = dataFiles
    }
}

/// One epoch's metrics and the generation of the network that produced them.
public struct SessionEpoch: Sendable, Equatable {
    public var generation: Int
    public var metrics: EpochMetrics
    /// Epochs of this generation trained since the previous epoch record but left out of the file
    /// (a thinned recording; `skipped` in the record, absent when 0). `--verify` re-runs them.
    public var skipped: Int
    public init(generation: Int, metrics: EpochMetrics, skipped: Int = 0) {
        self.generation = generation
        self.metrics = metrics
        self.skipped = skipped
    }
}

/// Training stopped on a non-finite loss, gradient or weight.
public struct SessionDivergence: Sendable, Equatable {
    /// Where it happened: the batch that diverged is batch `position.batch + 1`.
    public var position: SessionPosition
    public var message: String
    public init(position: SessionPosition, message: String) {
        self.position = position
        self.message = message
    }
}

/// A copy of every weight, bias and unit parameter at a position.
public struct SessionCheckpoint: Sendable, Equatable {
    public var position: SessionPosition
    public var network: Network<Float>
    public init(position: SessionPosition, network: Network<Float>) {
        self.position = position
        self.network = network
    }
}

/// `nnscope train --resume`: a new trainer (generation `position.generation`) restored from the
/// checkpoint at `from`, continuing the epoch numbering from `position.epoch`.
public struct SessionResume: Sendable, Equatable {
    public var position: SessionPosition
    public var from: SessionPosition
    public var time: Double
    public var programVersion: String
    public init(position: SessionPosition, from: SessionPosition, time: Double, programVersion: String) {
        self.position = position
        self.from = from
        self.time = time
        self.programVersion = programVersion
    }
}

/// The closing record.
public struct SessionClose: Sendable, Equatable {
    public var position: SessionPosition
    public var time: Double
    /// "ready", "diverged" or "stopped-early".
    public var status: String
    public init(position: SessionPosition, time: Double, status: String) {
        self.position = position
        self.time = time
        self.status = status
    }
}

/// One line of a session file.
public enum SessionRecord: Sendable {
    case header(SessionHeader)
    case epoch(SessionEpoch)
    case event(SessionEvent)
    case divergence(SessionDivergence)
    case checkpoint(SessionCheckpoint)
    case resume(SessionResume)
    case close(SessionClose)

    public var typeName: String {
        switch self {
        case .header: return "header"
        case .epoch: return "epoch"
        case .event: return "event"
        case .divergence: return "divergence"
        case .checkpoint: return "checkpoint"
        case .resume: return "resume"
        case .close: return "close"
        }
    }

    /// Where the record happened (nil for the header).
    public var position: SessionPosition? {
        switch self {
        case .header: nil
        case let .epoch(e): SessionPosition(generation: e.generation, epoch: e.metrics.epoch, batch: 0)
        case let .event(e): e.position
        case let .divergence(d): d.position
        case let .checkpoint(c): c.position
        case let .resume(r): r.position
        case let .close(c): c.position
        }
    }
}

// MARK: - Encoding

func positionFields(_ p: SessionPosition) -> [(String, JSONValue)] {
    [("generation", .int(p.generation)), ("epoch", .int(p.epoch)), ("batch", .int(p.batch))]
}

func dataFileJSON(_ files: [DataFileReference]) -> JSONValue {
    .array(files.map { file in
        .object([("path", .string(file.path)), ("bytes", .int(file.bytes)), ("fnv1a64", .string(file.fnv1a64))]
            + (file.absolutePath.map { [("absolute", JSONValue.string($0))] } ?? []))
    })
}

extension SessionRecord {
    /// The record's fields in their documented order (without the checksum).
    public var jsonFields: [(String, JSONValue)] {
        var f: [(String, JSONValue)] = [("type", .string(typeName))]
        switch self {
        case let .header(h):
            f += [("format", .string(SessionFormat.name)), ("version", .string(h.formatVersion)),
                  ("program", .string(h.programVersion)), ("created", .string(h.created)),
                  ("seed", .string(String(h.seed))),
                  ("configuration", .object(h.configuration.keyValuePairs.map { ($0.key, .string($0.value)) }))]
            if !h.dataFiles.isEmpty { f.append(("data_files", dataFileJSON(h.dataFiles))) }
            if let initial = h.configuration.initialWeights {
                f.append(("initial_weights", .object([("source", .string(initial.source))] + CheckpointCoding.fields(initial.network))))
            }
            if let c = h.comparison { f.append(("compare", c.json)) }
        case let .epoch(e):
            f.append(("generation", .int(e.generation)))
            if e.skipped > 0 { f.append(("skipped", .int(e.skipped))) }
            f += e.metrics.jsonFields
        case let .event(e):
            f += positionFields(e.position)
            f += [("time", .number(e.time)), ("command", .string(e.command))]
            if !e.dataFiles.isEmpty { f.append(("data_files", dataFileJSON(e.dataFiles))) }
        case let .divergence(d):
            f += positionFields(d.position)
            f.append(("message", .string(d.message)))
        case let .checkpoint(c):
            f += positionFields(c.position)
            f += CheckpointCoding.fields(c.network)
        case let .resume(r):
            f += positionFields(r.position)
            f += [("from", .object(positionFields(r.from))), ("time", .number(r.time)), ("program", .string(r.programVersion))]
        case let .close(c):
            f += positionFields(c.position)
            f += [("time", .number(c.time)), ("status", .string(c.status))]
        }
        return f
    }

    /// The complete line: the record, its checksum as the last field "crc", and a line end.
    ///
    /// The checksum is the CRC-32 of the record's bytes serialized without the "crc" field, i.e. of the
    /// line with its trailing `,"crc":"XXXXXXXX"}` replaced by `}`.
    public var line: [UInt8] { SessionLine.encode(jsonFields) }
}

/// Checksummed lines.
enum SessionLine {
    /// `,"crc":"` + 8 hex digits + `"}`.
    static let suffixLength = 18
    static let crcPrefix = Array(",\"crc\":\"".utf8)

    static func encode(_ fields: [(String, JSONValue)]) -> [UInt8] {
        var bytes = Array(JSONValue.object(fields).serialized.utf8)
        let crc = CRC32.checksum(bytes)
        bytes.removeLast()  // "}"
        bytes += crcPrefix
        bytes += Array(CRC32.hex(crc).utf8)
        bytes += [UInt8(ascii: "\""), UInt8(ascii: "}"), UInt8(ascii: "\n")]
        return bytes
    }

    /// The record's JSON (without the checksum field), after checking the checksum; `line` excludes
    /// the line end.
    static func decode(_ line: UnsafeRawBufferPointer) throws(SessionError) -> JSONValue {
        let n = line.count
        guard n > suffixLength, line[0] == UInt8(ascii: "{") else {
            throw SessionError(n == 0 ? "empty line" : "not a session record (no checksum field at the end)")
        }
        let crcStart = n - suffixLength
        for i in 0..<crcPrefix.count where line[crcStart + i] != crcPrefix[i] {
            throw SessionError("not a session record (no checksum field at the end)")
        }
        guard line[n - 2] == UInt8(ascii: "\""), line[n - 1] == UInt8(ascii: "}") else {
            throw SessionError("not a session record (no checksum field at the end)")
        }
        var stored: UInt32 = 0
        for i in (crcStart + 8)..<(crcStart + 16) {
            let b = line[i]
            let d: UInt32
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): d = UInt32(b - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): d = UInt32(b - UInt8(ascii: "a") + 10)
            default: throw SessionError("checksum field is not 8 lower-case hex digits")
            }
            stored = stored << 4 | d
        }
        let body = UnsafeRawBufferPointer(rebasing: line[0..<crcStart])
        let closing: [UInt8] = [UInt8(ascii: "}")]
        let computed = closing.withUnsafeBytes { CRC32.checksum($0, continuing: CRC32.checksum(body)) }
        guard computed == stored else {
            throw SessionError("checksum mismatch (stored \(CRC32.hex(stored)), computed \(CRC32.hex(computed)))")
        }
        var content = [UInt8](body)
        content.append(UInt8(ascii: "}"))
        do {
            return try JSONParser().parse(content)
        } catch {
            throw SessionError("invalid JSON: \(error)")
        }
    }
}
