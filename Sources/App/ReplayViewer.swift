import Foundation
import Landscape
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
    /// The landscape panel (`L`), computed on the job's own thread from the checkpoint at or before
    /// the frame shown; a new checkpoint or direction restarts it (cancelling the old one).
    public let landscape = LandscapeJob()
    /// The checkpoint index and directions the running or finished computation is of.
    private var landscapeAsked: (checkpoint: Int, directions: PlaneDirections.Kind)?
    private var landscapeAskedAt = ContinuousClock.now
    /// The job state version last put in a model (a newer one needs a redraw).
    private var drawnLandscape = -1
    /// While playing, a new landscape is started at most this often (the frames run ahead of it).
    static let landscapeInterval = Duration.seconds(1)

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

    deinit { landscape.cancel() }

    /// Applies a key; true when the user leaves the replay.
    public func handle(_ key: Key) -> Bool {
        if controller.isFree, let command = inside.command(for: key, replay: true) {
            if command == .switchRun {
                note(KeyHelp.keyName(.switchRun, in: InsideKeys.views) + ": " + Self.oneSession)
            } else {
                inside.perform(command, trainCount: shown.snapshot.inspector?.trainCount, layerWidths: shown.snapshot.network?.layerWidths)
            }
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
                note("no epoch \(epoch) in this session (epochs \(epochs.min() ?? 0) to \(epochs.max() ?? 0))")
            }
        } else {
            noteMove(from: before)
        }
        if let refusal = controller.refusal {
            note(refusal)
        } else if controller.lastCommand == .toggleSideBySide {
            note(KeyHelp.keyName(.toggleSideBySide, in: controller.keys) + ": " + Self.oneSession)
        }
        refreshLandscape()
        return leaves
    }

    /// What `c` and `B` (two runs' keys) are told here.
    static let oneSession = "this replay shows one session; two recorded runs open side by side with nnscope replay A.jsonl B.jsonl"

    /// Shows `text` as an error from the frame shown on.
    private func note(_ text: String) {
        notice = ScreenModel.Message(lines: [text], isError: true)
        noticeFrame = controller.frame
    }

    /// Starts, restarts or stops the landscape job to match the panel's directions and the
    /// checkpoint of the frame shown.
    private func refreshLandscape() {
        guard let directions = controller.landscapeDirections, let index = session.frames[controller.frame].checkpoint else {
            if landscapeAsked != nil { landscape.cancel() }
            landscapeAsked = nil
            return
        }
        if let asked = landscapeAsked, asked.checkpoint == index, asked.directions == directions { return }
        let now = ContinuousClock.now
        if controller.isPlaying, landscapeAsked != nil, now - landscapeAskedAt < Self.landscapeInterval { return }
        let checkpoint = session.checkpoints[index]
        let trajectory = session.checkpoints[..<index].filter { $0.position.generation == checkpoint.position.generation }
        // The settings in force at the checkpoint's own epoch (the frame that recorded it).
        let configuration = (session.frames.first { $0.checkpoint == index } ?? session.frames[controller.frame]).configuration
        landscape.start(LandscapeRequest(network: checkpoint.network, configuration: configuration, epoch: checkpoint.position.epoch,
                                         generation: checkpoint.position.generation, recordingPath: nil,
                                         trajectory: Array(trajectory), directions: directions))
        landscapeAsked = (index, directions)
        landscapeAskedAt = now
    }

    /// What the landscape panel shows for the frame on screen (nil while the panel is closed), and
    /// the job state's version it reflects (read once, so a change in between is not lost).
    private func landscapeState() -> (state: LandscapeJob.State?, version: Int) {
        let job = landscape.state
        guard controller.landscapeDirections != nil else { return (nil, job.version) }
        let frame = session.frames[controller.frame]
        guard frame.checkpoint != nil else {
            return (.failed("no checkpoint at or before epoch \(frame.metrics.epoch) in this session: the landscape needs recorded weights "
                           + "(nnscope train --record FILE --checkpoint-every N)"), job.version)
        }
        return (job.state, job.version)
    }

    /// Applies a click on cell (`x`, `y`) of a `width`×`height` screen (see `ClickTarget.at`).
    public func handleClick(x: Int, y: Int, width: Int, height: Int) {
        guard controller.isFree,
              let target = ClickTarget.at(x: x, y: y, model: model(), width: width, height: height) else { return }
        _ = inside.click(target, points: shown.snapshot.trainingPoints)
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
        refreshLandscape()
        return changed || (controller.landscapeDirections != nil && landscape.state.version != drawnLandscape)
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
        (model.landscape, drawnLandscape) = landscapeState()
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
