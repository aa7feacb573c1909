import NeuralNetwork
import Render

/// What `nnscope replay FILE --summary` prints, gathered while streaming: it keeps counts, the best
/// and final epochs, events and problems, never the list of epochs.
public struct SessionSummary: Sendable {
    public var file: String
    public var header: SessionHeader
    public var epochCount = 0
    /// Distinct generations seen in epoch records (networks that trained at least one epoch).
    public var generations = 0
    /// The highest generation any record names (every reset or structural change starts one).
    public var lastGenerationNumber = 1
    /// The epoch with the lowest validation loss (training loss without validation).
    public var best: SessionEpoch?
    public var final: SessionEpoch?
    public var events: [SessionEvent] = []
    public var divergences: [SessionDivergence] = []
    public var resumes: [SessionResume] = []
    public var checkpointCount = 0
    public var lastCheckpoint: SessionPosition?
    public var close: SessionClose?
    public var closed = false
    public var problems: [SessionProblem] = []
    /// Each warning epochs carried: the first epoch (and generation) it was seen in, and how many epochs.
    public var warnings: [(warning: EpochWarning, epoch: Int, generation: Int, count: Int)] = []
    private var lastGeneration = 0

    public init(file: String, header: SessionHeader) {
        self.file = file
        self.header = header
    }

    /// Streams the file at `path`.
    public static func of(path: String) throws -> SessionSummary {
        var summary: SessionSummary?
        try SessionReader.stream(path: path) { item in
            if case let .record(.header(h), _, _) = item { summary = SessionSummary(file: path, header: h) } else { summary?.add(item) }
        }
        return summary!  // `stream` returns only after a header
    }

    /// The summary of a session already read.
    public init(contents: SessionContents, file: String) {
        self.init(file: file, header: contents.header)
        for e in contents.epochs { add(.record(.epoch(e), number: 0, byteOffset: 0)) }
        events = contents.events
        divergences = contents.divergences
        resumes = contents.resumes
        lastCheckpoint = contents.lastCheckpoint?.position
        checkpointCount = contents.lastCheckpoint == nil ? 0 : 1
        close = contents.close
        closed = contents.closed
        let positions = contents.events.map(\.position) + contents.resumes.map(\.position) + [contents.close?.position, contents.lastCheckpoint?.position].compactMap { $0 }
        lastGenerationNumber = max(lastGenerationNumber, positions.map(\.generation).max() ?? 1)
        problems = contents.problems
    }

    static func score(_ m: EpochMetrics) -> Double {
        let s = m.valLoss ?? m.trainLoss
        return s.isFinite ? s : .infinity
    }

    public mutating func add(_ item: SessionItem) {
        switch item {
        case let .problem(p): problems.append(p)
        case let .record(record, _, _):
            closed = false
            if let generation = record.position?.generation { lastGenerationNumber = max(lastGenerationNumber, generation) }
            switch record {
            case .header: break
            case let .epoch(e):
                epochCount += 1
                if e.generation != lastGeneration { generations += 1; lastGeneration = e.generation }
                if best.map({ SessionSummary.score(e.metrics) < SessionSummary.score($0.metrics) }) ?? SessionSummary.score(e.metrics).isFinite {
                    best = e
                }
                final = e
                for warning in e.metrics.warnings {
                    if let index = warnings.firstIndex(where: { $0.warning == warning }) {
                        warnings[index].count += 1
                    } else {
                        warnings.append((warning, e.metrics.epoch, e.generation, 1))
                    }
                }
            case let .event(e): events.append(e)
            case let .divergence(d): divergences.append(d)
            case let .checkpoint(c): checkpointCount += 1; lastCheckpoint = c.position
            case let .resume(r): resumes.append(r)
            case let .close(c): close = c; closed = true
            }
        }
    }

    /// The printed summary.
    public var text: String {
        var lines: [String] = []
        lines.append("session \(file): format \(header.formatVersion), recorded by \(header.programVersion) at \(header.created), seed \(header.seed)")
        lines.append("configuration:")
        for (key, value) in header.configuration.keyValuePairs { lines.append("  \(key) \(value)") }
        for f in header.dataFiles { lines.append("  data file \(f.path): \(f.bytes) bytes, FNV-1a-64 \(f.fnv1a64)") }
        if let initial = header.configuration.initialWeights {
            lines.append("  initial weights from \(initial.source) (\(initial.network.shapeDescription), \(initial.network.parameterCount) parameters, kept in the header)")
        }
        let trained = generations == lastGenerationNumber
            ? "in \(generations) generation\(generations == 1 ? "" : "s")"
            : "in \(generations) of \(lastGenerationNumber) generations (the others trained no whole epoch)"
        lines.append("epochs: \(epochCount) \(trained); \(checkpointCount) checkpoint\(checkpointCount == 1 ? "" : "s")"
            + (lastCheckpoint.map { " (last at \($0))" } ?? ""))
        if let best { lines.append("best:  " + SessionSummary.describe(best)) }
        if let final { lines.append("final: " + SessionSummary.describe(final)) }
        if events.isEmpty { lines.append("events: none") } else {
            lines.append("events: \(events.count)")
            for e in events { lines.append("  \(e.position): \(e.command)  (at \(SessionSummary.seconds(e.time)))") }
        }
        for w in warnings {
            let generation = w.generation == 1 ? "" : " (generation \(w.generation))"
            lines.append("warning \(w.warning.rawValue) from epoch \(w.epoch)\(generation), in \(w.count) epoch\(w.count == 1 ? "" : "s"): \(w.warning.explanation)")
        }
        for d in divergences { lines.append("diverged at \(d.position): \(d.message)") }
        for r in resumes { lines.append("resumed at \(r.position) from the checkpoint at \(r.from) by \(r.programVersion)") }
        if closed, let close {
            lines.append("closed after \(SessionSummary.seconds(close.time)), status \(close.status)")
        } else {
            lines.append("not closed: the recording was interrupted (every complete record is kept)")
        }
        if problems.isEmpty { lines.append("problems: none") } else {
            lines.append("problems: \(problems.count)")
            lines += problems.map { "  \($0)" }
        }
        return lines.joined(separator: "\n")
    }

    static func describe(_ e: SessionEpoch) -> String {
        let m = e.metrics
        var parts = ["epoch \(m.epoch)"]
        if e.generation != 1 { parts.append("generation \(e.generation)") }
        parts.append("loss \(number(m.trainLoss))")
        if let v = m.valLoss { parts.append("val \(number(v))") }
        if let a = m.trainAccuracy { parts.append("acc \(NumberFormat.percent(a))") }
        if let a = m.valAccuracy { parts.append("val-acc \(NumberFormat.percent(a))") }
        if let d = m.diverged { parts.append(d) }
        return parts.joined(separator: "  ")
    }

    /// Six significant digits, plain or in scientific notation (`NumberFormat`).
    static func number(_ x: Double) -> String { x.isFinite ? NumberFormat.compact(x, significantDigits: 6) : "non-finite" }
    static func seconds(_ t: Double) -> String { "\((t * 10).rounded() / 10) s" }
}
