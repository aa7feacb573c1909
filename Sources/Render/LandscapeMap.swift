/// A point of a landscape's plane: α along the first direction, β along the second.
public struct PlanePoint: Hashable, Sendable {
    public var alpha: Double
    public var beta: Double
    public init(alpha: Double, beta: Double) {
        self.alpha = alpha
        self.beta = beta
    }
}

/// The loss over a plane as a heat map of bands, with a path of points (the projected checkpoints)
/// and the current point marked. α runs left to right, β bottom to top, both from −span to span.
/// The bands split the loss on a log scale above the grid's minimum, so the low ground (where the
/// minima are) gets most of them; one bottom line is the legend.
public struct LandscapeMap: Widget, Sendable {
    /// loss[i][j] at α = coordinate(i), β = coordinate(j) on an evenly spaced square grid.
    public var loss: [[Double]]
    public var span: Double
    public var path: [PlanePoint]
    public var current: PlanePoint?
    /// Named marks (the toy's minima and saddle), drawn with their first letter.
    public var marks: [(label: String, point: PlanePoint)]

    /// The number of bands.
    public static let bands = 6

    public init(loss: [[Double]], span: Double, path: [PlanePoint] = [], current: PlanePoint? = PlanePoint(alpha: 0, beta: 0),
                marks: [(label: String, point: PlanePoint)] = []) {
        self.loss = loss
        self.span = span
        self.path = path
        self.current = current
        self.marks = marks
    }

    /// The band (0 ..< bands) of a loss value given the grid's finite minimum and maximum.
    public static func band(_ value: Double, low: Double, high: Double) -> Int {
        guard value.isFinite else { return bands - 1 }
        guard high > low else { return 0 }
        let c = (high - low) / 100
        let t = Scale.log10(1 + max(0, value - low) / c) / Scale.log10(1 + (high - low) / c)
        return min(bands - 1, max(0, Int(t * Double(bands))))
    }

    /// The loss at the start of band k (k = 0 ... bands), inverse of `band`.
    public static func bandEdge(_ k: Int, low: Double, high: Double) -> Double {
        guard high > low else { return low }
        let c = (high - low) / 100
        return low + c * (Scale.exp10(Double(k) / Double(bands) * Scale.log10(1 + (high - low) / c)) - 1)
    }

    public var finiteRange: (low: Double, high: Double)? {
        let finite = loss.joined().filter { $0.isFinite }
        guard let low = finite.min(), let high = finite.max() else { return nil }
        return (low, high)
    }

    public func render(in area: Rect, buffer: inout Buffer, theme: Theme) {
        guard area.width >= 4, area.height >= 3, let n = loss.first?.count, n >= 2, loss.count == n, span > 0 else { return }
        let (map, legend) = area.splitBottom(1)
        let range = finiteRange ?? (0, 0)
        func index(_ coordinate: Double) -> Int { min(n - 1, max(0, Int(((coordinate + span) / (2 * span) * Double(n - 1)).rounded()))) }
        for cy in 0..<map.height {
            let beta = span - 2 * span * (Double(cy) + 0.5) / Double(map.height)
            for cx in 0..<map.width {
                let alpha = -span + 2 * span * (Double(cx) + 0.5) / Double(map.width)
                let k = LandscapeMap.band(loss[index(alpha)][index(beta)], low: range.low, high: range.high)
                buffer.set(x: map.x + cx, y: map.y + cy, cell: cell(band: k, theme: theme))
            }
        }
        func place(_ p: PlanePoint, _ character: Character, _ role: Role) {
            let cx = Int(((p.alpha + span) / (2 * span) * Double(map.width)).rounded(.down))
            let cy = Int(((span - p.beta) / (2 * span) * Double(map.height)).rounded(.down))
            guard (0..<map.width).contains(cx), (0..<map.height).contains(cy) else { return }
            let under = buffer[map.x + cx, map.y + cy]
            var style = theme.style(role)
            style.background = under.background
            buffer.set(x: map.x + cx, y: map.y + cy, character: character, style: style)
        }
        let unicode = theme.glyphs.isUnicode
        for p in path { place(p, unicode ? "∘" : "o", .text) }
        for m in marks { place(m.point, m.label.first ?? "?", .warning) }
        if let current { place(current, unicode ? "◉" : "@", .highlight) }
        drawLegend(in: legend, range: range, theme: theme, buffer: &buffer)
    }

    /// Band k's cell: a heat colour, or a shade from blank (lowest) to full without colour.
    func cell(band k: Int, theme: Theme) -> Cell {
        if theme.palette.level == .monochrome {
            let ramp: [Character] = [" ", theme.glyphs.isUnicode ? "·" : "."] + theme.glyphs.shades
            return Cell(ramp[min(k, ramp.count - 1)])
        }
        return Cell(" ", style: Style(background: theme.palette.color(.heat(Double(k) / Double(LandscapeMap.bands - 1)))))
    }

    private func drawLegend(in area: Rect, range: (low: Double, high: Double), theme: Theme, buffer: inout Buffer) {
        var x = area.x
        func write(_ text: String, _ style: Style = .plain) { x = buffer.write(text, x: x, y: area.y, style: style, clip: area) }
        write("loss " + NumberFormat.readable(range.low, significantDigits: 3) + " ", theme.style(.muted))
        for k in 0..<LandscapeMap.bands {
            let c = cell(band: k, theme: theme)
            if x < area.right { buffer.set(x: x, y: area.y, cell: c.character == " " && theme.palette.level == .monochrome ? Cell("_") : c) }
            x += 1
        }
        write(" " + NumberFormat.readable(range.high, significantDigits: 3), theme.style(.muted))
        let unicode = theme.glyphs.isUnicode
        if current != nil { write("  \(unicode ? "◉" : "@") here", theme.style(.muted)) }
        if !path.isEmpty { write("  \(unicode ? "∘" : "o") checkpoints", theme.style(.muted)) }
        write("  α→ β↑ ±" + NumberFormat.readable(span, significantDigits: 3), theme.style(.muted))
    }
}
