/// A grid of cells that widgets draw into; the terminal module copies it to the screen.
///
/// Coordinates outside the buffer are ignored, so drawing code never needs to bounds-check.
public struct Buffer: Equatable, Sendable {
    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]

    /// A blank buffer; negative sizes are treated as zero.
    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        self.cells = Array(repeating: .blank, count: self.width * self.height)
    }

    /// A buffer holding `lines` in the plain style, as wide as the widest line: for expected
    /// values in tests.
    public init(lines: [String]) {
        self.init(width: lines.map { CharacterWidth.of($0) }.max() ?? 0, height: lines.count)
        for (row, line) in lines.enumerated() {
            write(line, x: 0, y: row)
        }
    }

    /// The whole buffer as a rectangle at the origin.
    public var area: Rect { Rect(x: 0, y: 0, width: width, height: height) }

    /// The cell at (x, y); a blank cell outside the buffer.
    public subscript(x: Int, y: Int) -> Cell {
        guard contains(x: x, y: y) else { return .blank }
        return cells[y * width + x]
    }

    public func contains(x: Int, y: Int) -> Bool {
        x >= 0 && y >= 0 && x < width && y < height
    }

    /// Replaces the cell at (x, y). Overwriting half of a wide grapheme blanks its other half.
    public mutating func set(x: Int, y: Int, cell: Cell) {
        guard contains(x: x, y: y) else { return }
        var cell = cell
        if CharacterWidth.of(cell.character) > 1 {
            // A wide grapheme without room for its right half becomes a space.
            if x + 1 >= width {
                cell.character = " "
            } else {
                clearWideNeighbours(x: x, y: y)
                clearWideNeighbours(x: x + 1, y: y)
                cells[y * width + x] = cell
                var continuation = cell
                continuation.character = " "
                continuation.isContinuation = true
                cells[y * width + x + 1] = continuation
                return
            }
        }
        clearWideNeighbours(x: x, y: y)
        cell.isContinuation = false
        cells[y * width + x] = cell
    }

    /// Sets the character at (x, y) keeping the cell's style, with `style` patched on top.
    public mutating func set(x: Int, y: Int, character: Character, style: Style = .plain) {
        guard contains(x: x, y: y) else { return }
        var cell = self[x, y]
        cell.character = character
        cell.style = cell.style.patched(with: style)
        set(x: x, y: y, cell: cell)
    }

    /// Patches `style` onto every cell in `area` without changing characters.
    public mutating func setStyle(_ style: Style, in area: Rect) {
        let region = area.intersection(self.area)
        for row in region.top..<region.bottom {
            for column in region.left..<region.right {
                cells[row * width + column].style = cells[row * width + column].style.patched(with: style)
            }
        }
    }

    /// Replaces every cell in `area` with `cell`.
    public mutating func fill(_ area: Rect, with cell: Cell = .blank) {
        let region = area.intersection(self.area)
        for row in region.top..<region.bottom {
            for column in region.left..<region.right {
                set(x: column, y: row, cell: cell)
            }
        }
    }

    /// Writes `text` from (x, y) rightwards in `style`, clipped to `clip` (and to the buffer).
    /// Control characters become spaces; a wide grapheme that does not fit entirely is not drawn.
    /// Returns the column after the last cell written.
    @discardableResult
    public mutating func write(_ text: String, x: Int, y: Int, style: Style = .plain, clip: Rect? = nil) -> Int {
        let bounds = (clip ?? area).intersection(area)
        guard y >= bounds.top, y < bounds.bottom else { return x }
        var column = x
        for character in text {
            var glyph = character
            var cellWidth = CharacterWidth.of(character)
            if cellWidth == 0 {
                glyph = " "
                cellWidth = 1
            }
            if column + cellWidth > bounds.right { break }
            if column >= bounds.left {
                var cell = self[column, y]
                cell.character = glyph
                cell.style = cell.style.patched(with: style)
                set(x: column, y: y, cell: cell)
            }
            column += cellWidth
        }
        return column
    }

    /// Writes `text` into `area`'s first row, aligned within it and clipped to it.
    @discardableResult
    public mutating func write(_ text: String, in area: Rect, alignment: Alignment = .left, style: Style = .plain) -> Int {
        let textWidth = CharacterWidth.of(text)
        let x: Int
        switch alignment {
        case .left: x = area.x
        case .center: x = area.x + max(0, (area.width - textWidth) / 2)
        case .right: x = area.x + max(0, area.width - textWidth)
        }
        return write(text, x: x, y: area.y, style: style, clip: area)
    }

    /// Each row as text (wide graphemes once, their continuation cells skipped).
    public func lines() -> [String] {
        (0..<height).map { row in
            var line = ""
            for column in 0..<width where !self[column, row].isContinuation {
                line.append(self[column, row].character)
            }
            return line
        }
    }

    /// Descriptions of the cells that differ from `other`, for readable test failures.
    public func differences(from other: Buffer) -> [String] {
        if width != other.width || height != other.height {
            return ["size \(width)x\(height) != \(other.width)x\(other.height)"]
        }
        var result: [String] = []
        for row in 0..<height {
            for column in 0..<width where self[column, row] != other[column, row] {
                result.append("(\(column),\(row)): \(self[column, row]) != \(other[column, row])")
            }
        }
        return result
    }

    private mutating func clearWideNeighbours(x: Int, y: Int) {
        let index = y * width + x
        let existing = cells[index]
        if existing.isContinuation, x > 0 {
            cells[index - 1].character = " "
        } else if CharacterWidth.of(existing.character) > 1, x + 1 < width, cells[index + 1].isContinuation {
            cells[index + 1].isContinuation = false
            cells[index + 1].character = " "
        }
        cells[index].isContinuation = false
    }
}

extension Buffer: CustomStringConvertible {
    /// One quoted line per row, so trailing spaces show in test output.
    public var description: String {
        "Buffer \(width)x\(height)\n" + lines().map { "\"\($0)\"" }.joined(separator: "\n")
    }
}

/// Horizontal placement of text within an area.
public enum Alignment: Hashable, Sendable {
    case left, center, right
}
