/// A one-row-or-taller mini chart of recent values using vertical eighth blocks; the newest value
/// is at the right. NaN shows as the `missing` glyph; infinities are clamped.
public struct Sparkline: Widget, Sendable {
    public var values: [Double]
    public var role: Role
    /// The range mapped to empty ... full height; nil fits the finite data shown.
    public var range: ClosedRange<Double>?

    public init(values: [Double], role: Role = .series(1), range: ClosedRange<Double>? = nil) {
        self.values = values
        self.role = role
        self.range = range
    }

    public func render(in area: Rect, buffer: inout Buffer, theme: Theme) {
        guard !area.isEmpty else { return }
        let visible = Array(values.suffix(area.width))
        let finite = visible.filter { $0.isFinite }
        var low = range?.lowerBound ?? finite.min() ?? 0
        var high = range?.upperBound ?? finite.max() ?? 1
        if !low.isFinite || !high.isFinite { (low, high) = (0, 1) }
        let style = theme.style(role)
        let start = area.right - visible.count
        let totalEighths = area.height * 8
        for (offset, value) in visible.enumerated() {
            let x = start + offset
            if value.isNaN {
                buffer.set(x: x, y: area.bottom - 1, character: theme.glyphs.missing, style: theme.style(.danger))
                continue
            }
            let fraction: Double
            if high > low {
                fraction = value == .infinity ? 1 : value == -.infinity ? 0 : (value / 2 - low / 2) / (high / 2 - low / 2)
            } else {
                fraction = 0.5
            }
            // From one eighth (the minimum stays visible) to the full height.
            let eighths = 1 + Int((min(1, max(0, fraction)) * Double(totalEighths - 1)).rounded())
            for level in 0..<area.height {
                let filled = min(8, eighths - level * 8)
                guard filled > 0 else { break }
                buffer.set(x: x, y: area.bottom - 1 - level, character: theme.glyphs.verticalEighths[filled - 1], style: style)
            }
        }
    }
}
