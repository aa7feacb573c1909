import Landscape
import Terminal

/// The replay's key bindings and position: ←/→ one epoch, Page keys ten, Home/End, space
/// play/pause, `[`/`]` speed, `l` log scale, `L` the landscape panel (random, pca, off), `?` help, `q` quit (and Esc, when the replay was opened
/// from live training with `:replay FILE`: both return to it), and "go to epoch": a digit (or `:`)
/// opens `go to epoch: N`, Enter jumps there, Esc cancels. Pure, so it is tested directly.
public struct ReplayController: Sendable {
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

    public init(frameCount: Int, source: String, returnsToTraining: Bool = false) {
        self.frameCount = max(0, frameCount)
        self.source = source
        self.returnsToTraining = returnsToTraining
    }

    public var speed: Double { Self.speeds[speedIndex] }

    /// Applies a key; returns true when the user leaves the replay (quits, or returns to training).
    public mutating func handle(_ key: Key) -> Bool {
        if let text = goToText {
            switch key {
            case let .character(c) where c.isASCII && c.isNumber && text.count < 9: goToText = text + String(c)
            case .backspace: goToText = text.isEmpty ? nil : String(text.dropLast())
            case .enter:
                goToText = nil
                requestedEpoch = Int(text)
            case .escape: goToText = nil
            default: break
            }
            return false
        }
        if showsHelp {
            if key == .character("?") || key == .escape { showsHelp = false }
            return key == .character("q")
        }
        switch key {
        case .right: move(by: 1)
        case .left: move(by: -1)
        case .pageDown: move(by: 10)
        case .pageUp: move(by: -10)
        case .home: move(to: 0)
        case .end: move(to: frameCount - 1)
        case .character(" "):
            if !isPlaying && frame >= frameCount - 1 { frame = 0 }
            isPlaying.toggle()
            pendingFrames = 0
        case .character("]"): speedIndex = min(Self.speeds.count - 1, speedIndex + 1)
        case .character("["): speedIndex = max(0, speedIndex - 1)
        case .character("l"): logScale.toggle()
        case .character("L"): landscapeDirections = LandscapePanel.directions(after: landscapeDirections)
        case .character("?"): showsHelp = true
        case let .character(c) where c.isASCII && c.isNumber: goToText = String(c)
        case .character(":"): goToText = ""
        case .character("q"): return true
        case .escape: return returnsToTraining
        default: break
        }
        return false
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
        goToText.map { "go to epoch: \($0)_   (Enter goes there, Esc cancels)" }
    }

    private mutating func move(by offset: Int) { move(to: frame + offset) }

    private mutating func move(to target: Int) {
        frame = max(0, min(target, frameCount - 1))
    }
}
