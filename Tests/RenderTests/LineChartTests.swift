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
            " 1k+   :    : | * up",
            "   |   :    : | **  ",
            "100+   :    ****    ",
            " 10+   :****: |     ",
            "   |  **    : |     ",
            "  1+** :    : |     ",
            "   ++---------+-----",
            "    0         2     ",
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
