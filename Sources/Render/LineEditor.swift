/// The text and cursor of a one-line input, with the usual editing operations (readline-like).
/// The cursor is an index into `characters`, 0 ... count.
public struct LineEditor: Hashable, Sendable {
    public private(set) var characters: [Character]
    public private(set) var cursor: Int

    public init(_ text: String = "") {
        characters = Array(text)
        cursor = characters.count
    }

    public var text: String { String(characters) }
    public var isEmpty: Bool { characters.isEmpty }

    /// Inserts at the cursor and moves the cursor past the insertion. Control characters are dropped.
    public mutating func insert(_ text: String) {
        let accepted = text.filter { CharacterWidth.of($0) > 0 }
        characters.insert(contentsOf: accepted, at: cursor)
        cursor += accepted.count
    }

    public mutating func insert(_ character: Character) {
        insert(String(character))
    }

    /// Deletes the character before the cursor (Backspace).
    public mutating func deleteBackward() {
        guard cursor > 0 else { return }
        characters.remove(at: cursor - 1)
        cursor -= 1
    }

    /// Deletes the character under the cursor (Delete).
    public mutating func deleteForward() {
        guard cursor < characters.count else { return }
        characters.remove(at: cursor)
    }

    public mutating func moveLeft() { cursor = max(0, cursor - 1) }
    public mutating func moveRight() { cursor = min(characters.count, cursor + 1) }
    public mutating func moveHome() { cursor = 0 }
    public mutating func moveEnd() { cursor = characters.count }

    /// Moves to the start of the previous word.
    public mutating func moveWordLeft() {
        cursor = previousWordStart()
    }

    /// Moves past the end of the next word.
    public mutating func moveWordRight() {
        var index = cursor
        while index < characters.count && characters[index] == " " { index += 1 }
        while index < characters.count && characters[index] != " " { index += 1 }
        cursor = index
    }

    /// Deletes from the start of the previous word to the cursor (Ctrl-W).
    public mutating func killWordBackward() {
        let start = previousWordStart()
        characters.removeSubrange(start..<cursor)
        cursor = start
    }

    /// Deletes from the cursor to the end (Ctrl-K).
    public mutating func killToEnd() {
        characters.removeSubrange(cursor...)
    }

    /// Deletes from the start to the cursor (Ctrl-U).
    public mutating func killToStart() {
        characters.removeSubrange(..<cursor)
        cursor = 0
    }

    /// Replaces the whole text, cursor at the end (history recall).
    public mutating func setText(_ text: String) {
        self = LineEditor(text)
    }

    public mutating func clear() {
        self = LineEditor()
    }

    private func previousWordStart() -> Int {
        var index = cursor
        while index > 0 && characters[index - 1] == " " { index -= 1 }
        while index > 0 && characters[index - 1] != " " { index -= 1 }
        return index
    }
}
