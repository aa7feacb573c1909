/// A one-line bar with segments on the left and on the right. When space runs out, whole
/// segments are left out, lowest `priority` first (of equals the left ones, from the end, then
/// the right ones, from the start), so no segment is ever
/// cut mid-word or drawn over another; only a lone segment wider than the bar is cut, with `…`.
public struct StatusBar: Widget, Sendable {
    public struct Segment: Hashable, Sendable {
        public var text: String
        public var role: Role
        /// Which segments stay when the bar is too narrow: higher stays longer.
        public var priority: Int

        public init(_ text: String, role: Role = .text, priority: Int = 0) {
            self.text = text
            self.role = role
            self.priority = priority
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
        let (left, right) = fitting(width: row.width)
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

    /// The segments that fit in `width` columns: lowest priority left out first.
    public func fitting(width: Int) -> (left: [Segment], right: [Segment]) {
        var keptLeft = Array(left.indices), keptRight = Array(right.indices)
        func needed() -> Int {
            let widths = keptLeft.map { CharacterWidth.of(left[$0].text) } + keptRight.map { CharacterWidth.of(right[$0].text) }
            let gaps = max(0, keptLeft.count - 1) * 2 + max(0, keptRight.count - 1) * 2
            return widths.reduce(0, +) + gaps + 1 + (keptLeft.isEmpty || keptRight.isEmpty ? 0 : 2)
        }
        while needed() > width && keptLeft.count + keptRight.count > 1 {
            // The lowest priority goes; of equals, the last on the left, then the first on the right.
            let candidates = keptRight.reversed().map { (side: 1, index: $0, priority: right[$0].priority) }
                + keptLeft.map { (side: 0, index: $0, priority: left[$0].priority) }
            let lowest = candidates.map(\.priority).min()!
            let victim = candidates.last { $0.priority == lowest }!
            if victim.side == 0 { keptLeft.removeAll { $0 == victim.index } } else { keptRight.removeAll { $0 == victim.index } }
        }
        return (keptLeft.map { left[$0] }, keptRight.map { right[$0] })
    }
}
