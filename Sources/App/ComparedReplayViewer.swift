import NeuralNetwork
import Sessions
import Terminal

/// Two session files side by side (`nnscope replay A.jsonl B.jsonl`): the comparison screen of
/// live training (`Screen.renderCompared`) showing, for each epoch, run A's and run B's state at
/// that epoch. Epochs are aligned by number within each file's last generation (the network that
/// trained last), as in `replay A B --summary`; a run that ended earlier stays at its last epoch.
/// The keys are a single replay's (`ReplayKeys`, performed by `ReplayController`; `c` switches
/// between the loss curves overlaid and every panel side by side here) and the inside views'
/// (`InsideKeys`; `B` for run A / B). Used on the UI thread only.
public final class ComparedReplayViewer: ReplayScreenViewer {
    /// One step of the replay: an epoch and the frame of each session shown at it.
    public struct Row: Sendable, Equatable {
        public var epoch: Int
        public var a: Int
        public var b: Int
    }

    public let a: ReplaySession
    public let b: ReplaySession
    public let rows: [Row]
    public private(set) var controller: ReplayController
    public private(set) var inside = InsideViewState()
    public private(set) var comparesSideBySide = false
    private var grid: GridSize
    private var shown: (row: Int, grid: GridSize, inside: InsideRequest, snapshot: Snapshot)
    /// What the two files' headers say (different datasets, one comparison), shown at the start.
    private let notes: [String]
    private var notice: ScreenModel.Message?
    private var noticeRow = 0

    /// Throws, naming the file, when either session has no epochs to show.
    public static func check(a: ReplaySession, b: ReplaySession) throws(SessionFileError) {
        for session in [a, b] where session.frames.isEmpty {
            throw SessionFileError(description: "\(session.source) has no recorded epochs to replay")
        }
    }

    public init(a: ReplaySession, b: ReplaySession, grid: GridSize) throws(SessionFileError) {
        try Self.check(a: a, b: b)
        let rows = Self.align(a.frames, b.frames)
        guard let first = rows.first, var snapshotA = a.snapshot(frame: first.a, grid: grid), let snapshotB = b.snapshot(frame: first.b, grid: grid) else {
            throw SessionFileError(description: "\(a.source) and \(b.source) have no recorded epochs to replay")
        }
        self.a = a
        self.b = b
        self.grid = grid
        self.rows = rows
        snapshotA.compared = Self.comparedSnapshot(snapshotA, snapshotB, a: a, b: b)
        shown = (0, grid, InsideRequest(), snapshotA)
        controller = ReplayController(frameCount: rows.count, source: "\(a.source) + \(b.source)")
        var notes: [String] = []
        if let x = a.header, let y = b.header { notes = SessionComparisonTable.dataNotes(x, y) }
        let problems = (a.problems.map { "A: \($0)" } + b.problems.map { "B: \($0)" })
        self.notes = notes + problems
        if !self.notes.isEmpty { notice = ScreenModel.Message(lines: [self.notes.joined(separator: "; ")], isError: !problems.isEmpty) }
    }

    /// One row per epoch number of either file's last generation, in order; each run shows its
    /// newest frame at or before that epoch (its first frame before it has one).
    public static func align(_ a: [ReplaySession.Frame], _ b: [ReplaySession.Frame]) -> [Row] {
        func lastGeneration(_ frames: [ReplaySession.Frame]) -> [(index: Int, epoch: Int)] {
            guard let generation = frames.last?.generation else { return [] }
            return frames.indices.filter { frames[$0].generation == generation }.map { ($0, frames[$0].metrics.epoch) }
        }
        let x = lastGeneration(a), y = lastGeneration(b)
        guard let firstX = x.first, let firstY = y.first else { return [] }
        let epochs = Set(x.map(\.epoch) + y.map(\.epoch)).sorted()
        func frame(_ frames: [(index: Int, epoch: Int)], _ first: (index: Int, epoch: Int), at epoch: Int) -> Int {
            frames.last { $0.epoch <= epoch }?.index ?? first.index
        }
        return epochs.map { Row(epoch: $0, a: frame(x, firstX, at: $0), b: frame(y, firstY, at: $0)) }
    }

    public func handle(_ key: Key) -> Bool {
        if controller.isFree, let command = inside.command(for: key, replay: true) {
            let inspected = snapshot()
            let shownRun = inside.showsRunB ? inspected.compared?.b ?? inspected : inspected
            inside.perform(command, trainCount: shownRun.inspector?.trainCount, layerWidths: shownRun.network?.layerWidths)
            if command == .switchRun { note("inspector and network view: run \(inside.showsRunB ? "B" : "A") (\(KeyHelp.keyName(.switchRun, in: InsideKeys.views)) switches)", isError: false) }
            return false
        }
        let leaves = controller.handle(key)
        if controller.lastCommand == .toggleSideBySide { comparesSideBySide.toggle() }
        if let epoch = controller.requestedEpoch {
            let row = rows.firstIndex { $0.epoch == epoch }
            controller.jump(to: row)
            if row == nil {
                note("no epoch \(epoch) in these sessions (epochs \(rows.first?.epoch ?? 0) to \(rows.last?.epoch ?? 0))", isError: true)
            }
        }
        if let refusal = controller.refusal { note(refusal, isError: true) }
        return leaves
    }

    public func tick(seconds: Double) -> Bool {
        controller.tick(seconds: seconds)
    }

    public func resize(grid: GridSize) {
        self.grid = grid
    }

    public func model() -> ScreenModel {
        let row = controller.frame
        if row < noticeRow { notice = nil }
        var model = ScreenModel(snapshot: snapshot(), mode: .replay(controller.position), showsHelp: controller.showsHelp,
                                message: notice, question: controller.goToPrompt, logScale: controller.logScale)
        model.inside = inside
        model.comparesSideBySide = comparesSideBySide
        return model
    }

    private func note(_ text: String, isError: Bool) {
        notice = ScreenModel.Message(lines: [text], isError: isError)
        noticeRow = controller.frame
    }

    /// The snapshot of the row shown: A's, with B's as its comparison; the inside views' data for
    /// the run they follow.
    private func snapshot() -> Snapshot {
        let index = controller.frame
        let request = inside.request
        if shown.row == index, shown.grid == grid, shown.inside == request { return shown.snapshot }
        let row = rows[max(0, min(index, rows.count - 1))]
        let none = InsideRequest(distributionLayer: request.distributionLayer)
        guard var snapshotA = a.snapshot(frame: row.a, grid: grid, inside: request.runB ? none : request),
              let snapshotB = b.snapshot(frame: row.b, grid: grid, inside: request.runB ? request : none) else {
            return shown.snapshot
        }
        snapshotA.compared = Self.comparedSnapshot(snapshotA, snapshotB, a: a, b: b)
        shown = (index, grid, request, snapshotA)
        return snapshotA
    }

    /// What differs between the two frames' settings, and where B's weights came from.
    private static func comparedSnapshot(_ x: Snapshot, _ y: Snapshot, a: ReplaySession, b: ReplaySession) -> ComparedSnapshot {
        let differences = TrainingConfiguration.settings.compactMap { s -> (key: String, a: String, b: String)? in
            let p = s.value(in: x.configuration), q = s.value(in: y.configuration)
            return p == q ? nil : (s.key, p, q)
        }
        let link = b.header?.comparison ?? a.header?.comparison
        // The setting the comparison was about (B's header), else the first that differs.
        let named = link.flatMap { link in differences.first { link.differs.hasPrefix($0.key + " ") } } ?? differences.first
        let startingPoint: String
        switch link {
        case let link? where link.copiedInitialWeights: startingPoint = StartingPoint.copied.description
        case let link?: startingPoint = StartingPoint.own(link.note ?? "run B's own").description
        case nil: startingPoint = "two sessions not recorded as one comparison"
        }
        return ComparedSnapshot(b: y, differs: named.map { "\($0.key) \($0.b)" } ?? "no setting differs", valueInA: named?.a ?? "",
                                startingPoint: startingPoint,
                                differences: differences.map { "\($0.key) \($0.a)→\($0.b)" })
    }
}
