import JSON
import LinearAlgebra
import NeuralNetwork

/// The outcome of re-running a session.
public struct VerificationReport: Sendable {
    public var file: String
    /// Epoch records reproduced bit for bit.
    public var epochsChecked = 0
    public var eventsApplied = 0
    /// Checkpoints whose every value the replay reproduced.
    public var checkpointsChecked = 0
    /// Epochs the replay produced where the file's record was lost (corrupt or over-long line).
    public var epochsUnverifiable = 0
    /// Epochs a thinned recording left out on purpose (`skipped`), re-run on the way to the next
    /// recorded epoch.
    public var epochsRerun = 0
    /// Initial weights taken from the file (run B of a comparison, started from run A's weights).
    public var initialWeightsAdopted = 0
    /// The first difference between the file and the replay (nil when everything matched).
    public var mismatch: String?
    /// Problems met while reading the file.
    public var problems: [SessionProblem] = []
    /// What the replay had to do differently, e.g. a data file found next to the session.
    public var notes: [String] = []

    public var succeeded: Bool { mismatch == nil }

    public var description: String {
        var lines: [String] = []
        if let mismatch {
            lines.append("MISMATCH: \(mismatch)")
            lines.append("(\(epochsChecked) epochs matched before it)")
        } else {
            var line = "ok: \(epochsChecked) epochs reproduced bit for bit, \(eventsApplied) events applied, \(checkpointsChecked) checkpoints identical"
            if epochsRerun > 0 { line += "; \(epochsRerun) unrecorded epochs of a thinned recording re-run in between" }
            if initialWeightsAdopted > 0 { line += "; started \(initialWeightsAdopted == 1 ? "from the initial weights" : "\(initialWeightsAdopted) times from initial weights") copied from run A (recorded in the file)" }
            if epochsUnverifiable > 0 { line += "; \(epochsUnverifiable) epochs could not be checked (their records are damaged)" }
            lines.append(line)
        }
        lines += notes.map { "note: \($0)" }
        lines += problems.map { "warning: \($0)" }
        return lines.joined(separator: "\n")
    }
}

/// Re-runs a session from its configuration, seed and events (through `Experiment` and
/// `SessionEvent.apply(to:)`, stepping batch by batch to each event's position) and checks that every
/// recorded epoch and checkpoint is reproduced bit for bit. Streams the file: memory stays bounded.
public enum SessionVerifier {
    public static func verify(path: String,
                              engineFactory: (@Sendable (GradientEngineKind) -> (any GradientEngine<Float>)?)? = nil) throws -> VerificationReport {
        var run = Replay(file: path, engineFactory: engineFactory)
        do {
            try SessionReader.stream(path: path) { item in try run.visit(item) }
        } catch is Replay.Stop {}
        return run.report
    }

    /// The same, for a session held in memory.
    public static func verify(bytes: [UInt8], name: String,
                              engineFactory: (@Sendable (GradientEngineKind) -> (any GradientEngine<Float>)?)? = nil) throws -> VerificationReport {
        var run = Replay(file: name, engineFactory: engineFactory)
        do {
            try SessionReader.stream(bytes: bytes, name: name) { item in try run.visit(item) }
        } catch is Replay.Stop {}
        return run.report
    }

    /// The first difference between two epochs' metrics ("train_loss: recorded 0.5 but replay gave 0.6"),
    /// comparing each number's shortest round-trip text (i.e. its exact bits; non-finite values are null).
    public static func difference(recorded: EpochMetrics, replayed: EpochMetrics) -> String? {
        var replayed = replayed
        // Files written before epochs carried warnings have none. Warnings are derived from the
        // fields compared here (losses, dead fractions), so an epoch recorded without them is
        // compared without them; recorded ones must be reproduced.
        if recorded.warnings.isEmpty { replayed.warnings = [] }
        // Likewise files written before epochs carried the layers' percentiles: compared only
        // where recorded.
        for l in replayed.layers.indices where l >= recorded.layers.count || recorded.layers[l].distributions == nil {
            replayed.layers[l].distributions = nil
        }
        let a = recorded.jsonFields, b = replayed.jsonFields
        for (x, y) in zip(a, b) where x.0 != y.0 || x.1.serialized != y.1.serialized {
            if x.0 == "layers", let la = x.1.arrayValue, let lb = y.1.arrayValue, la.count == lb.count {
                for (i, (p, q)) in zip(la, lb).enumerated() {
                    guard case let .object(pa) = p, case let .object(pb) = q else { continue }
                    for (u, v) in zip(pa, pb) where u.1.serialized != v.1.serialized {
                        return "layer \(i + 1) \(u.0): recorded \(u.1.serialized) but replay gave \(v.1.serialized)"
                    }
                }
            }
            if x.1.serialized != y.1.serialized {
                return "\(x.0): recorded \(x.1.serialized) but replay gave \(y.1.serialized)"
            }
        }
        if a.count != b.count {
            let extra = a.count > b.count ? a[b.count].0 : b[a.count].0
            return "\(extra): present in only one of recorded and replayed"
        }
        return nil
    }
}

/// The replay's state while streaming a session.
struct Replay {
    struct Stop: Error {}

    let engineFactory: (@Sendable (GradientEngineKind) -> (any GradientEngine<Float>)?)?
    var report: VerificationReport
    var experiment: Experiment?
    var lastCheckpoint: SessionCheckpoint?
    /// A record was lost since the last match: epochs without a record are not an error.
    var recordsLost = false
    /// Run B of a comparison: its checkpoint at batch 0 of epoch 0 of a generation holds the
    /// weights copied from run A, and the replay starts from them.
    var adoptsInitialWeights = false

    init(file: String, engineFactory: (@Sendable (GradientEngineKind) -> (any GradientEngine<Float>)?)?) {
        report = VerificationReport(file: file)
        self.engineFactory = engineFactory
    }

    mutating func fail(_ number: Int, _ message: String) throws -> Never {
        report.mismatch = "\(report.file): record \(number): \(message)"
        throw Stop()
    }

    mutating func visit(_ item: SessionItem) throws {
        switch item {
        case let .problem(p):
            report.problems.append(p)
            if p.losesData { recordsLost = true }
        case let .record(record, number, _):
            try visit(record, number: number)
        }
    }

    mutating func visit(_ record: SessionRecord, number: Int) throws {
        if case let .header(h) = record {
            if !DataFileReference.paths(inDatasetSpec: h.configuration.dataset).isEmpty && h.dataFiles.isEmpty {
                throw SessionError("\(report.file): the header names data files but records no hash for them; refusing to replay")
            }
            var configuration = h.configuration
            let located = try DataFileReference.locating(h.dataFiles, in: configuration.dataset, sessionPath: report.file)
            configuration.dataset = located.spec
            report.notes += located.notes
            // Run B's file: its weights at batch 0 of epoch 0 of a generation are A's, copied (a TUI
            // comparison may copy them only in a later generation, after `set both`).
            adoptsInitialWeights = h.comparison.map { $0.copiedInitialWeights || $0.run == "B" } == true
            do { experiment = try Experiment(configuration: configuration, engineFactory: engineFactory) } catch {
                throw SessionError("\(report.file): cannot rebuild the session's experiment: \(error)")
            }
            return
        }
        guard let experiment else { return }
        switch record {
        case .header:
            break
        case let .epoch(e):
            try expectGeneration(e.generation, number)
            let target = e.metrics.epoch
            while true {
                let trainer = experiment.trainer
                if trainer.epoch >= target {
                    try fail(number, "epoch \(target) (generation \(e.generation)) was recorded, but the replay is already at epoch \(trainer.epoch)")
                }
                switch experiment.stepBatch() {
                case .batch: continue
                case .halted(.stoppedEarly):
                    // The session goes on after an early stop: the user asked for more (`step`).
                    experiment.trainer.clearHalt()
                    continue
                case let .halted(status):
                    try fail(number, "epoch \(target) was recorded, but the replay halted before it: \(status)")
                case let .epoch(m):
                    if m.epoch < target {
                        // A thinned recording leaves out the `skipped` epochs before this one:
                        // they are re-run, and this epoch's match shows they were reproduced.
                        if target - m.epoch <= e.skipped {
                            report.epochsRerun += 1
                            continue
                        }
                        try unrecordedEpoch(m, number)
                        continue
                    }
                    if let difference = SessionVerifier.difference(recorded: e.metrics, replayed: m) {
                        try fail(number, "epoch \(target) (generation \(e.generation)) differs: \(difference)")
                    }
                    report.epochsChecked += 1
                    recordsLost = false
                }
                break
            }
        case let .event(event):
            try advance(to: event.position, number)
            if event.datasetSpec.map({ !DataFileReference.paths(inDatasetSpec: $0).isEmpty }) == true && event.dataFiles.isEmpty {
                throw SessionError("\(report.file): record \(number): '\(event.command)' records no hash for its data files; refusing to replay")
            }
            let (located, notes) = try event.locatingDataFiles(sessionPath: report.file)
            report.notes += notes
            do {
                try located.apply(to: experiment)
            } catch {
                try fail(number, "'\(event.command)' could not be applied: \(error)")
            }
            report.eventsApplied += 1
        case let .divergence(d):
            guard case let .diverged(message) = experiment.trainer.status, message == d.message else {
                try fail(number, "the session diverged (\(d.message)) but the replay's status is \(experiment.trainer.status)")
            }
        case let .checkpoint(c):
            if adoptsInitialWeights, c.position.epoch == 0, c.position.batch == 0,
               experiment.trainer.epoch == 0, experiment.trainer.batchInEpoch == 0 {
                try expectGeneration(c.position.generation, number)
                do { try experiment.trainer.restore(network: c.network) } catch {
                    try fail(number, "cannot start from the initial weights copied from run A: \(error)")
                }
                report.initialWeightsAdopted += 1
                return
            }
            try advance(to: c.position, number)
            if c.network != experiment.trainer.network {
                let layer = Array(zip(c.network.layers, experiment.trainer.network.layers)).firstIndex { $0 != $1 }.map { $0 + 1 }
                try fail(number, "checkpoint at \(c.position) differs from the replay's network" + (layer.map { " (first in layer \($0))" } ?? ""))
            }
            report.checkpointsChecked += 1
            lastCheckpoint = c
        case let .resume(r):
            guard let checkpoint = lastCheckpoint, checkpoint.position == r.from else {
                try fail(number, "resumed from a checkpoint at \(r.from) that the file does not hold")
            }
            do {
                try experiment.reset()
                try experiment.trainer.restore(network: checkpoint.network)
            } catch {
                try fail(number, "cannot resume from the checkpoint at \(r.from): \(error)")
            }
            experiment.trainer.continueNumbering(fromEpoch: r.position.epoch)
            try expectGeneration(r.position.generation, number)
        case .close:
            break
        }
    }

    mutating func expectGeneration(_ generation: Int, _ number: Int) throws {
        guard let experiment, generation == experiment.generation else {
            try fail(number, "recorded for generation \(generation), but the replay is at generation \(experiment?.generation ?? 0)")
        }
    }

    mutating func unrecordedEpoch(_ m: EpochMetrics, _ number: Int) throws {
        if recordsLost {
            report.epochsUnverifiable += 1
        } else {
            try fail(number, "the replay produced epoch \(m.epoch), which the session does not record")
        }
    }

    /// Steps batch by batch until the replay stands at `position`.
    mutating func advance(to position: SessionPosition, _ number: Int) throws {
        try expectGeneration(position.generation, number)
        guard let experiment else { return }
        while true {
            let trainer = experiment.trainer
            let now = (trainer.epoch, trainer.batchInEpoch)
            if now == (position.epoch, position.batch) { return }
            if now > (position.epoch, position.batch) {
                try fail(number, "recorded at epoch \(position.epoch) batch \(position.batch), but the replay is already at epoch \(now.0) batch \(now.1)")
            }
            switch experiment.stepBatch() {
            case .batch: continue
            case let .epoch(m): try unrecordedEpoch(m, number)
            case .halted(.stoppedEarly): experiment.trainer.clearHalt()
            case let .halted(status):
                try fail(number, "recorded at epoch \(position.epoch) batch \(position.batch), but the replay halted at epoch \(now.0) batch \(now.1): \(status)")
            }
        }
    }
}
