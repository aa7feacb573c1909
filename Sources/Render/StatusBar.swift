/// A one-line bar with segments on the left and on the right. When space runs out, the right
/// segments win and the left text is cut off.
public struct StatusBar: Widget, Sendable {
    public struct Segment: Hashable, Sendable {
        public var text: String
        public var role: Role

        public init(_ text: String, role: Role = .text) {
            self.text = text
            self.role = role
        }
    }

    public var left: [Segment]
    public var right: [Segment]
    /// The style of the whole bar, under the segments' own styles.
    public var barStyle: Style

    public init(left: [Segment], right: [Segment] = [], barStyle: Style = Style(attributes: .reverse)) {
        self.left = left
        self.right = right
        self.barStyle = barStyle
    }

    public func render(in area: Rect, buffer: inout Buffer, theme: Theme) {
        guard !area.isEmpty else { return }
        let row = area.splitTop(1).top
        buffer.fill(row, with: Cell(" ", style: barStyle))
        let rightText = right.map(\.text).joined(separator: "  ")
        let rightWidth = min(row.width, CharacterWidth.of(rightText))
        var x = row.right - rightWidth
        let rightStart = x
        for (index, segment) in right.enumerated() {
            if index > 0 { x += 2 }
            x = buffer.write(segment.text, x: x, y: row.y, style: barStyle.patched(with: theme.style(segment.role)), clip: row)
        }
        let leftArea = Rect(x: row.x, y: row.y, width: max(0, rightStart - row.x - (rightWidth > 0 ? 1 : 0)), height: 1)
        x = leftArea.x + (leftArea.width > 0 ? 1 : 0)
        for segment in left {
            x = buffer.write(segment.text, x: x, y: row.y, style: barStyle.patched(with: theme.style(segment.role)), clip: leftArea) + 2
        }
    }
}
