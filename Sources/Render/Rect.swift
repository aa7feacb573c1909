/// A rectangle of cells. Width and height are never negative.
public struct Rect: Hashable, Sendable, CustomStringConvertible {
    public var x: Int
    public var y: Int
    public var width: Int
    public var height: Int

    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = max(0, width)
        self.height = max(0, height)
    }

    public static let zero = Rect(x: 0, y: 0, width: 0, height: 0)

    public var left: Int { x }
    /// One past the last column.
    public var right: Int { x + width }
    public var top: Int { y }
    /// One past the last row.
    public var bottom: Int { y + height }
    public var area: Int { width * height }
    public var isEmpty: Bool { width == 0 || height == 0 }

    public var description: String { "Rect(x: \(x), y: \(y), width: \(width), height: \(height))" }

    public func contains(x column: Int, y row: Int) -> Bool {
        column >= x && column < right && row >= y && row < bottom
    }

    /// The overlap of two rectangles; an empty rectangle when they do not overlap.
    public func intersection(_ other: Rect) -> Rect {
        let left = max(x, other.x), top = max(y, other.y)
        let right = min(self.right, other.right), bottom = min(self.bottom, other.bottom)
        return Rect(x: left, y: top, width: right - left, height: bottom - top)
    }

    /// The rectangle shrunk by `margin` cells on every side (never negative).
    public func inner(margin: Int) -> Rect {
        inner(horizontal: margin, vertical: margin)
    }

    /// The rectangle shrunk by `horizontal` cells left and right and `vertical` cells top and bottom.
    public func inner(horizontal: Int, vertical: Int) -> Rect {
        let h = max(0, min(horizontal, width / 2)), v = max(0, min(vertical, height / 2))
        return Rect(x: x + h, y: y + v, width: width - 2 * h, height: height - 2 * v)
    }

    /// Splits off the top `rows` rows (clamped to the height): (top part, rest).
    public func splitTop(_ rows: Int) -> (top: Rect, rest: Rect) {
        let n = max(0, min(rows, height))
        return (Rect(x: x, y: y, width: width, height: n), Rect(x: x, y: y + n, width: width, height: height - n))
    }

    /// Splits off the bottom `rows` rows (clamped to the height): (rest, bottom part).
    public func splitBottom(_ rows: Int) -> (rest: Rect, bottom: Rect) {
        let n = max(0, min(rows, height))
        return (Rect(x: x, y: y, width: width, height: height - n),
                Rect(x: x, y: bottom - n, width: width, height: n))
    }

    /// Splits off the left `columns` columns (clamped to the width): (left part, rest).
    public func splitLeft(_ columns: Int) -> (left: Rect, rest: Rect) {
        let n = max(0, min(columns, width))
        return (Rect(x: x, y: y, width: n, height: height), Rect(x: x + n, y: y, width: width - n, height: height))
    }

    /// Splits off the right `columns` columns (clamped to the width): (rest, right part).
    public func splitRight(_ columns: Int) -> (rest: Rect, right: Rect) {
        let n = max(0, min(columns, width))
        return (Rect(x: x, y: y, width: width - n, height: height),
                Rect(x: right - n, y: y, width: n, height: height))
    }

    /// The rectangle's rows, top to bottom, each one cell high.
    public var rows: [Rect] {
        (0..<height).map { Rect(x: x, y: y + $0, width: width, height: 1) }
    }
}
