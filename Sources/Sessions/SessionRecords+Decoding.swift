import JSON
import LinearAlgebra
import NeuralNetwork

/// Field access that throws a message naming the field.
struct RecordFields {
    let json: JSONValue

    func int(_ key: String, in range: ClosedRange<Int> = 0...Int.max) throws(SessionError) -> Int {
        guard let v = json[key]?.intValue, range.contains(v) else {
            throw SessionError("field \"\(key)\" must be a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return v
    }

    func string(_ key: String) throws(SessionError) -> String {
        guard let v = json[key]?.stringValue else { throw SessionError("field \"\(key)\" must be a string") }
        return v
    }

    func number(_ key: String) throws(SessionError) -> Double {
        guard let v = json[key]?.doubleValue else { throw SessionError("field \"\(key)\" must be a number") }
        return v
    }

    func position() throws(SessionError) -> SessionPosition {
        SessionPosition(generation: try int("generation", in: 1...Int.max), epoch: try int("epoch"), batch: try int("batch"))
    }

    func dataFiles() throws(SessionError) -> [DataFileReference] {
        guard let value = json["data_files"] else { return [] }
        guard let items = value.arrayValue, items.count <= 16 else { throw SessionError("field \"data_files\" must be a list of at most 16 files") }
        var out: [DataFileReference] = []
        for item in items {
            let f = RecordFields(json: item)
            let absolute = f.json["absolute"].map { _ in try? f.string("absolute") } ?? nil
            out.append(DataFileReference(path: try f.string("path"), bytes: try f.int("bytes"), fnv1a64: try f.string("fnv1a64"), absolutePath: absolute))
        }
        return out
    }
}

/// Outcome of reading a header record.
struct DecodedHeader {
    var header: SessionHeader
    var minor: Int
    /// Configuration keys this version does not know (newer minor version); ignored.
    var unknownKeys: [String]
}

extension SessionRecord {
    /// Reads the first record. Throws for anything that is not a session this version can read.
    static func decodeHeader(_ json: JSONValue) throws(SessionError) -> DecodedHeader {
        let f = RecordFields(json: json)
        guard json["format"]?.stringValue == SessionFormat.name, json["type"]?.stringValue == "header" else {
            throw SessionError("not an nnscope session (the first record has no \"format\":\"\(SessionFormat.name)\")")
        }
        let version = try f.string("version")
        let parts = version.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, let major = Int(parts[0]), let minor = Int(parts[1]), major >= 0, minor >= 0 else {
            throw SessionError("format version '\(version)' is not MAJOR.MINOR")
        }
        guard major <= SessionFormat.major else {
            throw SessionError("format version \(version) is newer than this nnscope reads (\(SessionFormat.major).x); "
                + "use a newer nnscope")
        }
        guard major == SessionFormat.major else { throw SessionError("format version \(version) is not supported (expected \(SessionFormat.major).x)") }
        guard case let .object(pairs)? = json["configuration"] else { throw SessionError("field \"configuration\" must be an object") }
        let known = Set(TrainingConfiguration.settings.map(\.key))
        var kept: [(key: String, value: String)] = []
        var unknown: [String] = []
        for (key, value) in pairs {
            guard let text = value.stringValue else { throw SessionError("configuration \"\(key)\" must be a string") }
            // 1.0's `standardize on` meant "as the spec says" (files yes, generators no, or the spec's
            // own option): today's `auto`, which the dataset setting leaves or sets from the spec.
            if minor == 0 && key == "standardize" && text == "on" { continue }
            if known.contains(key) { kept.append((key, text)) } else { unknown.append(key) }
        }
        if !unknown.isEmpty && minor <= SessionFormat.minor {
            throw SessionError("unknown configuration key \"\(unknown[0])\"")
        }
        var configuration: TrainingConfiguration
        do { configuration = try TrainingConfiguration(keyValuePairs: kept) } catch {
            throw SessionError("configuration: \(error)")
        }
        if let initial = json["initial_weights"] {
            guard let source = initial["source"]?.stringValue else { throw SessionError("field \"initial_weights\" needs a \"source\"") }
            do { configuration.initialWeights = InitialWeights(source: source, network: try CheckpointCoding.network(from: initial)) } catch {
                throw SessionError("initial_weights: \(error)")
            }
        }
        let seedText = try f.string("seed")
        guard let seed = UInt64(seedText), seed == configuration.seed else {
            throw SessionError("field \"seed\" (\(seedText)) does not match the configuration's seed \(configuration.seed)")
        }
        let comparison = try json["compare"].map { value throws(SessionError) in try SessionComparison(json: value) }
        let header = SessionHeader(configuration: configuration, formatVersion: version, programVersion: try f.string("program"),
                                   created: try f.string("created"), dataFiles: try f.dataFiles(), comparison: comparison)
        return DecodedHeader(header: header, minor: minor, unknownKeys: unknown)
    }

    /// Reads a record after the header; nil for a record type this version does not know.
    static func decodeBody(_ json: JSONValue) throws(SessionError) -> SessionRecord? {
        let f = RecordFields(json: json)
        switch try f.string("type") {
        case "header":
            throw SessionError("a second header record")
        case "epoch":
            let generation = try f.int("generation", in: 1...Int.max)
            if let layers = json["layers"]?.arrayValue, layers.count > CheckpointCoding.maximumLayers {
                throw SessionError("epoch record has \(layers.count) layers (at most \(CheckpointCoding.maximumLayers))")
            }
            guard let metrics = EpochMetrics(json: json), metrics.epoch >= 1 else {
                throw SessionError("epoch record: missing or malformed metrics")
            }
            let skipped = json["skipped"] == nil ? 0 : try f.int("skipped", in: 0...Int.max)
            guard skipped < metrics.epoch else { throw SessionError("epoch record: skipped \(skipped) epochs before epoch \(metrics.epoch)") }
            return .epoch(SessionEpoch(generation: generation, metrics: metrics, skipped: skipped))
        case "event":
            let event = SessionEvent(position: try f.position(), command: try f.string("command"), time: try f.number("time"),
                                     dataFiles: try f.dataFiles())
            _ = try event.action
            return .event(event)
        case "divergence":
            return .divergence(SessionDivergence(position: try f.position(), message: try f.string("message")))
        case "checkpoint":
            return .checkpoint(SessionCheckpoint(position: try f.position(), network: try CheckpointCoding.network(from: json)))
        case "resume":
            guard let from = json["from"] else { throw SessionError("field \"from\" must be a position") }
            return .resume(SessionResume(position: try f.position(), from: try RecordFields(json: from).position(),
                                         time: try f.number("time"), programVersion: try f.string("program")))
        case "close":
            return .close(SessionClose(position: try f.position(), time: try f.number("time"), status: try f.string("status")))
        default:
            return nil
        }
    }
}
