import Testing
@testable import Render

@Suite struct LayoutTests {
    @Test func rectGeometry() {
        let a = Rect(x: 2, y: 1, width: 10, height: 5)
        #expect(a.intersection(Rect(x: 8, y: 4, width: 10, height: 10)) == Rect(x: 8, y: 4, width: 4, height: 2))
        #expect(a.intersection(Rect(x: 20, y: 20, width: 2, height: 2)).isEmpty)
        #expect(a.inner(margin: 1) == Rect(x: 3, y: 2, width: 8, height: 3))
        #expect(a.inner(margin: 10).width >= 0)
        #expect(Rect(x: 0, y: 0, width: -4, height: 2).width == 0)
        #expect(a.splitTop(2).rest == Rect(x: 2, y: 3, width: 10, height: 3))
        #expect(a.splitRight(3).right == Rect(x: 9, y: 1, width: 3, height: 5))
        #expect(a.splitLeft(99).rest.width == 0)
        #expect(a.splitBottom(1).bottom == Rect(x: 2, y: 5, width: 10, height: 1))
    }

    @Test func fixedPercentAndFill() {
        let parts = Layout.rows([.fixed(1), .fill, .percent(50), .fixed(1)]).split(Rect(x: 0, y: 0, width: 10, height: 20))
        #expect(parts.map(\.height) == [1, 8, 10, 1])
        #expect(parts.map(\.y) == [0, 1, 9, 19])
    }

    @Test func fillsShareLeftoverSpace() {
        let parts = Layout.columns([.fill, .min(3), .fill]).split(Rect(x: 0, y: 0, width: 11, height: 1))
        #expect(parts.map(\.width) == [4, 4, 3])
        #expect(parts.map(\.x) == [0, 4, 8])
    }

    @Test func tooSmallAreasShrinkFromTheEndAndNeverGoNegative() {
        let parts = Layout.rows([.fixed(3), .fixed(3), .fixed(3)], spacing: 1).split(Rect(x: 0, y: 0, width: 5, height: 5))
        #expect(parts.map(\.height) == [3, 0, 0])
        for width in 0..<12 {
            let split = Layout.columns([.percent(70), .min(4), .fixed(5), .fill], spacing: 2)
                .split(Rect(x: 0, y: 0, width: width, height: 1))
            #expect(split.allSatisfy { $0.width >= 0 && $0.right <= max(width, 0) })
            #expect(split.map(\.width).reduce(0, +) <= width)
        }
    }

    @Test func spacingSeparatesParts() {
        let parts = Layout.columns([.fixed(2), .fixed(2)], spacing: 3).split(Rect(x: 1, y: 0, width: 20, height: 1))
        #expect(parts.map(\.x) == [1, 6])
    }
}
