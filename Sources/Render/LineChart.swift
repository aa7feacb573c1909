/// A point of a chart series.
public struct ChartPoint: Hashable, Sendable {
    public var x: Double
    public var y: Double

    public init(x: Double, y: Double) {
        self.x = x
        self.y = y
    }
}

/// One named data series of a `LineChart`.
public struct ChartSeries: Hashable, Sendable {
    public enum Drawing: Hashable, Sendable {
        /// Consecutive points joined by lines; NaN or unshowable points break the line.
        case line
        /// Points only (a scatter plot).
        case points
    }

    public var label: String
    public var role: Role
    public var points: [ChartPoint]
    public var drawing: Drawing

    public init(label: String, role: Role, points: [ChartPoint], drawing: Drawing = .line) {
        self.label = label
        self.role = role
        self.points = points
        self.drawing = drawing
    }

    /// A series of `values` at x = `firstX`, `firstX + 1`, ... (epochs, steps).
    public init(label: String, role: Role, values: [Double], firstX: Double = 0, drawing: Drawing = .line) {
        self.init(label: label, role: role,
                  points: values.enumerated().map { ChartPoint(x: firstX + Double($0.offset), y: $0.element) },
                  drawing: drawing)
    }
}

/// A chart of one or more series with axes, tick labels and a legend, drawn with Braille dots
/// (2x4 per cell) or, with ASCII glyphs, one marker per cell. NaN and infinite points are skipped
/// (they break the line), as are non-positive values on a log scale.
public struct LineChart: Widget, Sendable {
    /// How an x interval is marked.
    public enum IntervalMarking: Hashable, Sendable {
        /// Dashed vertical lines at both ends.
        case edges
        /// Dashed lines at both ends and a tinted background between them (256 colours only).
        case shaded
    }

    public var series: [ChartSeries]
    /// The x range to show; nil fits the data.
    public var xRange: ClosedRange<Double>?
    /// The y range to show; nil fits the data.
    public var yRange: ClosedRange<Double>?
    public var yScale: Scale
    public var showsAxes: Bool
    public var showsLegend: Bool
    /// A vertical line at this x (the current epoch in replay).
    public var markerX: Double?
    /// A dashed horizontal line at y = 0 when it is in range (linear scale).
    public var showsZeroLine: Bool
    /// An x interval to mark (e.g. the range of pre-activations the network spans).
    public var interval: ClosedRange<Double>?
    public var intervalMarking: IntervalMarking
    /// x positions marked on the x axis (events and divergences in a replay), drawn as `▲` (`^` in
    /// ASCII) in the warning colour on the axis line.
    public var axisMarks: [Double] = []

    public init(series: [ChartSeries], xRange: ClosedRange<Double>? = nil, yRange: ClosedRange<Double>? = nil,
                yScale: Scale = .linear, showsAxes: Bool = true, showsLegend: Bool = true, markerX: Double? = nil,
                showsZeroLine: Bool = false, interval: ClosedRange<Double>? = nil,
                intervalMarking: IntervalMarking = .edges) {
        self.series = series
        self.xRange = xRange
        self.yRange = yRange
        self.yScale = yScale
        self.showsAxes = showsAxes
        self.showsLegend = showsLegend
        self.markerX = markerX
        self.showsZeroLine = showsZeroLine
        self.interval = interval
        self.intervalMarking = intervalMarking
    }

    public func render(in area: Rect, buffer: inout Buffer, theme: Theme) {
        guard !area.isEmpty else { return }
        let shown = series.map { $0.points.filter { $0.x.isFinite && yScale.transform($0.y) != nil } }
        let xAxis = ChartAxis(values: shown.flatMap { $0.map(\.x) }, explicit: xRange, scale: .linear)
        let yAxis = ChartAxis(values: shown.flatMap { $0.map(\.y) }, explicit: yRange, scale: yScale)
        let plot = showsAxes ? drawAxes(in: area, x: xAxis, y: yAxis, buffer: &buffer, theme: theme) : area
        guard !plot.isEmpty else { return }

        var canvas = BrailleCanvas(width: plot.width, height: plot.height,
                                   resolution: theme.glyphs.isUnicode ? .braille : .ascii)
        let dotsPerColumn = canvas.resolution == .braille ? 2 : 1
        let dotsPerRow = canvas.resolution == .braille ? 4 : 1
        func dotX(_ fraction: Double) -> Double { fraction * Double(canvas.dotWidth - 1) }
        func dotY(_ fraction: Double) -> Double { (1 - fraction) * Double(canvas.dotHeight - 1) }
        func column(ofX x: Double) -> Int? {
            guard let f = xAxis.fraction(of: x), f >= 0, f <= 1 else { return nil }
            return plot.x + Int(dotX(f).rounded()) / dotsPerColumn
        }

        if let interval {
            let edges = [interval.lowerBound, interval.upperBound].compactMap(column(ofX:))
            if intervalMarking == .shaded, let lowF = xAxis.fraction(of: interval.lowerBound),
               let highF = xAxis.fraction(of: interval.upperBound) {
                let first = plot.x + Int(dotX(min(1, max(0, lowF))).rounded()) / dotsPerColumn
                let last = plot.x + Int(dotX(min(1, max(0, highF))).rounded()) / dotsPerColumn
                if lowF <= 1 && highF >= 0 && last >= first {
                    buffer.setStyle(theme.style(.band), in: Rect(x: first, y: plot.y, width: last - first + 1, height: plot.height))
                }
            }
            for edge in edges {
                for row in plot.top..<plot.bottom {
                    buffer.set(x: edge, y: row, character: theme.glyphs.dashedVertical, style: theme.style(.muted))
                }
            }
        }
        if showsZeroLine, let f = yAxis.fraction(of: 0), f >= 0, f <= 1 {
            let row = plot.y + Int(dotY(f).rounded()) / dotsPerRow
            for x in plot.left..<plot.right where buffer[x, row].character == " " {
                buffer.set(x: x, y: row, character: theme.glyphs.dashedHorizontal, style: theme.style(.muted))
            }
        }

        for (index, entry) in series.enumerated() {
            let style = theme.style(entry.role)
            let symbol = theme.glyphs.marker(index)
            var previous: (x: Double, y: Double)?
            var dots = entry.points.map { point -> (x: Double, y: Double)? in
                guard point.x.isFinite, let fx = xAxis.fraction(of: point.x), let fy = yAxis.fraction(of: point.y) else { return nil }
                return (x: dotX(fx), y: dotY(fy))
            }
            if entry.drawing == .line && entry.points.count > 2 * canvas.dotWidth {
                dots = LineChart.thinned(dots)
            }
            for dot in dots {
                guard let current = dot else {
                    previous = nil
                    continue
                }
                if entry.drawing == .line, let previous {
                    canvas.line(from: previous, to: current, style: style, symbol: symbol)
                } else {
                    canvas.plot(x: current.x, y: current.y, style: style, symbol: symbol)
                }
                previous = current
            }
        }
        canvas.render(in: plot, buffer: &buffer)

        if let markerX, let x = column(ofX: markerX) {
            for row in plot.top..<plot.bottom where buffer[x, row].character == " "
                || buffer[x, row].character == theme.glyphs.dashedHorizontal {
                buffer.set(x: x, y: row, character: theme.glyphs.vertical, style: theme.style(.highlight))
            }
        }
        if showsAxes, plot.bottom < area.bottom {
            for mark in axisMarks {
                guard let x = column(ofX: mark) else { continue }
                buffer.set(x: x, y: plot.bottom, character: theme.glyphs.isUnicode ? "▲" : "^", style: theme.style(.warning))
            }
        }
        if showsLegend { drawLegend(in: plot, buffer: &buffer, theme: theme) }
    }

    /// A polyline with its runs of dots in one dot column (x rounded) reduced to the first, the lowest,
    /// the highest and the last (y rounded), in their order: the straight lines between them cover
    /// exactly the dots the full run covers, so the picture is unchanged, while a chart of a million
    /// epochs draws a few thousand lines. nil entries (gaps) are kept.
    static func thinned(_ dots: [(x: Double, y: Double)?]) -> [(x: Double, y: Double)?] {
        var out: [(x: Double, y: Double)?] = []
        out.reserveCapacity(min(dots.count, 4096))
        var run: [Int] = []  // indices of the current column's dots
        func flush() {
            guard let first = run.first, let last = run.last else { return }
            func row(_ i: Int) -> Double { dots[i]!.y.rounded() }
            var low = first, high = first
            for i in run {
                if row(i) < row(low) { low = i }
                if row(i) > row(high) { high = i }
            }
            var kept = [first, low, high, last]
            kept.sort()
            var previous = -1
            for i in kept where i != previous {
                out.append(dots[i])
                previous = i
            }
            run.removeAll(keepingCapacity: true)
        }
        for (i, dot) in dots.enumerated() {
            guard let dot, dot.x.isFinite, dot.y.isFinite else {
                flush()
                out.append(dot)
                continue
            }
            if let first = run.first, dots[first]!.x.rounded() != dot.x.rounded() { flush() }
            run.append(i)
        }
        flush()
        return out
    }

    /// Draws axes, ticks and labels; returns the area left for the plot.
    private func drawAxes(in area: Rect, x xAxis: ChartAxis, y yAxis: ChartAxis, buffer: inout Buffer, theme: Theme) -> Rect {
        guard area.height >= 3, area.width >= 6 else { return area }
        let plotHeight = area.height - 2
        let yTicks = yAxis.ticks(maxCount: max(1, plotHeight / 2))
        let labelWidth = min(area.width / 3, yTicks.map { CharacterWidth.of($0.label) }.max() ?? 0)
        let axisColumn = area.x + labelWidth
        let plot = Rect(x: axisColumn + 1, y: area.y, width: area.right - axisColumn - 1, height: plotHeight)
        let axisStyle = theme.style(.axis), labelStyle = theme.style(.muted)
        let axisRow = area.y + plotHeight

        for row in plot.top..<plot.bottom {
            buffer.set(x: axisColumn, y: row, character: theme.glyphs.vertical, style: axisStyle)
        }
        buffer.set(x: axisColumn, y: axisRow, character: theme.glyphs.axisCorner, style: axisStyle)
        for column in plot.left..<plot.right {
            buffer.set(x: column, y: axisRow, character: theme.glyphs.horizontal, style: axisStyle)
        }
        let labelArea = Rect(x: area.x, y: area.y, width: labelWidth, height: plotHeight)
        for tick in yTicks where tick.fraction >= 0 && tick.fraction <= 1 {
            let row = plot.y + Int(((1 - tick.fraction) * Double(plotHeight - 1)).rounded())
            buffer.set(x: axisColumn, y: row, character: theme.glyphs.axisTickLeft, style: axisStyle)
            let line = Rect(x: labelArea.x, y: row, width: labelArea.width, height: 1)
            buffer.write(tick.label, in: line, alignment: .right, style: labelStyle)
        }

        let xTicks = xAxis.ticks(maxCount: max(2, plot.width / 7))
        var nextFree = area.x
        for tick in xTicks where tick.fraction >= 0 && tick.fraction <= 1 {
            let column = plot.x + Int((tick.fraction * Double(plot.width - 1)).rounded())
            buffer.set(x: column, y: axisRow, character: theme.glyphs.axisTick, style: axisStyle)
            let width = CharacterWidth.of(tick.label)
            let start = min(max(column - width / 2, area.x), area.right - width)
            guard start >= nextFree, start >= area.x else { continue }
            buffer.write(tick.label, x: start, y: axisRow + 1, style: labelStyle, clip: area)
            nextFree = start + width + 1
        }
        return plot
    }

    private func drawLegend(in plot: Rect, buffer: inout Buffer, theme: Theme) {
        let labelled = series.enumerated().filter { !$0.element.label.isEmpty }
        guard !labelled.isEmpty else { return }
        let width = (labelled.map { CharacterWidth.of($0.element.label) }.max() ?? 0) + 2
        guard plot.height >= labelled.count, plot.width >= width + 4 else { return }
        for (row, (index, entry)) in labelled.enumerated() {
            let y = plot.y + row
            let x = plot.right - width
            buffer.fill(Rect(x: x, y: y, width: width, height: 1))
            let key: Character = theme.glyphs.isUnicode ? theme.glyphs.horizontal : theme.glyphs.marker(index)
            buffer.set(x: x, y: y, character: key, style: theme.style(entry.role))
            buffer.write(entry.label, x: x + 2, y: y, style: theme.style(.text), clip: plot)
        }
    }
}
