import JSON

/// The header's `compare` object: this session is one run of a comparison (`train --compare`,
/// the TUI's `:compare`). Each run has its own file; the two share `id`.
public struct SessionComparison: Sendable, Equatable {
    /// Shared by both runs' files (32 hex digits).
    public var id: String
    /// "A" or "B".
    public var run: String
    /// The other run's file name (as recorded; it may have moved).
    public var partner: String
    /// The setting B changes, as a command-language setting ("activation relu").
    public var differs: String
    /// True when this run started from run A's initial weights (always false for A): the file then
    /// holds a checkpoint at batch 0 of epoch 0 of each generation, which a replay adopts.
    public var copiedInitialWeights: Bool
    /// Why B's initial weights are its own (nil when copied, and for A).
    public var note: String?

    public init(id: String, run: String, partner: String, differs: String, copiedInitialWeights: Bool, note: String? = nil) {
        self.id = id
        self.run = run
        self.partner = partner
        self.differs = differs
        self.copiedInitialWeights = copiedInitialWeights
        self.note = note
    }

    /// A fresh random id (from the system's random source; it links files, it seeds nothing).
    public static func newID() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<2).map { _ in
            let hex = String(generator.next() as UInt64, radix: 16)
            return String(repeating: "0", count: 16 - hex.count) + hex
        }.joined()
    }

    /// B's session file next to A's `path`: `run.jsonl` → `run-B.jsonl` (`-B` appended without
    /// `.jsonl`); `number` 2, 3, … give `run-B2.jsonl`, … for later comparisons of one TUI session.
    public static func partnerPath(of path: String, number: Int = 1) -> String {
        let suffix = number > 1 ? "-B\(number)" : "-B"
        return path.hasSuffix(".jsonl") ? String(path.dropLast(6)) + suffix + ".jsonl" : path + suffix
    }

    var json: JSONValue {
        var fields: [(String, JSONValue)] = [("id", .string(id)), ("run", .string(run)), ("partner", .string(partner)),
                                             ("differs", .string(differs)),
                                             ("weights", .string(copiedInitialWeights ? "copied" : "own"))]
        if let note { fields.append(("note", .string(note))) }
        return .object(fields)
    }

    init(json: JSONValue) throws(SessionError) {
        let f = RecordFields(json: json)
        let run = try f.string("run")
        guard run == "A" || run == "B" else { throw SessionError("compare: field \"run\" must be \"A\" or \"B\", got \"\(run)\"") }
        let weights = try f.string("weights")
        guard weights == "copied" || weights == "own" else {
            throw SessionError("compare: field \"weights\" must be \"copied\" or \"own\", got \"\(weights)\"")
        }
        self.init(id: try f.string("id"), run: run, partner: try f.string("partner"), differs: try f.string("differs"),
                  copiedInitialWeights: weights == "copied", note: json["note"]?.stringValue)
    }
}
