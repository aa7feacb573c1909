import Terminal

/// A session file on the replay screen: its frames, the replay keys (`ReplayController`) and the
/// snapshot of the frame shown, sampled for the current data grid. `nnscope replay FILE`
/// (`ReplayApp`) and `:replay FILE` in the TUI (`TUIState`) both show a session through it.
/// Used on the UI thread only.
public final class ReplayViewer: ReplayScreenViewer {
    public let session: ReplaySession
    public private(set) var controller: ReplayController
    private var grid: GridSize
    /// The snapshot of `frame` at `grid`; recomputed when the controller's frame or the grid changes.
    private var shown: (frame: Int, grid: GridSize, inside: InsideRequest, snapshot: Snapshot)
    /// The network view and the inspector on the replay (`n`, `i`).
    public private(set) var inside = InsideViewState()
    /// The reader's problems (torn tail, damaged records), shown on the bottom line.
    private let problems: ScreenModel.Message?
    /// The last mark passed (an event or divergence named when the replay reaches it), or a
    /// "go to epoch" error; shown from the frame it was set at until the next one or until the
    /// replay goes back before it.
    private var notice: ScreenModel.Message?
    private var noticeFrame = -1

    /// A viewer of `session` whose decision map is sampled at `grid`; `returnsToTraining` for a
    /// replay opened from live training (Esc leaves too). Throws for a session without epochs.
    public init(session: ReplaySession, grid: GridSize, returnsToTraining: Bool = false) throws(SessionFileError) {
        guard let first = session.snapshot(frame: 0, grid: grid) else {
            throw SessionFileError(description: "\(session.source) has no recorded epochs to replay")
        }
        shown = (0, grid, InsideRequest(), first)
        self.session = session
        self.grid = grid
        controller = ReplayController(frameCount: session.frames.count, source: session.source, returnsToTraining: returnsToTraining)
        problems = session.problems.isEmpty ? nil : ScreenModel.Message(lines: [session.problems.joined(separator: "; ")], isError: true)
    }

    /// Applies a key; true when the user leaves the replay.
    public func handle(_ key: Key) -> Bool {
        if !controller.showsHelp, controller.goToPrompt == nil,
           inside.handle(key, replay: true, trainCount: shown.snapshot.inspector?.trainCount, layerWidths: shown.snapshot.network?.layerWidths) {
            return false
        }
        let before = controller.frame
        let leaves = controller.handle(key)
        if let epoch = controller.requestedEpoch {
            let frame = session.frame(ofEpoch: epoch, near: controller.frame)
            controller.jump(to: frame)
            noteMove(from: before)
            if frame == nil {
                let epochs = session.frames.map(\.metrics.epoch)
                notice = ScreenModel.Message(lines: ["no epoch \(epoch) in this session (epochs \(epochs.min() ?? 0) to \(epochs.max() ?? 0))"], isError: true)
                noticeFrame = controller.frame
            }
        } else {
            noteMove(from: before)
        }
        if let refusal = controller.refusal {
            notice = ScreenModel.Message(lines: [refusal], isError: true)
            noticeFrame = controller.frame
        } else if key == .character("c") || key == InsideViewState.runKey {
            notice = ScreenModel.Message(lines: ["\(key == .character("c") ? "c" : "B"): this replay shows one session; "
                + "two recorded runs open side by side with nnscope replay A.jsonl B.jsonl"], isError: true)
            noticeFrame = controller.frame
        }
        return leaves
    }

    /// Names the marks passed moving forward from `before` (the newest last), or the one landed
    /// on moving back.
    private func noteMove(from before: Int) {
        let frame = controller.frame
        guard frame != before else { return }
        let passed = frame > before
            ? session.marks.filter { $0.frame > before && $0.frame <= frame }
            : session.marks.filter { $0.frame == frame }
        if !passed.isEmpty {
            notice = ScreenModel.Message(lines: [passed.map { "epoch \(session.frames[$0.frame].metrics.epoch): \($0.text)" }.joined(separator: "; ")])
            noticeFrame = frame
        }
    }

    /// Advances playback by `seconds` of wall time; true when the frame changed.
    public func tick(seconds: Double) -> Bool {
        let before = controller.frame
        let changed = controller.tick(seconds: seconds)
        noteMove(from: before)
        return changed
    }

    /// The data panel's new resolution after a resize.
    public func resize(grid: GridSize) {
        self.grid = grid
    }

    /// The screen model of the frame shown.
    public func model() -> ScreenModel {
        let frame = controller.frame
        if frame < noticeFrame { notice = nil }
        let message = frame >= noticeFrame ? notice : nil
        var model = ScreenModel(snapshot: snapshot(), mode: .replay(controller.position), showsHelp: controller.showsHelp,
                                message: message ?? problems, question: controller.goToPrompt, logScale: controller.logScale)
        model.inside = inside
        return model
    }

    private func snapshot() -> Snapshot {
        let request = inside.request
        if shown.frame != controller.frame || shown.grid != grid || shown.inside != request,
           let snapshot = session.snapshot(frame: controller.frame, grid: grid, inside: request) {
            shown = (controller.frame, grid, request, snapshot)
        }
        return shown.snapshot
    }
}
