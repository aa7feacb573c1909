/// Horizontal bars, one per row, with a label on the left and value text on the right, drawn at
/// eighth-of-a-cell resolution. Highlighted rows (a threshold crossed) use the warning colour.
public struct Bars: Widget, Sendable {
    public struct Item: Hashable, Sendable {
        public var label: String
        public var value: Double
        /// The text shown after the bar; nil formats the value compactly.
        public var valueText: String?
        public var isHighlighted: Bool

        public init(label: String, value: Double, valueText: String? = nil, isHighlighted: Bool = false) {
            self.label = label
            self.value = value
            self.valueText = valueText
            self.isHighlighted = isHighlighted
        }
    }

    public var items: [Item]
    public var scale: Scale
    /// The value drawn as a full bar; nil uses the largest value.
    public var maximum: Double?
    public var role: Role

    public init(items: [Item], scale: Scale = .linear, maximum: Double? = nil, role: Role = .series(1)) {
        self.items = items
        self.scale = scale
        self.maximum = maximum
        self.role = role
    }

    public func render(in area: Rect, buffer: inout Buffer, theme: Theme) {
        guard !area.isEmpty, !items.isEmpty else { return }
        let texts = items.map { $0.valueText ?? NumberFormat.compact($0.value) }
        let labelWidth = min(area.width / 3, items.map { CharacterWidth.of($0.label) }.max() ?? 0)
        let textWidth = min(area.width / 3, texts.map { CharacterWidth.of($0) }.max() ?? 0)
        let barX = area.x + labelWidth + (labelWidth > 0 ? 1 : 0)
        let barWidth = area.right - barX - (textWidth > 0 ? textWidth + 1 : 0)
        let fractions = barFractions()

        for (row, item) in items.prefix(area.height).enumerated() {
            let y = area.y + row
            buffer.write(item.label, in: Rect(x: area.x, y: y, width: labelWidth, height: 1), style: theme.style(.text))
            let style = theme.style(item.isHighlighted ? .warning : role)
            if barWidth > 0 {
                let eighths = Int((fractions[row] * Double(barWidth * 8)).rounded())
                for cell in 0..<barWidth {
                    let filled = min(8, max(0, eighths - cell * 8))
                    if filled > 0 {
                        buffer.set(x: barX + cell, y: y, character: theme.glyphs.horizontalEighths[filled - 1], style: style)
                    }
                }
            }
            buffer.write(texts[row], in: Rect(x: area.right - textWidth, y: y, width: textWidth, height: 1),
                         alignment: .right, style: item.isHighlighted ? style : theme.style(.muted))
        }
    }

    /// Each bar's length as a fraction 0...1 of the full width.
    func barFractions() -> [Double] {
        switch scale {
        case .linear:
            let top = maximum ?? items.map(\.value).filter { $0.isFinite }.max() ?? 0
            return items.map { item in
                guard top > 0, item.value.isFinite || item.value == .infinity else { return 0 }
                return min(1, max(0, item.value / top))
            }
        case .log10:
            let logs = items.compactMap { Scale.log10.transform($0.value) }
            guard let high = maximum.flatMap({ Scale.log10.transform($0) }) ?? logs.max(), let low = logs.min() else {
                return items.map { _ in 0 }
            }
            // The smallest value still gets a sliver, one decade below it is the empty bar.
            let floor = min(low, high) - 1
            return items.map { item in
                guard let value = Scale.log10.transform(item.value) else { return item.value == .infinity ? 1 : 0 }
                return min(1, max(0, (value - floor) / (high - floor)))
            }
        }
    }
}
