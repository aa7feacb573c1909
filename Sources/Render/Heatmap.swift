/// A grid of values drawn as colours (or shade characters without colour): one row per series
/// (layers "L1".."Ln"), one column per step with the newest at the right. When there are more
/// columns than room, the newest ones are shown. NaN shows as the `missing` glyph in the danger
/// style; on a log scale an exact 0 (no gradient at all) shows as a muted `0` and the legend says
/// so; infinities are clamped to the ends of the scale.
public struct Heatmap: Widget, Sendable {
    /// `values[row][column]`; rows may have different lengths (aligned at the right).
    public var values: [[Double]]
    /// Labels drawn left of each row; nil labels rows "L1", "L2", ...
    public var rowLabels: [String]?
    public var scale: Scale
    /// The value range mapped onto the colour scale; nil fits the finite data.
    public var range: ClosedRange<Double>?
    /// A bottom line with the scale's minimum, a colour ramp and its maximum.
    public var showsLegend: Bool
    /// Text after each row (the current value, say), right-aligned in a column of its own.
    public var rowNotes: [String]

    public init(values: [[Double]], rowLabels: [String]? = nil, scale: Scale = .linear,
                range: ClosedRange<Double>? = nil, showsLegend: Bool = true, rowNotes: [String] = []) {
        self.values = values
        self.rowLabels = rowLabels
        self.scale = scale
        self.range = range
        self.showsLegend = showsLegend
        self.rowNotes = rowNotes
    }

    /// True when some value is exactly 0 on a log scale (drawn as `0`, named in the legend).
    var hasZeros: Bool { scale == .log10 && values.contains { $0.contains(0) } }
    /// True when there is nothing to scale: no value the scale can place.
    var hasNoScalableValue: Bool { !values.contains { $0.contains { scale.transform($0) != nil } } }

    /// The row labels used: the given ones or "L1".."Ln".
    public var labels: [String] {
        values.indices.map { index in
            if let rowLabels, index < rowLabels.count { return rowLabels[index] }
            return "L\(index + 1)"
        }
    }

    public func render(in area: Rect, buffer: inout Buffer, theme: Theme) {
        guard !area.isEmpty else { return }
        let axis = ChartAxis(values: values.flatMap { $0 }, explicit: range, scale: scale)
        let legendShown = showsLegend && area.height >= 2
        let (grid, legend) = legendShown ? area.splitBottom(1) : (area, Rect.zero)
        let labels = self.labels
        let labelWidth = min(grid.width / 2, (labels.map { CharacterWidth.of($0) }.max() ?? 0) + (labels.isEmpty ? 0 : 1))
        let noteWidth = min(grid.width * 2 / 3, rowNotes.map { CharacterWidth.of($0) }.max().map { $0 + 1 } ?? 0)
        let cells = Rect(x: grid.x + labelWidth, y: grid.y, width: grid.width - labelWidth - noteWidth, height: grid.height)

        for (row, rowValues) in values.prefix(grid.height).enumerated() {
            let y = grid.y + row
            buffer.write(labels[row], in: Rect(x: grid.x, y: y, width: max(0, labelWidth - 1), height: 1),
                         style: theme.style(.muted))
            let visible = rowValues.suffix(cells.width)
            let start = cells.right - visible.count
            for (offset, value) in visible.enumerated() {
                buffer.set(x: start + offset, y: y, cell: cell(for: value, axis: axis, theme: theme))
            }
            if row < rowNotes.count, noteWidth > 0 {
                buffer.write(rowNotes[row], in: Rect(x: cells.right + 1, y: y, width: noteWidth - 1, height: 1),
                             style: theme.style(.muted))
            }
        }
        if legendShown { drawLegend(in: legend, axis: axis, theme: theme, buffer: &buffer) }
    }

    /// The cell showing one value.
    func cell(for value: Double, axis: ChartAxis, theme: Theme) -> Cell {
        if scale == .log10 && value == 0 { return Cell("0", style: theme.style(.muted)) }
        if value.isNaN || (scale == .log10 && !(value > 0)) {
            return Cell(theme.glyphs.missing, style: theme.style(.danger))
        }
        let coordinate = value.isInfinite ? (value > 0 ? axis.high : axis.low) : (scale.transform(value) ?? axis.low)
        let t = min(1, max(0, axis.fraction(ofCoordinate: coordinate)))
        return cell(forHeat: t, theme: theme)
    }

    /// The cell for a heat position 0...1.
    func cell(forHeat t: Double, theme: Theme) -> Cell {
        if theme.palette.level == .monochrome {
            let ramp = [" "] + theme.glyphs.shades
            let index = min(ramp.count - 1, Int((t * Double(ramp.count)).rounded(.down)))
            return Cell(ramp[index])
        }
        return Cell(" ", style: Style(background: theme.palette.color(.heat(t))))
    }

    private func drawLegend(in area: Rect, axis: ChartAxis, theme: Theme, buffer: inout Buffer) {
        let title = scale == .log10 ? "log scale " : ""
        if hasNoScalableValue {
            let text = hasZeros ? "every value is exactly 0" : "no values to scale"
            buffer.write(text, in: area, style: theme.style(.muted))
            return
        }
        let low = NumberFormat.compact(scale.inverse(axis.low))
        let high = NumberFormat.compact(scale.inverse(axis.high)) + (hasZeros ? "  0 = exactly 0" : "")
        let rampWidth = min(10, area.width - CharacterWidth.of(title + low) - CharacterWidth.of(high) - 2)
        guard rampWidth >= 2 else {
            buffer.write("\(title)\(low)..\(high)", in: area, style: theme.style(.muted))
            return
        }
        var x = buffer.write(title + low + " ", x: area.x, y: area.y, style: theme.style(.muted), clip: area)
        for step in 0..<rampWidth {
            buffer.set(x: x, y: area.y, cell: cell(forHeat: Double(step) / Double(rampWidth - 1), theme: theme))
            x += 1
        }
        buffer.write(" " + high, x: x, y: area.y, style: theme.style(.muted), clip: area)
    }
}
