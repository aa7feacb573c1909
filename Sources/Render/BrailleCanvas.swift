/// A dot grid drawn into cells: 2x4 Braille dots per cell, or one ASCII symbol per cell.
///
/// Each cell keeps the style of the last dot drawn into it (the last series wins), since a
/// terminal cell has only one foreground colour.
public struct BrailleCanvas: Sendable {
    public enum Resolution: Hashable, Sendable {
        /// 2x4 dots per cell using U+2800 Braille patterns.
        case braille
        /// One dot per cell drawn with the symbol passed to `plot`.
        case ascii
    }

    public let width: Int
    public let height: Int
    public let resolution: Resolution
    private var bits: [UInt8]
    private var symbols: [Character?]
    private var styles: [Style?]

    /// A canvas `width` x `height` cells large.
    public init(width: Int, height: Int, resolution: Resolution) {
        self.width = max(0, width)
        self.height = max(0, height)
        self.resolution = resolution
        bits = Array(repeating: 0, count: self.width * self.height)
        symbols = Array(repeating: nil, count: self.width * self.height)
        styles = Array(repeating: nil, count: self.width * self.height)
    }

    /// Dots across: 2 per cell for Braille, 1 for ASCII.
    public var dotWidth: Int { resolution == .braille ? width * 2 : width }
    /// Dots down: 4 per cell for Braille, 1 for ASCII.
    public var dotHeight: Int { resolution == .braille ? height * 4 : height }

    static let dotBits: [[UInt8]] = [[0x01, 0x02, 0x04, 0x40], [0x08, 0x10, 0x20, 0x80]]

    /// Sets the dot at (x, y), counted from the top-left; dots outside the grid are ignored.
    public mutating func plot(x: Int, y: Int, style: Style, symbol: Character = "*") {
        guard x >= 0, y >= 0, x < dotWidth, y < dotHeight else { return }
        let cellX = resolution == .braille ? x / 2 : x
        let cellY = resolution == .braille ? y / 4 : y
        let index = cellY * width + cellX
        if resolution == .braille {
            bits[index] |= BrailleCanvas.dotBits[x % 2][y % 4]
        } else {
            symbols[index] = symbol
        }
        styles[index] = style
    }

    /// Draws a straight line of dots between two dot positions (Bresenham).
    public mutating func line(from start: (x: Int, y: Int), to end: (x: Int, y: Int), style: Style, symbol: Character = "*") {
        var x = start.x, y = start.y
        let dx = abs(end.x - x), dy = -abs(end.y - y)
        let stepX = x < end.x ? 1 : -1, stepY = y < end.y ? 1 : -1
        var error = dx + dy
        var guardCount = 0
        let limit = dx - dy + 1
        while guardCount <= limit {
            plot(x: x, y: y, style: style, symbol: symbol)
            if x == end.x && y == end.y { break }
            let doubled = 2 * error
            if doubled >= dy { error += dy; x += stepX }
            if doubled <= dx { error += dx; y += stepY }
            guardCount += 1
        }
    }

    /// Draws a line between points given in dot coordinates as Doubles, clipped to the grid first
    /// so far-away or huge coordinates cost nothing. Non-finite coordinates draw nothing.
    public mutating func line(from start: (x: Double, y: Double), to end: (x: Double, y: Double), style: Style, symbol: Character = "*") {
        guard let clipped = BrailleCanvas.clip(start, end, maxX: Double(dotWidth - 1), maxY: Double(dotHeight - 1)) else { return }
        line(from: (Int(clipped.0.x.rounded()), Int(clipped.0.y.rounded())),
             to: (Int(clipped.1.x.rounded()), Int(clipped.1.y.rounded())), style: style, symbol: symbol)
    }

    /// Sets the dot nearest to a Double position; ignored when outside or not finite.
    public mutating func plot(x: Double, y: Double, style: Style, symbol: Character = "*") {
        guard x.isFinite, y.isFinite, x > -0.5, y > -0.5, x < Double(dotWidth) - 0.5, y < Double(dotHeight) - 0.5 else { return }
        plot(x: Int(x.rounded()), y: Int(y.rounded()), style: style, symbol: symbol)
    }

    /// Copies the drawn cells into `buffer` at `area`'s top-left; empty cells are left untouched.
    public func render(in area: Rect, buffer: inout Buffer) {
        for row in 0..<min(height, area.height) {
            for column in 0..<min(width, area.width) {
                let index = row * width + column
                guard let style = styles[index] else { continue }
                let character: Character
                if resolution == .braille {
                    guard let scalar = Unicode.Scalar(0x2800 + UInt32(bits[index])) else { continue }
                    character = Character(scalar)
                } else {
                    character = symbols[index] ?? "*"
                }
                buffer.set(x: area.x + column, y: area.y + row, character: character, style: style)
            }
        }
    }

    /// Liang-Barsky clipping of a segment to [0, maxX] x [0, maxY].
    static func clip(_ a: (x: Double, y: Double), _ b: (x: Double, y: Double), maxX: Double, maxY: Double)
        -> ((x: Double, y: Double), (x: Double, y: Double))? {
        guard a.x.isFinite, a.y.isFinite, b.x.isFinite, b.y.isFinite, maxX >= 0, maxY >= 0 else { return nil }
        let dx = b.x - a.x, dy = b.y - a.y
        guard dx.isFinite, dy.isFinite else { return nil }
        var t0 = 0.0, t1 = 1.0
        let tests: [(Double, Double)] = [(-dx, a.x), (dx, maxX - a.x), (-dy, a.y), (dy, maxY - a.y)]
        for (p, q) in tests {
            if p == 0 {
                if q < 0 { return nil }
            } else {
                let r = q / p
                if p < 0 { if r > t1 { return nil }; t0 = max(t0, r) }
                else { if r < t0 { return nil }; t1 = min(t1, r) }
            }
        }
        return ((a.x + t0 * dx, a.y + t0 * dy), (a.x + t1 * dx, a.y + t1 * dy))
    }
}
