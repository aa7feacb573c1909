/// A one-line input field: a prompt followed by the editor's text, scrolled horizontally so the
/// cursor stays visible. The cursor cell is drawn in reverse video (the terminal cursor is hidden).
public struct TextInput: Widget, Sendable {
    public var prompt: String
    public var editor: LineEditor
    public var showsCursor: Bool

    public init(prompt: String = ":", editor: LineEditor, showsCursor: Bool = true) {
        self.prompt = prompt
        self.editor = editor
        self.showsCursor = showsCursor
    }

    public func render(in area: Rect, buffer: inout Buffer, theme: Theme) {
        guard !area.isEmpty else { return }
        let row = area.splitTop(1).top
        buffer.fill(row)
        let fieldX = buffer.write(prompt, x: row.x, y: row.y, style: theme.style(.title), clip: row)
        let field = Rect(x: fieldX, y: row.y, width: row.right - fieldX, height: 1)
        guard field.width > 0 else { return }
        let characters = editor.characters
        let first = TextInput.firstVisibleCharacter(characters, cursor: editor.cursor, width: field.width)
        buffer.write(String(characters[first...]), x: field.x, y: field.y, style: theme.style(.text), clip: field)
        if showsCursor, let column = cursorColumn(in: area) {
            var cell = buffer[column, row.y]
            cell.attributes.insert(.reverse)
            buffer.set(x: column, y: row.y, cell: cell)
        }
    }

    /// The screen column of the cursor when drawn in `area`, nil when it does not fit.
    public func cursorColumn(in area: Rect) -> Int? {
        guard !area.isEmpty else { return nil }
        let fieldX = area.x + CharacterWidth.of(prompt)
        let width = area.right - fieldX
        guard width > 0 else { return nil }
        let characters = editor.characters
        let first = TextInput.firstVisibleCharacter(characters, cursor: editor.cursor, width: width)
        let column = fieldX + characters[first..<editor.cursor].reduce(0) { $0 + CharacterWidth.of($1) }
        return column < area.right ? column : nil
    }

    /// The first character shown so that the cursor (plus one cell for it) fits in `width`.
    static func firstVisibleCharacter(_ characters: [Character], cursor: Int, width: Int) -> Int {
        var first = 0
        var used = characters[..<cursor].reduce(0) { $0 + CharacterWidth.of($1) }
        while used + 1 > width && first < cursor {
            used -= CharacterWidth.of(characters[first])
            first += 1
        }
        return first
    }
}
