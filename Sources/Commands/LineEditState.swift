/// The pure state of the line editor: the line, the cursor and the history being browsed. The
/// terminal side (`LineEditor`) feeds it keys and draws `line` and `cursor`; tests drive it directly.
public struct LineEditState: Sendable {
    /// What the editor should do after a key.
    public enum Action: Equatable, Sendable {
        /// Redraw the line.
        case redraw
        /// The line is finished (Enter).
        case submit(String)
        /// Ctrl-D on an empty line: the user is leaving.
        case endOfInput
        /// Several completions: show them below the line, then redraw.
        case showCandidates([String])
        /// Nothing to do (ring the bell).
        case bell
    }

    public private(set) var characters: [Character] = []
    /// Position in `characters` (0 = before the first).
    public private(set) var cursor = 0
    /// Earlier lines, oldest first.
    public private(set) var history: [String]
    /// Index into `history` while browsing with up/down; `history.count` when editing a new line.
    private var historyIndex: Int
    /// The new line being typed, kept while browsing history.
    private var draft: [Character] = []
    public var completer: @Sendable (String, Int) -> [String]

    public init(history: [String] = [], completer: @escaping @Sendable (String, Int) -> [String] = Completer.complete) {
        self.history = history
        historyIndex = history.count
        self.completer = completer
    }

    public var line: String { String(characters) }

    /// Applies one key.
    public mutating func handle(_ key: EditorKey) -> Action {
        switch key {
        case let .character(c):
            characters.insert(c, at: cursor)
            cursor += 1
        case .enter:
            let text = line
            reset()
            return .submit(text)
        case .tab:
            return complete()
        case .backspace:
            guard cursor > 0 else { return .bell }
            cursor -= 1
            characters.remove(at: cursor)
        case .delete:
            guard cursor < characters.count else { return .bell }
            characters.remove(at: cursor)
        case .left:
            guard cursor > 0 else { return .bell }
            cursor -= 1
        case .right:
            guard cursor < characters.count else { return .bell }
            cursor += 1
        case .home: cursor = 0
        case .end: cursor = characters.count
        case .up:
            guard historyIndex > 0 else { return .bell }
            if historyIndex == history.count { draft = characters }
            historyIndex -= 1
            show(Array(history[historyIndex]))
        case .down:
            guard historyIndex < history.count else { return .bell }
            historyIndex += 1
            show(historyIndex == history.count ? draft : Array(history[historyIndex]))
        case .control("a"): cursor = 0
        case .control("e"): cursor = characters.count
        case .control("b"): return handle(.left)
        case .control("f"): return handle(.right)
        case .control("p"): return handle(.up)
        case .control("n"): return handle(.down)
        case .control("h"): return handle(.backspace)
        case .control("k"):
            characters.removeSubrange(cursor...)
        case .control("u"):
            characters.removeSubrange(..<cursor)
            cursor = 0
        case .control("w"):
            var start = cursor
            while start > 0 && characters[start - 1] == " " { start -= 1 }
            while start > 0 && characters[start - 1] != " " { start -= 1 }
            characters.removeSubrange(start..<cursor)
            cursor = start
        case .control("c"):
            characters = []
            cursor = 0
            historyIndex = history.count
        case .control("d"):
            if characters.isEmpty { return .endOfInput }
            return handle(.delete)
        case .control, .unknown:
            return .bell
        }
        return .redraw
    }

    /// Adds a submitted line to the history (not blank lines, not a repeat of the last one).
    public mutating func remember(_ text: String, limit: Int = History.limit) {
        guard !text.allSatisfy({ $0 == " " }), history.last != text else { return }
        history.append(text)
        if history.count > limit { history.removeFirst(history.count - limit) }
        historyIndex = history.count
    }

    private mutating func show(_ text: [Character]) {
        characters = text
        cursor = text.count
    }

    private mutating func reset() {
        characters = []
        cursor = 0
        historyIndex = history.count
        draft = []
    }

    /// Completes the word at the cursor: one candidate replaces it (plus a space, except after a
    /// folder); several extend
    /// it to their common prefix and are listed.
    private mutating func complete() -> Action {
        let candidates = completer(line, cursor)
        guard !candidates.isEmpty else { return .bell }
        var start = cursor
        while start > 0 && characters[start - 1] != " " { start -= 1 }
        let typed = String(characters[start..<cursor])
        // A folder (`sessions/`) stays open for its file names: no space after it.
        let single = candidates.count == 1 ? candidates[0] + (candidates[0].hasSuffix("/") ? "" : " ") : nil
        let replacement = single ?? Completer.commonPrefix(candidates)
        if replacement.count >= typed.count {
            characters.replaceSubrange(start..<cursor, with: Array(replacement))
            cursor = start + replacement.count
        }
        return candidates.count == 1 ? .redraw : .showCandidates(candidates)
    }
}
