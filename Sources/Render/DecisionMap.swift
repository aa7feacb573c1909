/// A classifier's view of the plane, like TensorFlow Playground: each cell shows two vertical
/// pixels (half blocks, upper in the foreground colour, lower in the background) tinted by the
/// predicted class and its confidence, with the data points drawn on top in their class colour.
/// Without colour, regions show as shade characters and points as per-class markers.
public struct DecisionMap: Widget, Sendable {
    /// The prediction at one grid position.
    public struct Sample: Hashable, Sendable {
        public var classIndex: Int
        /// 0 (undecided) ... 1 (certain).
        public var confidence: Double

        public init(classIndex: Int, confidence: Double) {
            self.classIndex = classIndex
            self.confidence = confidence
        }
    }

    /// A labelled data point.
    public struct DataPoint: Hashable, Sendable {
        public var x: Double
        public var y: Double
        public var classIndex: Int
        /// Held out for validation (the data panel can hide these).
        public var isValidation: Bool

        public init(x: Double, y: Double, classIndex: Int, isValidation: Bool = false) {
            self.x = x
            self.y = y
            self.classIndex = classIndex
            self.isValidation = isValidation
        }
    }

    /// `grid[row][column]`: row 0 is the lowest y, column 0 the lowest x; rows evenly cover
    /// `yRange`, columns `xRange`.
    public var grid: [[Sample]]
    public var points: [DataPoint]
    public var xRange: ClosedRange<Double>
    public var yRange: ClosedRange<Double>

    public init(grid: [[Sample]], points: [DataPoint], xRange: ClosedRange<Double>, yRange: ClosedRange<Double>) {
        self.grid = grid
        self.points = points
        self.xRange = xRange
        self.yRange = yRange
    }

    /// A map from per-class probabilities `probabilities[row][column][class]`: the most probable
    /// class wins; confidence rescales its probability from chance (1/k) to certainty (1).
    public init(probabilities: [[[Double]]], points: [DataPoint], xRange: ClosedRange<Double>, yRange: ClosedRange<Double>) {
        self.init(grid: probabilities.map { $0.map(DecisionMap.sample(fromProbabilities:)) },
                  points: points, xRange: xRange, yRange: yRange)
    }

    /// The same map with every region at full confidence (Playground's "discretize output": class
    /// regions without the confidence shading), and without the validation points unless
    /// `showingValidation`.
    public func displayed(discretized: Bool, showingValidation: Bool) -> DecisionMap {
        var map = self
        if discretized {
            map.grid = grid.map { $0.map { Sample(classIndex: $0.classIndex, confidence: $0.confidence > 0 ? 1 : 0) } }
        }
        if !showingValidation { map.points = points.filter { !$0.isValidation } }
        return map
    }

    /// The winning class and its confidence for one probability vector (NaN entries ignored).
    public static func sample(fromProbabilities probabilities: [Double]) -> Sample {
        var best = -1, bestValue = -Double.infinity
        for (index, p) in probabilities.enumerated() where p.isFinite && p > bestValue {
            best = index
            bestValue = p
        }
        guard best >= 0 else { return Sample(classIndex: 0, confidence: 0) }
        let chance = 1 / Double(max(2, probabilities.count))
        return Sample(classIndex: best, confidence: min(1, max(0, (bestValue - chance) / (1 - chance))))
    }

    public func render(in area: Rect, buffer: inout Buffer, theme: Theme) {
        guard !area.isEmpty else { return }
        let colour = theme.palette.level != .monochrome
        for row in 0..<area.height {
            for column in 0..<area.width {
                let fx = (Double(column) + 0.5) / Double(area.width)
                let top = sample(fx: fx, fy: 1 - (Double(2 * row) + 0.5) / Double(2 * area.height))
                let bottom = sample(fx: fx, fy: 1 - (Double(2 * row) + 1.5) / Double(2 * area.height))
                let cell: Cell
                if colour {
                    let topColor = top.map { theme.palette.classShade($0.classIndex, confidence: $0.confidence) } ?? .default
                    let bottomColor = bottom.map { theme.palette.classShade($0.classIndex, confidence: $0.confidence) } ?? .default
                    cell = theme.glyphs.isUnicode
                        ? Cell(theme.glyphs.upperHalf, style: Style(foreground: topColor, background: bottomColor))
                        : Cell(" ", style: Style(background: topColor))
                } else {
                    cell = Cell(monochromeRegion(top, glyphs: theme.glyphs))
                }
                buffer.set(x: area.x + column, y: area.y + row, cell: cell)
            }
        }
        drawPoints(in: area, buffer: &buffer, theme: theme)
    }

    /// The grid sample at a position given as fractions of the ranges (y = 0 at the bottom).
    func sample(fx: Double, fy: Double) -> Sample? {
        guard !grid.isEmpty else { return nil }
        let row = min(grid.count - 1, max(0, Int(fy * Double(grid.count))))
        let cells = grid[row]
        guard !cells.isEmpty else { return nil }
        return cells[min(cells.count - 1, max(0, Int(fx * Double(cells.count))))]
    }

    private func monochromeRegion(_ sample: Sample?, glyphs: Glyphs) -> Character {
        guard let sample, sample.confidence >= 1.0 / 3 else { return " " }
        let patterns: [Character] = glyphs.isUnicode ? ["░", "▓", "▒", "█"] : [".", "#", ":", "="]
        return patterns[((sample.classIndex % patterns.count) + patterns.count) % patterns.count]
    }

    private func drawPoints(in area: Rect, buffer: inout Buffer, theme: Theme) {
        let xSpan = xRange.upperBound / 2 - xRange.lowerBound / 2
        let ySpan = yRange.upperBound / 2 - yRange.lowerBound / 2
        guard xSpan > 0, ySpan > 0, xSpan.isFinite, ySpan.isFinite else { return }
        let colour = theme.palette.level != .monochrome
        for point in points where point.x.isFinite && point.y.isFinite {
            let fx = (point.x / 2 - xRange.lowerBound / 2) / xSpan
            let fy = (point.y / 2 - yRange.lowerBound / 2) / ySpan
            guard fx >= 0, fx <= 1, fy >= 0, fy <= 1 else { continue }
            let column = area.x + min(area.width - 1, Int(fx * Double(area.width)))
            let row = area.y + min(area.height - 1, Int((1 - fy) * Double(area.height)))
            if colour {
                // Keep the region colour as background so the point sits on its surroundings.
                let background = buffer[column, row].background
                let style = Style(foreground: theme.palette.color(.classColor(point.classIndex)), background: background,
                                  attributes: .bold)
                buffer.set(x: column, y: row, cell: Cell(theme.glyphs.isUnicode ? theme.glyphs.point : theme.glyphs.marker(point.classIndex), style: style))
            } else {
                buffer.set(x: column, y: row, cell: Cell(theme.glyphs.marker(point.classIndex), style: Style(attributes: .bold)))
            }
        }
    }
}

extension LineChart {
    /// A 1-D regression view: the targets as points and the network's fitted curve as a line.
    public static func regression(inputs: [Double], targets: [Double], fitted: [ChartPoint]) -> LineChart {
        let targetPoints = zip(inputs, targets).map { ChartPoint(x: $0, y: $1) }
        return LineChart(series: [
            ChartSeries(label: "target", role: .series(2), points: targetPoints, drawing: .points),
            ChartSeries(label: "fit", role: .series(1), points: fitted.filter { !$0.x.isNaN }.sorted { $0.x < $1.x }, drawing: .line),
        ])
    }
}
