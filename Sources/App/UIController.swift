import Foundation
import Commands
import Landscape
import Terminal
import NeuralNetwork

/// The UI's own state while training live (help, command line, messages, the quit question,
/// log scale) and the key bindings: keys go in, requests for the worker come out. Pure, so the
/// bindings are tested without a terminal.
public struct UIController: Sendable {
    /// What the UI loop should do after a key or a reply.
    public enum Effect: Sendable, Equatable {
        case post(WorkerRequest)
        /// `:replay FILE`: open the replay screen for FILE (the worker is not involved).
        case openReplay(String)
        case quit
    }

    public private(set) var showsHelp = false
    public private(set) var isEditing = false
    public private(set) var editor: LineEditState
    public private(set) var message: ScreenModel.Message?
    public private(set) var question: String?
    /// The snapshot of the key being handled (the command line asks with it).
    private var lastSnapshot: Snapshot?
    /// What `y` does when the question is a confirmation (re-initialising a trained network).
    private var confirmed: [Effect]?
    /// Re-initialising a network trained for more epochs than this asks first.
    public static let confirmAfterEpochs = 20
    public private(set) var logScale = false
    /// The data panel's Playground checkboxes: "show test data" (`v`) and "discretize output" (`o`).
    public private(set) var showsValidationPoints = true
    public private(set) var discretizesOutput = false
    /// While comparing: panels side by side instead of the loss curves overlaid (key `c`).
    public private(set) var comparesSideBySide = false
    /// The landscape panel's directions while it is shown (`L` cycles random, pca, off).
    public private(set) var landscapeDirections: PlaneDirections.Kind?
    /// The network view and the backprop inspector (`n`, `i`).
    public private(set) var inside = InsideViewState()
    public init(history: [String] = []) {
        editor = LineEditState(history: history)
    }

    /// True when a key would act on training: no command line, help or question is open.
    public var isFree: Bool { !isEditing && !showsHelp && question == nil }

    /// Sets the message area's text.
    public mutating func show(_ lines: [String], isError: Bool = false) {
        message = lines.isEmpty ? nil : ScreenModel.Message(lines: lines, isError: isError)
    }

    /// The screen model for `snapshot` with this UI state.
    public func model(snapshot: Snapshot) -> ScreenModel {
        var model = ScreenModel(snapshot: snapshot, mode: .live, showsHelp: showsHelp,
                                commandLine: isEditing ? ScreenModel.CommandLine(text: editor.line, cursor: editor.cursor) : nil,
                                message: message, question: question, logScale: logScale)
        model.showsValidationPoints = showsValidationPoints
        model.discretizesOutput = discretizesOutput
        model.inside = inside
        model.comparesSideBySide = comparesSideBySide
        return model
    }

    /// A reply from the worker: its text goes to the message area; `quit` ends the UI.
    public mutating func receive(_ reply: WorkerReply) -> [Effect] {
        show(reply.lines, isError: reply.isError)
        return reply.quit ? [.quit] : []
    }

    /// Applies one key, given the latest snapshot (for "is there anything unsaved?").
    public mutating func handle(_ key: Key, snapshot: Snapshot) -> [Effect] {
        lastSnapshot = snapshot
        if question != nil { return answerQuestion(key) }
        if isEditing { return edit(key) }
        if showsHelp {
            if KeyMap.helpOverlay.command(for: key) == .close { showsHelp = false }
            return []
        }
        if let message, message.lines.count > 1 {
            // A multi-line output box is open: any key closes it; Esc does only that.
            self.message = nil
            if key == .escape { return [] }
        }
        if let command = inside.command(for: key, replay: false) {
            return perform(command, snapshot: snapshot)
        }
        guard let command = KeyMap.command(for: key) else { return [] }
        return perform(command, snapshot: snapshot)
    }

    /// Does what an inside view's key is bound to (`InsideKeys`).
    private mutating func perform(_ command: InsideKeyCommand, snapshot: Snapshot) -> [Effect] {
        switch command {
        case .switchRun:
            guard snapshot.compared != nil else {
                show([KeyHelp.keyName(.switchRun, in: InsideKeys.views) + ": no comparison is on; start one with :compare KEY VALUE (e.g. :compare activation relu)"])
                return []
            }
            inside.perform(.switchRun, trainCount: nil, layerWidths: nil)
            show(["inspector and network view: run \(inside.showsRunB ? "B" : "A") (\(KeyHelp.keyName(.switchRun, in: InsideKeys.views)) switches)"])
        case .editSelectedNeuron:
            guard inside.selection.layer >= 1 else {
                show(["e: the inputs have no bias or weights to edit; select a neuron of a hidden or the output layer (->)"])
                return []
            }
            // The command line opens with its bias command ready for a value (or to be changed
            // into `set weight L I J VALUE`).
            isEditing = true
            for c in "set bias \(inside.selection.layer) \(inside.selection.unit + 1) " { _ = editor.handle(.character(c)) }
            show(["type the new bias of layer \(inside.selection.layer) unit \(inside.selection.unit + 1), or edit into set weight L I J VALUE"])
            return []
        default:
            let shown = inside.showsRunB ? snapshot.compared?.b ?? snapshot : snapshot
            inside.perform(command, trainCount: shown.inspector?.trainCount, layerWidths: shown.network?.layerWidths)
        }
        return [.post(.setInside(inside.request))]
    }

    /// Does what a live key is bound to (`KeyMap`).
    private mutating func perform(_ command: LiveKeyCommand, snapshot: Snapshot) -> [Effect] {
        switch command {
        case let .action(action):
            return [.post(.action(action))]
        case let .reinitialising(action, description):
            return confirmIfTrained([.post(.action(action))], description, snapshot)
        case .toggleValidationPoints:
            showsValidationPoints.toggle()
            show(["data panel: validation points \(showsValidationPoints ? "shown" : "hidden")"])
        case .toggleDiscretisedOutput:
            discretizesOutput.toggle()
            show(["data panel: output \(discretizesOutput ? "discretised (class regions only)" : "shaded by confidence")"])
        case .toggleSideBySide:
            guard snapshot.compared != nil else {
                show([KeyHelp.keyName(.toggleSideBySide, in: KeyMap.live) + ": no comparison is on; start one with :compare KEY VALUE (e.g. :compare activation relu)"])
                return []
            }
            comparesSideBySide.toggle()
            show([comparesSideBySide ? "comparison: A and B side by side" : "comparison: loss curves overlaid, other panels side by side"])
        case .toggleLogScale:
            logScale.toggle()
            show(["loss chart: \(logScale ? "log" : "linear") scale"])
        case .cycleLandscape:
            landscapeDirections = LandscapePanel.directions(after: landscapeDirections)
            return [.post(.landscape(landscapeDirections))]
        case .openCommandLine:
            isEditing = true
            message = nil
        case .openHelp:
            showsHelp = true
        case .clearMessage:
            message = nil
        case .quit:
            guard snapshot.hasUnsavedChanges else { return [.quit] }
            question = Self.quitQuestion(recordingPath: snapshot.recordingPath, recordingPathOfB: snapshot.compared?.recordingPath)
        }
        return []
    }

    /// Applies a click on `target` (see `ClickTarget.at`): selects a neuron, or explains the
    /// data point nearest to where the data panel was clicked.
    public mutating func handleClick(_ target: ClickTarget, snapshot: Snapshot) -> [Effect] {
        guard isFree, inside.click(target, points: snapshot.trainingPoints) else { return [] }
        if case .planePoint = target {
            show(["explaining training example \(inside.example), the nearest to the click (i or Esc closes)"])
        }
        return [.post(.setInside(inside.request))]
    }

    /// The quit question: where the run is recorded already, and what `y` adds to that.
    public static func quitQuestion(recordingPath: String?, recordingPathOfB: String? = nil) -> String {
        if let recordingPath, let recordingPathOfB {
            return "Quit? y: also save a closed copy of run A here, n: quit, Esc: stay (everything is recorded: run A in \(recordingPath), run B in \(recordingPathOfB))"
        }
        guard let recordingPath else {
            return "Quit? y or n: quit, Esc: stay (this run is not being recorded, so it cannot be saved)"
        }
        return "Quit? y: also save a closed copy here, n: quit, Esc: stay (everything is recorded in \(recordingPath))"
    }

    /// `effects` at once, or after `y` when they would discard a network trained for more than
    /// `confirmAfterEpochs` epochs.
    mutating func confirmIfTrained(_ effects: [Effect], _ what: String, _ snapshot: Snapshot) -> [Effect] {
        guard snapshot.epoch > Self.confirmAfterEpochs else { return effects }
        confirmed = effects
        let kept = snapshot.recordingPath.map { " (its epochs stay in \($0))" } ?? ""
        question = "\(what) starts a new network: discard the one trained for \(snapshot.epoch) epochs\(kept)? y: yes, any other key: keep it"
        return []
    }

    /// True for a command that re-initialises the network: `reset`, `dataset …`, `set KEY …` of a
    /// setting that needs a new network.
    static func reinitialises(_ command: Command) -> Bool {
        switch command {
        case .reset, .dataset: return true
        case let .set(assignment): return assignment.setting.needsReset
        default: return false
        }
    }

    /// What a line typed on the command line (or a lesson page's line) does: parsed here, once;
    /// `replay FILE` opens the replay screen; a parse error goes to the message area. A typed line
    /// that would discard a trained network asks first (`confirming`; a lesson's lines do not).
    mutating func effects(of line: String, confirming: Bool = true) -> [Effect] {
        let typed: TypedLine
        do {
            guard let parsed = try TypedLine.parse(line) else { return [] }
            typed = parsed
        } catch {
            show([error.message], isError: true)
            return []
        }
        if case let .command(.replay(path)) = typed { return [.openReplay(path)] }
        if confirming, case let .command(command) = typed, Self.reinitialises(command), let snapshot = lastSnapshot {
            return confirmIfTrained([.post(typed.request)], "`\(line)`", snapshot)
        }
        return [.post(typed.request)]
    }

    private mutating func answerQuestion(_ key: Key) -> [Effect] {
        question = nil
        if let effects = confirmed {
            confirmed = nil
            if key == .character("y") || key == .character("Y") { return effects }
            show(["kept the trained network"])
            return []
        }
        switch key {
        case .character("y"), .character("Y"): return [.post(.action(.saveCopy)), .quit]
        case .character("n"), .character("N"), .character("q"): return [.quit]
        default: return []
        }
    }

    private mutating func edit(_ key: Key) -> [Effect] {
        if key == .escape {
            isEditing = false
            return []
        }
        switch editor.handle(Self.editorKey(key)) {
        case let .submit(text):
            isEditing = false
            editor.remember(text)
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty else { return [] }
            message = nil
            return effects(of: trimmed)
        case let .showCandidates(candidates):
            show([candidates.joined(separator: "  ")])
        case .endOfInput:
            isEditing = false
        case .redraw, .bell:
            break
        }
        return []
    }

    /// The line editor's view of a key.
    static func editorKey(_ key: Key) -> EditorKey {
        switch key {
        case let .character(c): return .character(c)
        case .enter: return .enter
        case .tab: return .tab
        case .backspace: return .backspace
        case .delete: return .delete
        case .left: return .left
        case .right: return .right
        case .home: return .home
        case .end: return .end
        case .up: return .up
        case .down: return .down
        case let .ctrl(c): return .control(c)
        default: return .unknown
        }
    }
}
