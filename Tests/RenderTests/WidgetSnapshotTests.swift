import Testing
@testable import Render

@Suite struct WidgetSnapshotTests {
    @Test func blockDrawsBorderTitleAndFooter() {
        let block = Block(title: "Loss", footer: "e3")
        #expect(rendered(block, width: 12, height: 3).lines() == [
            "+ Loss ----+",
            "|          |",
            "+------ e3 +",
        ])
        #expect(rendered(block, width: 12, height: 3, theme: .rich).lines()[0] == "┌ Loss ────┐")
        #expect(block.inner(Rect(x: 0, y: 0, width: 12, height: 3)) == Rect(x: 1, y: 1, width: 10, height: 1))
        #expect(rendered(Block(title: "Loss", borders: false), width: 6, height: 2).lines() == ["Loss  ", "      "])
    }

    @Test func barsUseEighthBlocksAndHighlight() {
        let bars = Bars(items: [.init(label: "L1", value: 1), .init(label: "L2", value: 2, valueText: "2!", isHighlighted: true),
                                .init(label: "L3", value: 0.25)])
        let buffer = rendered(bars, width: 12, height: 3, theme: .rich)
        #expect(buffer.lines() == [
            "L1 ██      1",
            "L2 ████   2!",
            "L3 ▌    0.25",
        ])
        #expect(buffer[3, 1].foreground == Palette(level: .c256).color(.warning))
        #expect(buffer[3, 0].foreground == Palette(level: .c256).color(.series(1)))
    }

    @Test func barsOnALogScale() {
        let bars = Bars(items: [.init(label: "a", value: 1e-3, valueText: ""), .init(label: "b", value: 1, valueText: ""),
                                .init(label: "c", value: -1, valueText: "")], scale: .log10)
        #expect(bars.barFractions() == [0.25, 1, 0])
    }

    @Test func sparklineScalesToItsRange() {
        let buffer = rendered(Sparkline(values: [0, 1, 2, 3, 4, 5, 6, 7, .nan]), width: 10, height: 1, theme: .rich)
        #expect(buffer.lines() == [" ▁▂▃▄▅▆▇█?"])
        let tall = rendered(Sparkline(values: [0, 16], range: 0...16), width: 2, height: 2, theme: .rich)
        #expect(tall.lines() == [" █", "▁█"])
    }

    @Test func heatmapShowsNewestColumnsAndNaN() {
        let map = Heatmap(values: [[0, 1, 2, 3, 4, 5], [.nan, 5, 5, 5, 5, 5]], range: 0...5)
        let buffer = rendered(map, width: 6, height: 3)
        #expect(buffer.lines() == [
            "L1 +##",
            "L2 ###",
            "0  # 5",
        ])
        let wide = rendered(map, width: 10, height: 2)
        #expect(wide.lines()[0] == "L1   .:+##")
        let colour = rendered(Heatmap(values: [[.nan, 0, 5]]), width: 6, height: 1, theme: .rich)
        #expect(colour.lines() == ["L1 ?  "])
        #expect(colour[4, 0].background == Palette(level: .c256).color(.heat(0)))
        #expect(colour[5, 0].background == Palette(level: .c256).color(.heat(1)))
    }

    @Test func heatmapLegendNamesTheRange() {
        let buffer = rendered(Heatmap(values: [[1, 1000]], scale: .log10), width: 20, height: 2)
        #expect(buffer.lines()[1].hasPrefix("log scale 1 "))
        #expect(buffer.lines()[1].contains(" 1000"))
    }

    @Test func statusBarKeepsRightSegments() {
        let bar = StatusBar(left: [.init("LIVE"), .init("epoch 3")], right: [.init("q quit")])
        #expect(rendered(bar, width: 24, height: 1).lines() == [" LIVE  epoch 3    q quit"])
        #expect(rendered(bar, width: 10, height: 1).lines() == [" LI q quit"])
        #expect(rendered(bar, width: 24, height: 1)[0, 0].attributes.contains(.reverse))
    }

    @Test func paragraphWrapsWords() {
        #expect(Paragraph.wrap("the quick brown fox", width: 10) == ["the quick", "brown fox"])
        #expect(Paragraph.wrap("abcdefghij xy", width: 4) == ["abcd", "efgh", "ij", "xy"])
        #expect(Paragraph.wrap("a\n\nb", width: 4) == ["a", "", "b"])
        #expect(Paragraph.wrap("日本語", width: 3) == ["日", "本", "語"])
        #expect(Paragraph.wrap("x", width: 0).isEmpty)
        #expect(rendered(Paragraph("one two three"), width: 7, height: 2).lines() == ["one two", "three  "])
    }

    @Test func brailleCanvasSetsDotBits() {
        var canvas = BrailleCanvas(width: 2, height: 1, resolution: .braille)
        canvas.plot(x: 0, y: 0, style: .plain)
        canvas.plot(x: 1, y: 3, style: .plain)
        canvas.line(from: (x: 2, y: 0), to: (x: 2, y: 3), style: .plain)
        var buffer = Buffer(width: 2, height: 1)
        canvas.render(in: buffer.area, buffer: &buffer)
        #expect(buffer.lines() == ["\u{2881}\u{2847}"])
        var ascii = BrailleCanvas(width: 3, height: 2, resolution: .ascii)
        ascii.line(from: (x: 0.0, y: 0.0), to: (x: 1e300, y: 1e300), style: .plain, symbol: "o")
        var small = Buffer(width: 3, height: 2)
        ascii.render(in: small.area, buffer: &small)
        #expect(small.lines() == ["o  ", " o "])
    }

    @Test func lastSeriesColoursTheCell() {
        var canvas = BrailleCanvas(width: 1, height: 1, resolution: .braille)
        canvas.plot(x: 0, y: 0, style: Style(foreground: .red))
        canvas.plot(x: 1, y: 1, style: Style(foreground: .blue))
        var buffer = Buffer(width: 1, height: 1)
        canvas.render(in: buffer.area, buffer: &buffer)
        #expect(buffer[0, 0].foreground == .blue)
        #expect(buffer.lines() == ["\u{2811}"])
    }

    @Test func decisionMapInMonochrome() {
        let grid: [[DecisionMap.Sample]] = [
            [.init(classIndex: 0, confidence: 1), .init(classIndex: 1, confidence: 1)],
            [.init(classIndex: 0, confidence: 0), .init(classIndex: 1, confidence: 1)],
        ]
        let map = DecisionMap(grid: grid, points: [.init(x: 0.9, y: 0.9, classIndex: 1)], xRange: 0...1, yRange: 0...1)
        #expect(rendered(map, width: 4, height: 2).lines() == ["  #x", "..##"])
    }

    @Test func decisionMapUsesHalfBlocksInColour() {
        let grid: [[DecisionMap.Sample]] = [[.init(classIndex: 0, confidence: 1)], [.init(classIndex: 1, confidence: 1)]]
        let map = DecisionMap(grid: grid, points: [], xRange: 0...1, yRange: 0...1)
        let buffer = rendered(map, width: 1, height: 1, theme: .rich)
        let palette = Palette(level: .c256)
        #expect(buffer.lines() == ["▀"])
        #expect(buffer[0, 0].foreground == palette.classShade(1, confidence: 1))
        #expect(buffer[0, 0].background == palette.classShade(0, confidence: 1))
        let sample = DecisionMap.sample(fromProbabilities: [0.2, 0.8])
        #expect(sample.classIndex == 1)
        #expect(abs(sample.confidence - 0.6) < 1e-12)
        #expect(DecisionMap.sample(fromProbabilities: [.nan, .nan]).confidence == 0)
    }
}
