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
    /// Lines break at spaces and also between wide (CJK) characters, which are written without
    /// spaces; closing punctuation (，。、 …) stays with the character before it.
    public static func wrap(_ text: String, width: Int) -> [String] {
        guard width > 0 else { return [] }
        var lines: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = "", lineWidth = 0
            for word in paragraph.split(separator: " ", omittingEmptySubsequences: true) {
                for (index, piece) in pieces(of: String(word)).enumerated() {
                    var piece = piece
                    var pieceWidth = CharacterWidth.of(piece)
                    let gap = index == 0 ? 1 : 0
                    if lineWidth > 0 && lineWidth + gap + pieceWidth <= width {
                        line += (gap == 1 ? " " : "") + piece
                        lineWidth += gap + pieceWidth
                        continue
                    }
                    if lineWidth > 0 {
                        lines.append(line)
                        (line, lineWidth) = ("", 0)
                    }
                    while pieceWidth > width {
                        let (head, rest) = split(piece, atWidth: width)
                        lines.append(head)
                        piece = rest
                        pieceWidth = CharacterWidth.of(piece)
                    }
                    (line, lineWidth) = (piece, pieceWidth)
                }
            }
            lines.append(line)
        }
        return lines
    }

    /// Closing punctuation that never starts a line.
    static let closingPunctuation: Set<Character> = ["，", "。", "、", "；", "：", "！", "？", "）", "」", "』", "】", "》", ",", ".", ";", ":", "!", "?", ")"]

    /// A space-free word cut where a line may break: before and after each wide character
    /// (closing punctuation kept with what precedes it). A word without wide characters is one piece.
    static func pieces(of word: String) -> [String] {
        var result: [String] = []
        var current = ""
        var currentIsWide = false
        for character in word {
            let wide = CharacterWidth.of(character) > 1
            if closingPunctuation.contains(character) || current.isEmpty || (!wide && !currentIsWide) {
                current.append(character)
                if current.count == 1 { currentIsWide = wide }
                continue
            }
            result.append(current)
            current = String(character)
            currentIsWide = wide
        }
        if !current.isEmpty { result.append(current) }
        return result
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
