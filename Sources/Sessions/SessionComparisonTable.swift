import NeuralNetwork

/// What `nnscope replay A.jsonl B.jsonl --summary` prints: the two sessions side by side — what
/// differs in their configurations, final and best losses and accuracies, and each layer's
/// gradient norm at chosen epochs. Epochs are aligned by number within each session's last
/// generation (the network that trained last).
public struct SessionComparisonTable: Sendable {
    public struct Side: Sendable {
        public var file: String
        public var contents: SessionContents
        /// The last generation's epochs, by epoch number.
        public var epochs: [Int: EpochMetrics]
        public var lastEpoch: Int

        init(file: String, contents: SessionContents) {
            self.file = file
            self.contents = contents
            let generation = contents.epochs.last?.generation ?? 1
            var epochs: [Int: EpochMetrics] = [:]
            for e in contents.epochs where e.generation == generation { epochs[e.metrics.epoch] = e.metrics }
            self.epochs = epochs
            lastEpoch = epochs.keys.max() ?? 0
        }
    }

    public var a: Side
    public var b: Side
    /// The epochs whose gradient norms are listed.
    public var epochsShown: [Int]

    /// Reads both files. `epochs` nil: the first, middle and last epoch both sessions reached.
    public static func of(pathA: String, pathB: String, epochs: [Int]? = nil) throws -> SessionComparisonTable {
        let a = Side(file: pathA, contents: try SessionReader.read(path: pathA))
        let b = Side(file: pathB, contents: try SessionReader.read(path: pathB))
        let common = min(a.lastEpoch, b.lastEpoch)
        let chosen = epochs ?? (common == 0 ? [] : Array(Set([1, (common + 1) / 2, common])).sorted())
        return SessionComparisonTable(a: a, b: b, epochsShown: chosen)
    }

    /// Settings whose values differ, as (key, A's value, B's value).
    public var differences: [(key: String, a: String, b: String)] {
        let x = a.contents.header.configuration, y = b.contents.header.configuration
        return TrainingConfiguration.settings.compactMap { s in
            s.value(in: x) == s.value(in: y) ? nil : (s.key, s.value(in: x), s.value(in: y))
        }
    }

    /// Notes for the reader: sessions of different datasets, runs not linked as one comparison.
    public var notes: [String] {
        let x = a.contents.header, y = b.contents.header
        return Self.dataNotes(x, y) + [Self.linkNote(x, y)].compactMap { $0 }
    }

    /// What differs in the data of sessions with headers `x` (A) and `y` (B): another dataset, seed
    /// or split (the side-by-side replay shows it too).
    public static func dataNotes(_ x: SessionHeader, _ y: SessionHeader) -> [String] {
        var notes: [String] = []
        if x.configuration.dataset != y.configuration.dataset {
            notes.append("the sessions train on different datasets (\(x.configuration.dataset) and \(y.configuration.dataset)): losses are not directly comparable")
        } else if x.configuration.seed != y.configuration.seed || x.configuration.validationFraction != y.configuration.validationFraction {
            notes.append("the sessions use different seeds or validation fractions: their data or split differ")
        }
        return notes
    }

    /// Whether the two sessions are the runs of one comparison, and where B's weights came from.
    public static func linkNote(_ x: SessionHeader, _ y: SessionHeader) -> String? {
        func weights(_ q: SessionComparison) -> String {
            q.copiedInitialWeights ? "initial weights were copied from A" : "initial weights were its own" + (q.note.map { " (\($0))" } ?? "")
        }
        if let p = x.comparison, let q = y.comparison, p.id == q.id {
            return "runs \(p.run) and \(q.run) of one comparison (id \(p.id)); B's " + (p.copiedInitialWeights ? weights(p) : weights(q))
        }
        if x.comparison == nil, let q = y.comparison, q.run == "B" {
            // The TUI's comparison: A's recording began before it, so only B's header links the two.
            return "B was recorded as run B of a comparison with \(q.partner) (B: \(q.differs)); B's " + weights(q)
        }
        return nil
    }

    public var text: String {
        var lines = ["comparing A: \(a.file)", "      and B: \(b.file)"]
        let differs = differences
        lines.append(differs.isEmpty ? "settings: identical" : "settings that differ:")
        for d in differs { lines.append("  \(d.key): A \(d.a), B \(d.b)") }
        lines += notes.map { "note: \($0)" }
        var rows: [(String, String, String)] = []
        func row(_ label: String, _ f: (Side) -> String) { rows.append((label, f(a), f(b))) }
        row("epochs") { "\($0.lastEpoch)" + ($0.contents.epochs.last.map { $0.generation == 1 ? "" : " (generation \($0.generation))" } ?? "") }
        func final(_ s: Side) -> EpochMetrics? { s.epochs[s.lastEpoch] }
        row("final train loss") { final($0).map { Self.number($0.trainLoss) } ?? "-" }
        row("final val loss") { final($0)?.valLoss.map(Self.number) ?? "-" }
        row("final train accuracy") { final($0)?.trainAccuracy.map(Self.number) ?? "-" }
        row("final val accuracy") { final($0)?.valAccuracy.map(Self.number) ?? "-" }
        func best(_ s: Side, _ value: (EpochMetrics) -> Double?, lowest: Bool) -> String {
            let candidates = s.epochs.values.compactMap { m in value(m).flatMap { $0.isFinite ? ($0, m.epoch) : nil } }
            guard let pick = candidates.min(by: { lowest ? ($0.0, $0.1) < ($1.0, $1.1) : ($0.0 > $1.0 || ($0.0 == $1.0 && $0.1 < $1.1)) }) else { return "-" }
            return "\(Self.number(pick.0)) (epoch \(pick.1))"
        }
        row("best train loss") { best($0, { $0.trainLoss }, lowest: true) }
        row("best val loss") { best($0, { $0.valLoss }, lowest: true) }
        row("best train accuracy") { best($0, { $0.trainAccuracy }, lowest: false) }
        row("best val accuracy") { best($0, { $0.valAccuracy }, lowest: false) }
        row("diverged") { $0.contents.divergences.last?.message ?? "no" }
        for epoch in epochsShown {
            let layers = max(a.epochs[epoch]?.layers.count ?? 0, b.epochs[epoch]?.layers.count ?? 0)
            if layers == 0 { rows.append(("grad norm at epoch \(epoch)", "-", "-")) }
            for l in 0..<layers {
                row("grad norm layer \(l + 1), epoch \(epoch)") { s in
                    guard let m = s.epochs[epoch] else { return "-" }
                    return l < m.layers.count ? Self.number(m.layers[l].gradNorm) : "-"
                }
            }
        }
        let width0 = rows.map(\.0.count).max() ?? 0
        let width1 = max(rows.map(\.1.count).max() ?? 0, 1)
        func pad(_ s: String, _ n: Int) -> String { s + String(repeating: " ", count: max(n - s.count, 0)) }
        lines.append(pad("", width0) + "  " + pad("A", width1) + "  B")
        for r in rows { lines.append(pad(r.0, width0) + "  " + pad(r.1, width1) + "  " + r.2) }
        return lines.joined(separator: "\n")
    }

    /// Shortest round-trip decimal (the file's own digits), or "non-finite".
    static func number(_ x: Double) -> String { x.isFinite ? "\(x)" : "non-finite" }
}
