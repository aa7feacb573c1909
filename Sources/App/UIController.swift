import Foundation
import Commands
import Landscape
import Terminal

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
    public private(set) var logScale = false
    /// While comparing: panels side by side instead of the loss curves overlaid (key `c`).
    public private(set) var comparesSideBySide = false
    /// The landscape panel's directions while it is shown (`L` cycles random, pca, off).
    public private(set) var landscapeDirections: PlaneDirections.Kind?
    /// The network view and the backprop inspector (`n`, `i`).
    public private(set) var inside = InsideViewState()
    /// The session file being recorded, shown in messages.
    public var recordingPath: String?

    public init(history: [String] = [], recordingPath: String? = nil) {
        self.recordingPath = recordingPath
        editor = LineEditState(history: history)
    }

    /// Sets the message area's text.
    public mutating func show(_ lines: [String], isError: Bool = false) {
        message = lines.isEmpty ? nil : ScreenModel.Message(lines: lines, isError: isError)
    }

    /// The screen model for `snapshot` with this UI state.
    public func model(snapshot: Snapshot) -> ScreenModel {
        var model = ScreenModel(snapshot: snapshot, mode: .live, showsHelp: showsHelp,
                                commandLine: isEditing ? ScreenModel.CommandLine(text: editor.line, cursor: editor.cursor) : nil,
                                message: message, question: question, logScale: logScale, recordingPath: recordingPath)
        model.inside = inside
        model.comparesSideBySide = comparesSideBySide
        return model
    }

    /// A reply from the worker: its text goes to the message area; `quit` ends the UI; a moved
    /// recording (after `load`) becomes the one shown.
    public mutating func receive(_ reply: WorkerReply) -> [Effect] {
        show(reply.lines, isError: reply.isError)
        if let path = reply.recordingPath { recordingPath = path }
        return reply.quit ? [.quit] : []
    }

    /// Applies one key, given the latest snapshot (for "is there anything unsaved?").
    public mutating func handle(_ key: Key, snapshot: Snapshot) -> [Effect] {
        if question != nil { return answerQuestion(key) }
        if isEditing { return edit(key) }
        if showsHelp {
            if key == .character("?") || key == .escape || key == .character("q") { showsHelp = false }
            return []
        }
        if let message, message.lines.count > 1 {
            // A multi-line output box is open: any key closes it; Esc does only that.
            self.message = nil
            if key == .escape { return [] }
        }
        if inside.handle(key, replay: false, trainCount: snapshot.inspector?.trainCount, layerWidths: snapshot.network?.layerWidths) {
            return [.post(.setInside(inside.request))]
        }
        switch key {
        case .character(" "): return [.post(.action(.stepEpoch))]
        case .character("b"): return [.post(.action(.stepBatch))]
        case .character("r"): return [.post(.action(.toggleRun))]
        case .character("a"): return [.post(.action(.nextActivation))]
        case .character("A"): return [.post(.action(.previousActivation))]
        case .character("+"), .character("="): return [.post(.action(.scaleLearningRate(2)))]
        case .character("-"), .character("_"): return [.post(.action(.scaleLearningRate(0.5)))]
        case .character("d"): return [.post(.action(.nextDataset))]
        case .character("g"): return [.post(.action(.regenerateData))]
        case .character("R"): return [.post(.action(.reset))]
        case .character("["): return [.post(.action(.changeSpeed(faster: false)))]
        case .character("]"): return [.post(.action(.changeSpeed(faster: true)))]
        case .character("s"): return [.post(.action(.saveCopy))]
        case .character("c"):
            guard snapshot.compared != nil else {
                show(["c: no comparison is on; start one with :compare KEY VALUE (e.g. :compare activation relu)"])
                return []
            }
            comparesSideBySide.toggle()
            show([comparesSideBySide ? "comparison: A and B side by side" : "comparison: loss curves overlaid, other panels side by side"])
            return []
        case .character("l"):
            logScale.toggle()
            show(["loss chart: \(logScale ? "log" : "linear") scale"])
            return []
        case .character("L"):
            switch landscapeDirections {
            case nil: landscapeDirections = .random
            case .random?: landscapeDirections = .pca
            case .pca?: landscapeDirections = nil
            }
            return [.post(.landscape(landscapeDirections))]
        case .character(":"):
            isEditing = true
            message = nil
            return []
        case .character("?"):
            showsHelp = true
            return []
        case .character("q"):
            guard snapshot.hasUnsavedChanges else { return [.quit] }
            question = Self.quitQuestion(recordingPath: recordingPath)
            return []
        case .escape:
            message = nil
            return []
        default:
            return []
        }
    }

    /// The quit question: where the run is recorded already, and what `y` adds to that.
    static func quitQuestion(recordingPath: String?) -> String {
        guard let recordingPath else {
            return "This run is not being recorded, so it cannot be saved. y or n: quit, Esc: stay"
        }
        return "Everything is recorded in \(recordingPath). y: also save a closed copy to a new nnscope-session-*.jsonl here and quit, n: quit, Esc: stay"
    }

    private mutating func answerQuestion(_ key: Key) -> [Effect] {
        question = nil
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
            if case let .replay(path)? = try? CommandParser.parse(trimmed) { return [.openReplay(path)] }
            return [.post(.command(trimmed))]
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
