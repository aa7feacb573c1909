import Lessons
import Terminal

/// The UI thread's state in the full-screen interface: the live `UIController` and, while
/// `:replay FILE` shows a session, a `ReplayViewer` over it. While the replay is open keys go to
/// it and the training worker is left alone (a running run keeps running and recording; its
/// replies wait in the message area); `q` or Esc closes it and the live screen is back as it was.
/// Pure apart from reading the session file, so tests drive it and render its models without a
/// terminal.
public final class TUIState {
    public private(set) var controller: UIController
    /// The replay opened with `:replay FILE`, while it is shown.
    public private(set) var replay: ReplayViewer?
    /// The lesson opened with `nnscope lesson NAME`: its keys go to it, its pages' command lines
    /// to the worker like typed ones.
    public private(set) var lesson: LessonSession?
    private var grid: GridSize

    /// The state of a TUI whose data panel is sampled at `grid`.
    public init(controller: UIController, grid: GridSize) {
        self.controller = controller
        self.grid = grid
    }

    public var isReplaying: Bool { replay != nil }

    /// Opens `lesson`'s pane; returns the first page's command lines for the worker.
    public func open(_ lesson: LessonSession) -> [UIController.Effect] {
        var session = lesson
        let lines = session.start()
        self.lesson = session
        return lines.flatMap { controller.effects(of: $0, confirming: false) }
    }

    /// Sets the live message area's text.
    public func show(_ lines: [String], isError: Bool = false) {
        controller.show(lines, isError: isError)
    }

    /// Applies one key, given the latest live snapshot; returns what the UI loop must do (requests
    /// for the worker, quitting). `:replay FILE` opens the replay here.
    public func handle(_ key: Key, snapshot: Snapshot) -> [UIController.Effect] {
        guard let replay else {
            if var lesson, controller.isFree, let lines = lesson.handle(key) {
                self.lesson = lesson
                controller.show([])
                return lines.flatMap { controller.effects(of: $0, confirming: false) }
            }
            return perform(controller.handle(key, snapshot: snapshot))
        }
        if replay.handle(key) {
            self.replay = nil
            if controller.message == nil { controller.show(["back to live training"]) }
        }
        return []
    }

    /// Applies a click on cell (`x`, `y`) of a `width`×`height` screen, given the latest live
    /// snapshot: hit-tested against what is drawn (the replay's frame while one is open).
    public func handleClick(x: Int, y: Int, width: Int, height: Int, snapshot: Snapshot) -> [UIController.Effect] {
        if let replay {
            replay.handleClick(x: x, y: y, width: width, height: height)
            return []
        }
        guard let target = ClickTarget.at(x: x, y: y, model: model(snapshot: snapshot), width: width, height: height) else { return [] }
        return controller.handleClick(target, snapshot: snapshot)
    }

    /// A reply from the worker (kept for the live screen while a replay is shown).
    public func receive(_ reply: WorkerReply) -> [UIController.Effect] {
        perform(controller.receive(reply))
    }

    /// Advances replay playback by `seconds`; true when the frame shown changed.
    public func tick(seconds: Double) -> Bool {
        replay?.tick(seconds: seconds) ?? false
    }

    /// The data panel's new resolution after a resize.
    public func resize(grid: GridSize) {
        self.grid = grid
        replay?.resize(grid: grid)
    }

    /// The screen model: the replay's frame while one is open, else live training's `snapshot`.
    public func model(snapshot: Snapshot) -> ScreenModel {
        if let replay { return replay.model() }
        var model = controller.model(snapshot: snapshot)
        model.lesson = lesson
        return model
    }

    /// Opens the replays asked for and passes the other effects on.
    private func perform(_ effects: [UIController.Effect]) -> [UIController.Effect] {
        effects.filter { effect in
            guard case let .openReplay(path) = effect else { return true }
            openReplay(path)
            return false
        }
    }

    /// Switches to the replay of `path`; a file that cannot be replayed leaves the live screen as
    /// it was, with the same error the REPL's `replay` gives.
    private func openReplay(_ path: String) {
        do {
            replay = try ReplayViewer(session: ReplaySession(path: path), grid: grid, returnsToTraining: true)
            controller.show([])
        } catch {
            controller.show(["replay \(path): \(error)"], isError: true)
        }
    }
}
