import Testing
@testable import Render

@Suite struct LineChartTests {
    @Test func asciiChartWithAxesAndTicks() {
        let chart = LineChart(series: [ChartSeries(label: "", role: .series(1), values: [0, 1, 2, 3, 4])])
        #expect(rendered(chart, width: 12, height: 7).lines() == [
            "4+        **",
            " |      **  ",
            "2+    **    ",
            " | ***      ",
            "0+*         ",
            " ++----+---+",
            "  0    2   4",
        ])
    }

    @Test func nanBreaksTheLineAndZeroLineIsDrawn() {
        let chart = LineChart(series: [ChartSeries(label: "s", role: .series(1), values: [-1, 1, .nan, 1, -1])],
                              showsLegend: false, showsZeroLine: true)
        #expect(rendered(chart, width: 14, height: 6).lines() == [
            " 1+   *    *  ",
            "  |  *      * ",
            " 0+-*-------*-",
            "-1+*         *",
            "  ++----+----+",
            "   0    2    4",
        ])
    }

    @Test func logScaleWithMarkerIntervalAndLegend() {
        let chart = LineChart(series: [ChartSeries(label: "up", role: .series(1), values: [1, 10, 100, 1000, 0, -5])],
                              yScale: .log10, markerX: 2, interval: 0.5...1.5)
        #expect(rendered(chart, width: 20, height: 8).lines() == [
            "1000+  :    : | * up",
            "    |  :    : | **  ",
            " 100+  :    ****    ",
            "  10+  : ***: |     ",
            "    |  **   : |     ",
            "   1+**:    : |     ",
            "    ++--------+-----",
            "     0        2     ",
        ])
    }

    @Test func seriesColoursAndMarkerStyle() {
        let chart = LineChart(series: [ChartSeries(label: "a", role: .series(2), values: [1, 1, 1])], showsAxes: false,
                              showsLegend: false, markerX: 1)
        let buffer = rendered(chart, width: 3, height: 3, theme: .rich)
        let palette = Palette(level: .c256)
        #expect(buffer.lines() == [" │ ", "⠤⠤⠤", " │ "])
        #expect(buffer[0, 1].foreground == palette.color(.series(2)))
        #expect(buffer[1, 0].character == "│")
        #expect(buffer[1, 0].foreground == palette.color(.highlight))
    }

    @Test func shadedIntervalTintsTheBackground() {
        let chart = LineChart(series: [ChartSeries(label: "", role: .series(1), values: [0, 0, 0, 0, 0])], showsAxes: false,
                              interval: 1...3, intervalMarking: .shaded)
        let buffer = rendered(chart, width: 5, height: 2, theme: Theme(palette: Palette(level: .c256), glyphs: .ascii))
        let band = Palette(level: .c256).style(.band).background
        #expect((0..<5).map { buffer[$0, 0].background == band } == [false, true, true, true, false])
        #expect(buffer.lines()[0] == " : : ")
    }

    @Test func hugeLogRangeGetsDecadeLabels() {
        let chart = LineChart(series: [ChartSeries(label: "x", role: .series(1), values: [1e-300, 1e300])], yScale: .log10)
        let lines = rendered(chart, width: 20, height: 6, theme: .rich).lines()
        #expect(lines[0].hasPrefix(" 1e200┤"))
        #expect(lines[3].hasPrefix("1e-200┤"))
    }

    @Test func singlePointAndConstantSeriesGetAWidenedRange() {
        let single = rendered(LineChart(series: [ChartSeries(label: "x", role: .series(1), values: [5])]), width: 14, height: 5)
        #expect(single.lines()[1] == "5+      *     ")
        let axis = ChartAxis(values: [2, 2], explicit: nil, scale: .linear)
        #expect(axis.low < 2 && axis.high > 2)
        let empty = ChartAxis(values: [.nan], explicit: nil, scale: .log10)
        #expect(empty.low == 0 && empty.high == 1)
        let negativeExplicit = ChartAxis(values: [10, 100], explicit: -5...1000, scale: .log10)
        #expect(negativeExplicit.low == 1 && abs(negativeExplicit.high - 3) < 1e-12)
    }

    @Test func regressionShowsTargetsAsPointsAndFitAsLine() {
        let chart = LineChart.regression(inputs: [0, 1, 2], targets: [0, 1, 4],
                                         fitted: [ChartPoint(x: 2, y: 4), ChartPoint(x: 0, y: 0)])
        #expect(chart.series.map(\.drawing) == [.points, .line])
        #expect(chart.series[1].points.map(\.x) == [0, 2])
    }
}

@Suite struct LineChartThinningTests {
    /// A long noisy polyline with a gap, as dot coordinates on a 40x12-dot canvas.
    func noisyDots(count: Int) -> [(x: Double, y: Double)?] {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        return (0..<count).map { i -> (x: Double, y: Double)? in
            if i == count / 3 { return nil }
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let noise = Double(state >> 40) / Double(1 << 24) - 0.5
            let x = 39 * Double(i) / Double(count - 1)
            let wave = Double(i % 600) / 300 - 1  // a sawtooth between -1 and 1
            return (x: x, y: 5.5 + 4 * wave + 3 * noise)
        }
    }

    func drawn(_ dots: [(x: Double, y: Double)?]) -> Buffer {
        var canvas = BrailleCanvas(width: 20, height: 3, resolution: .braille)
        var previous: (x: Double, y: Double)?
        for dot in dots {
            guard let dot else { previous = nil; continue }
            if let previous { canvas.line(from: previous, to: dot, style: Style()) }
            previous = dot
        }
        var buffer = Buffer(width: 20, height: 3)
        canvas.render(in: Rect(x: 0, y: 0, width: 20, height: 3), buffer: &buffer)
        return buffer
    }

    @Test("thinning a long series leaves the drawn dots exactly as they were")
    func thinningKeepsThePicture() {
        let dots = noisyDots(count: 20_000)
        let thinned = LineChart.thinned(dots)
        #expect(thinned.count < 200, "20,000 points over 40 dot columns thin to \(thinned.count)")
        #expect(thinned.contains { $0 == nil }, "the gap is kept")
        #expect(drawn(thinned) == drawn(dots))
    }

    @Test("short series are not thinned")
    func shortSeriesUntouched() {
        let dots = noisyDots(count: 30)
        #expect(LineChart.thinned(dots).count == dots.count)
    }
}
