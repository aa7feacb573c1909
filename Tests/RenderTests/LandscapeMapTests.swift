import Render
import Testing

@Suite struct LandscapeMapTests {
    @Test func bandsPathAndCurrentPointDrawnWhole() {
        // A bowl on a 3×3 grid: lowest in the middle.
        let loss: [[Double]] = [[4, 1, 4], [1, 0, 1], [4, 1, 4]]
        let map = LandscapeMap(loss: loss, span: 1, path: [PlanePoint(alpha: -0.9, beta: 0.9)])
        var buffer = Buffer(width: 12, height: 4)
        map.render(in: buffer.area, buffer: &buffer, theme: .plain)
        #expect(buffer.lines() == [
            "o##++++++###",
            "+++   @  +++",
            "###++++++###",
            "loss 0 _,.:+",
        ])
    }

    @Test func bandsSplitTheLossOnALogScaleAboveTheMinimum() {
        #expect(LandscapeMap.band(0, low: 0, high: 100) == 0)
        #expect(LandscapeMap.band(100, low: 0, high: 100) == LandscapeMap.bands - 1)
        #expect(LandscapeMap.band(.nan, low: 0, high: 100) == LandscapeMap.bands - 1)
        // log10(1 + x/c) / log10(101): half the bands lie below 1/10 of the range.
        #expect(LandscapeMap.band(9, low: 0, high: 100) < LandscapeMap.bands / 2)
        for k in 0...LandscapeMap.bands {
            let edge = LandscapeMap.bandEdge(k, low: 0, high: 100)
            if k < LandscapeMap.bands { #expect(LandscapeMap.band(edge * 1.0001 + 1e-9, low: 0, high: 100) == k) }
        }
    }

    @Test func readableNumbersHaveNoSISuffixes() {
        #expect(NumberFormat.readable(0.031415926) == "0.03142")
        #expect(NumberFormat.readable(1234.5678) == "1235")
        #expect(NumberFormat.readable(2.5e-7) == "2.5e-7")
        #expect(NumberFormat.readable(-3.1e8) == "-3.1e8")
        #expect(NumberFormat.readable(0) == "0")
        #expect(NumberFormat.readable(-0.00001) == "-1e-5")
    }
}
