import Landscape
import Terminal

/// The replay's position and what its keys do: the keys are `ReplayKeys`'s rows (the replay's,
/// the "go to epoch" prompt's, the help overlay's), looked up here and performed on this state.
/// Pure, so it is tested directly.
public struct ReplayController: Sendable, Equatable {
    /// Playback speeds in frames per second, slowest first.
    public static let speeds: [Double] = [1, 2, 5, 10, 20, 50, 100]

    public private(set) var frame = 0
    public let frameCount: Int
    public private(set) var isPlaying = false
    public private(set) var speedIndex = 3
    public private(set) var showsHelp = false
    public private(set) var logScale = false
    /// The landscape panel's directions while it is shown (`L`, as in live training).
    public private(set) var landscapeDirections: PlaneDirections.Kind?
    public let source: String
    /// True for a replay opened from live training (`:replay FILE`): leaving returns to training,
    /// and Esc leaves too.
    public let returnsToTraining: Bool
    /// Frames owed to playback (fractions carry over between ticks).
    private var pendingFrames = 0.0
    /// The epoch number being typed after a digit or `:`, while the prompt is open.
    public private(set) var goToText: String?
    /// The epoch asked for with Enter, until the viewer resolves it to a frame (`jump(to:)`).
    public private(set) var requestedEpoch: Int?
    /// Why the last key did nothing, when it looked like a command (`:compare …` typed into the
    /// go-to prompt); cleared by the next key.
    public private(set) var refusal: String?
    /// The replay command the last key was bound to (the viewer acts on `toggleSideBySide`).
    public private(set) var lastCommand: ReplayKeyCommand?

    /// What a command typed into the replay's `:` prompt is told.
    public static let commandRefusal = "a replay's : takes an epoch number only: :compare and the other commands act on live training "
        + "(a replay trains nothing); two recorded runs open side by side with nnscope replay A.jsonl B.jsonl"

    public init(frameCount: Int, source: String, returnsToTraining: Bool = false) {
        self.frameCount = max(0, frameCount)
        self.source = source
        self.returnsToTraining = returnsToTraining
    }

    public var speed: Double { Self.speeds[speedIndex] }

    /// The table the next key is looked up in: the go-to prompt's while it is open, else the
    /// replay's (the help overlay's keys are `ReplayKeys.helpOverlay`).
    public var keys: KeyTable<ReplayKeyCommand> { ReplayKeys.table(returnsToTraining: returnsToTraining) }

    /// True when neither the help nor the go-to prompt is open: the views' keys (`InsideKeys`) and
    /// clicks apply.
    public var isFree: Bool { !showsHelp && goToText == nil }

    /// Applies a key; returns true when the user leaves the replay (quits, or returns to training).
    public mutating func handle(_ key: Key) -> Bool {
        refusal = nil
        lastCommand = nil
        if let text = goToText {
            if let command = ReplayKeys.goTo.command(for: key) { typeGoTo(command, after: text) }
            return false
        }
        if showsHelp {
            switch ReplayKeys.helpOverlay(returnsToTraining: returnsToTraining).command(for: key) {
            case .close?: showsHelp = false
            case .leave?: return true
            case nil: break
            }
            return false
        }
        guard let command = keys.command(for: key) else { return false }
        lastCommand = command
        return perform(command)
    }

    /// Does what a replay key is bound to; true when it leaves the replay.
    private mutating func perform(_ command: ReplayKeyCommand) -> Bool {
        switch command {
        case let .move(by: offset): move(by: offset)
        case .first: move(to: 0)
        case .last: move(to: frameCount - 1)
        case .togglePlay:
            if !isPlaying && frame >= frameCount - 1 { frame = 0 }
            isPlaying.toggle()
            pendingFrames = 0
        case .faster: speedIndex = min(Self.speeds.count - 1, speedIndex + 1)
        case .slower: speedIndex = max(0, speedIndex - 1)
        case .toggleLogScale: logScale.toggle()
        case .cycleLandscape: landscapeDirections = LandscapePanel.directions(after: landscapeDirections)
        case .toggleSideBySide: break  // the viewer's (`lastCommand`)
        case let .goTo(text): goToText = text
        case .openHelp: showsHelp = true
        case .leave: return true
        }
        return false
    }

    /// Applies a go-to prompt key to the epoch typed so far.
    private mutating func typeGoTo(_ command: GoToKeyCommand, after text: String) {
        switch command {
        case let .digit(c): if text.count < 9 { goToText = text + String(c) }
        case .erase: goToText = text.isEmpty ? nil : String(text.dropLast())
        case .go:
            goToText = nil
            requestedEpoch = Int(text)
        case .cancel: goToText = nil
        case .refuse:
            goToText = nil
            refusal = Self.commandRefusal
        }
    }

    /// Advances playback by `seconds` of wall time; returns true when the frame changed.
    public mutating func tick(seconds: Double) -> Bool {
        guard isPlaying, frameCount > 0 else { return false }
        pendingFrames += seconds * speed
        let whole = Int(pendingFrames)
        guard whole > 0 else { return false }
        pendingFrames -= Double(whole)
        let before = frame
        move(to: frame + whole)
        if frame >= frameCount - 1 { isPlaying = false }
        return frame != before
    }

    /// The position shown in the status bar.
    public var position: ScreenModel.ReplayPosition {
        ScreenModel.ReplayPosition(frame: frame, frameCount: frameCount, isPlaying: isPlaying, speed: speed, source: source,
                                   returnsToTraining: returnsToTraining)
    }

    /// Shows `frame` (the viewer's answer to `requestedEpoch`; nil: no such epoch) and clears the request.
    public mutating func jump(to frame: Int?) {
        requestedEpoch = nil
        if let frame {
            isPlaying = false
            move(to: frame)
        }
    }

    /// The prompt's text while it is open: `go to epoch: 12`.
    public var goToPrompt: String? {
        goToText.map { "go to epoch: \($0)_   (\(KeyHelp.hintLine(ReplayKeys.goTo, separator: ", ")))" }
    }

    private mutating func move(by offset: Int) { move(to: frame + offset) }

    private mutating func move(to target: Int) {
        frame = max(0, min(target, frameCount - 1))
    }
}
