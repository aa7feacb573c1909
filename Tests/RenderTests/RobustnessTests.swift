import Testing
@testable import Render

/// Every widget, fed awkward data, must draw into any size without crashing or leaving its area.
@Suite struct RobustnessTests {
    static let nasty: [Double] = [.nan, .infinity, -.infinity, 0, -1, 1e-300, 1e300, -1e300, 5, 5,
                                  .greatestFiniteMagnitude, -.greatestFiniteMagnitude, .leastNonzeroMagnitude]

    static func widgets() -> [any Widget] {
        let points = nasty.enumerated().map { ChartPoint(x: Double($0.offset), y: $0.element) }
        let weirdX = nasty.map { ChartPoint(x: $0, y: 1) }
        var editor = LineEditor("日本 wide text and more")
        editor.moveWordLeft()
        let grid: [[DecisionMap.Sample]] = [[.init(classIndex: -3, confidence: .nan)], [],
                                            [.init(classIndex: 99, confidence: 7), .init(classIndex: 1, confidence: -1)]]
        return [
            Block(title: "Title 日本", footer: "footer"),
            Block(title: nil, borders: false),
            LineChart(series: []),
            LineChart(series: [ChartSeries(label: "a", role: .series(1), points: points),
                               ChartSeries(label: "b", role: .series(2), points: weirdX, drawing: .points)],
                      markerX: 3, showsZeroLine: true, interval: -1e300...1e300, intervalMarking: .shaded),
            LineChart(series: [ChartSeries(label: "log", role: .series(3), points: points)], yScale: .log10, markerX: .nan),
            LineChart(series: [ChartSeries(label: "one", role: .series(1), points: [ChartPoint(x: 1, y: 1)])]),
            LineChart(series: [ChartSeries(label: "const", role: .series(1), values: [2, 2, 2])], yRange: 2...2),
            LineChart(series: [ChartSeries(label: "neg", role: .series(1), values: [-1, -2])], yRange: -5...10, yScale: .log10),
            LineChart(series: [ChartSeries(label: "range", role: .series(1), values: [1e-300, 1e300])], yScale: .log10),
            LineChart.regression(inputs: nasty, targets: nasty, fitted: points),
            Heatmap(values: [nasty, [], nasty.reversed()], rowLabels: ["first"]),
            Heatmap(values: [nasty], scale: .log10),
            Heatmap(values: []),
            Bars(items: nasty.map { Bars.Item(label: "x", value: $0) }),
            Bars(items: nasty.map { Bars.Item(label: "日本語", value: $0, isHighlighted: true) }, scale: .log10),
            Bars(items: [], maximum: -3),
            DecisionMap(grid: grid, points: nasty.map { DecisionMap.DataPoint(x: $0, y: 0.5, classIndex: -1) },
                        xRange: 0...1, yRange: 0...1),
            DecisionMap(grid: [], points: [], xRange: 0...0, yRange: -Double.greatestFiniteMagnitude...Double.greatestFiniteMagnitude),
            Sparkline(values: nasty),
            Sparkline(values: [], range: 3...3),
            Paragraph("a very long word: abcdefghijklmnopqrstuvwxyz 日本語 and\nnew lines\n\n"),
            StatusBar(left: [.init("left 日本")], right: [.init("right", role: .warning), .init("more")]),
            TextInput(prompt: ":", editor: editor),
            TextInput(prompt: "a long prompt", editor: LineEditor()),
        ]
    }

    @Test(arguments: [Theme.plain, Theme.rich, Theme(palette: Palette(level: .c8), glyphs: .ascii),
                      Theme(palette: Palette(level: .monochrome), glyphs: .unicode)])
    func everyWidgetDrawsAtEverySize(theme: Theme) {
        for widget in RobustnessTests.widgets() {
            for width in 0...30 {
                for height in 0...12 {
                    // Draw into a region inside a larger buffer and check nothing leaks outside it.
                    var buffer = Buffer(width: 34, height: 16)
                    let area = Rect(x: 2, y: 2, width: width, height: height)
                    widget.render(in: area, buffer: &buffer, theme: theme)
                    var leaked = false
                    for y in 0..<buffer.height {
                        for x in 0..<buffer.width where !area.contains(x: x, y: y) && buffer[x, y] != .blank {
                            leaked = true
                        }
                    }
                    #expect(!leaked, "\(type(of: widget)) drew outside \(area)")
                }
            }
        }
    }
}
