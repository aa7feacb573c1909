import Terminal

/// A session file on the replay screen: its frames, the replay keys (`ReplayController`) and the
/// snapshot of the frame shown, sampled for the current data grid. `nnscope replay FILE`
/// (`ReplayApp`) and `:replay FILE` in the TUI (`TUIState`) both show a session through it.
/// Used on the UI thread only.
public final class ReplayViewer {
    public let session: ReplaySession
    public private(set) var controller: ReplayController
    private var grid: GridSize
    /// The snapshot of `frame` at `grid`; recomputed when the controller's frame or the grid changes.
    private var shown: (frame: Int, grid: GridSize, inside: InsideRequest, snapshot: Snapshot)
    /// The network view and the inspector on the replay (`n`, `i`).
    public private(set) var inside = InsideViewState()
    /// The reader's problems (torn tail, damaged records), shown on the bottom line.
    private let problems: ScreenModel.Message?

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
        if !controller.showsHelp,
           inside.handle(key, replay: true, trainCount: shown.snapshot.inspector?.trainCount, layerWidths: shown.snapshot.network?.layerWidths) {
            return false
        }
        return controller.handle(key)
    }

    /// Advances playback by `seconds` of wall time; true when the frame changed.
    public func tick(seconds: Double) -> Bool {
        controller.tick(seconds: seconds)
    }

    /// The data panel's new resolution after a resize.
    public func resize(grid: GridSize) {
        self.grid = grid
    }

    /// The screen model of the frame shown.
    public func model() -> ScreenModel {
        var model = ScreenModel(snapshot: snapshot(), mode: .replay(controller.position), showsHelp: controller.showsHelp,
                                message: problems, logScale: controller.logScale)
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
