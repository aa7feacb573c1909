/// The characters widgets draw with: a Unicode set and an ASCII fallback.
public struct Glyphs: Hashable, Sendable {
    /// True for the Unicode set (Braille, blocks, box drawing).
    public var isUnicode: Bool
    public var horizontal: Character
    public var vertical: Character
    public var topLeft: Character
    public var topRight: Character
    public var bottomLeft: Character
    public var bottomRight: Character
    /// The corner where a chart's axes meet.
    public var axisCorner: Character
    /// A tick on the x axis.
    public var axisTick: Character
    /// A tick on the y axis.
    public var axisTickLeft: Character
    /// Dashed lines for zero lines and interval edges.
    public var dashedHorizontal: Character
    public var dashedVertical: Character
    public var upperHalf: Character
    public var lowerHalf: Character
    public var fullBlock: Character
    /// Horizontal bar parts from 1/8 to 8/8 of a cell.
    public var horizontalEighths: [Character]
    /// Vertical bar parts from 1/8 to 8/8 of a cell.
    public var verticalEighths: [Character]
    /// Shades from light to dark (excluding empty).
    public var shades: [Character]
    /// Plot symbols for series in ASCII charts and for data points of distinct classes.
    public var markers: [Character]
    /// The data-point symbol used when colour tells classes apart.
    public var point: Character
    /// The symbol for a missing (NaN) value.
    public var missing: Character
    public var ellipsis: Character

    /// Unicode: Braille, half and eighth blocks, box drawing.
    public static let unicode = Glyphs(
        isUnicode: true, horizontal: "─", vertical: "│", topLeft: "┌", topRight: "┐", bottomLeft: "└",
        bottomRight: "┘", axisCorner: "└", axisTick: "┬", axisTickLeft: "┤", dashedHorizontal: "┈", dashedVertical: "┊",
        upperHalf: "▀", lowerHalf: "▄", fullBlock: "█",
        horizontalEighths: ["▏", "▎", "▍", "▌", "▋", "▊", "▉", "█"],
        verticalEighths: ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"],
        shades: ["░", "▒", "▓", "█"], markers: ["●", "✕", "▲", "■", "◆", "+", "○", "□"], point: "●",
        missing: "?", ellipsis: "…")

    /// Plain ASCII for terminals without a UTF-8 locale.
    public static let ascii = Glyphs(
        isUnicode: false, horizontal: "-", vertical: "|", topLeft: "+", topRight: "+", bottomLeft: "+",
        bottomRight: "+", axisCorner: "+", axisTick: "+", axisTickLeft: "+", dashedHorizontal: "-", dashedVertical: ":",
        upperHalf: "\"", lowerHalf: ",", fullBlock: "#",
        horizontalEighths: [" ", " ", "-", "-", "=", "=", "#", "#"],
        verticalEighths: ["_", "_", ".", "-", "-", "=", "*", "#"],
        shades: [".", ":", "+", "#"], markers: ["*", "x", "o", "+", "#", "@", "%", "&"], point: "o",
        missing: "?", ellipsis: "~")

    /// Unicode when the locale (`LC_ALL`, else `LC_CTYPE`, else `LANG`) names UTF-8; ASCII otherwise.
    public static func detect(environment: [String: String]) -> Glyphs {
        let locale = ["LC_ALL", "LC_CTYPE", "LANG"].lazy.compactMap { environment[$0] }.first { !$0.isEmpty } ?? ""
        let upper = locale.uppercased()
        return upper.contains("UTF-8") || upper.contains("UTF8") ? .unicode : .ascii
    }

    /// The marker for series or class `index` (0-based), cycling.
    public func marker(_ index: Int) -> Character {
        markers[((index % markers.count) + markers.count) % markers.count]
    }
}
