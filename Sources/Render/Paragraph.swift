/// Text wrapped at word boundaries to the area's width; words longer than a line are broken.
/// Explicit newlines start new lines. Lines beyond the area's height are not drawn.
public struct Paragraph: Widget, Sendable {
    public var text: String
    public var role: Role
    public var alignment: Alignment

    public init(_ text: String, role: Role = .text, alignment: Alignment = .left) {
        self.text = text
        self.role = role
        self.alignment = alignment
    }

    public func render(in area: Rect, buffer: inout Buffer, theme: Theme) {
        guard !area.isEmpty else { return }
        for (row, line) in Paragraph.wrap(text, width: area.width).prefix(area.height).enumerated() {
            buffer.write(line, in: Rect(x: area.x, y: area.y + row, width: area.width, height: 1),
                         alignment: alignment, style: theme.style(role))
        }
    }

    /// The lines `text` wraps into at `width` columns (display width, wide characters count 2).
    public static func wrap(_ text: String, width: Int) -> [String] {
        guard width > 0 else { return [] }
        var lines: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = "", lineWidth = 0
            for word in paragraph.split(separator: " ", omittingEmptySubsequences: true) {
                var word = String(word)
                var wordWidth = CharacterWidth.of(word)
                if lineWidth > 0 && lineWidth + 1 + wordWidth <= width {
                    line += " " + word
                    lineWidth += 1 + wordWidth
                    continue
                }
                if lineWidth > 0 {
                    lines.append(line)
                    (line, lineWidth) = ("", 0)
                }
                while wordWidth > width {
                    let (head, rest) = split(word, atWidth: width)
                    lines.append(head)
                    word = rest
                    wordWidth = CharacterWidth.of(word)
                }
                (line, lineWidth) = (word, wordWidth)
            }
            lines.append(line)
        }
        return lines
    }

    /// The longest prefix of `word` fitting in `width` columns (at least one character) and the rest.
    static func split(_ word: String, atWidth width: Int) -> (String, String) {
        var head = "", used = 0
        var index = word.startIndex
        while index < word.endIndex {
            let w = CharacterWidth.of(word[index])
            if used + w > width && !head.isEmpty { break }
            head.append(word[index])
            used += w
            index = word.index(after: index)
        }
        return (head, String(word[index...]))
    }

    /// `prefix` then `text` wrapped at word boundaries to `width`, continuation lines indented
    /// under the text (help tables: `  usage  summary that goes on`).
    public static func wrapHanging(prefix: String, text: String, width: Int) -> [String] {
        let indent = CharacterWidth.of(prefix)
        guard width > indent + 10 else { return [prefix + text] }
        let body = wrap(text, width: width - indent)
        guard let first = body.first else { return [prefix] }
        let pad = String(repeating: " ", count: indent)
        return [prefix + first] + body.dropFirst().map { pad + $0 }
    }
}
