/// How many colours the terminal can show.
public enum ColorLevel: Hashable, Sendable {
    /// 256 indexed colours.
    case c256
    /// The 8 standard ANSI colours.
    case c8
    /// No colour: attributes (bold, dim, reverse, underline) only.
    case monochrome

    /// The level for a terminal reporting `colorCount` colours (ncurses' `COLORS`).
    public init(colorCount: Int) {
        self = colorCount >= 256 ? .c256 : colorCount >= 8 ? .c8 : .monochrome
    }
}

/// What a piece of the screen means; the palette turns it into a style for the colour level.
public enum Role: Hashable, Sendable {
    /// The n-th data series of a chart, counted from 1.
    case series(Int)
    case axis
    case text
    case muted
    case warning
    case danger
    case good
    /// A position on the heat scale, 0 (cold) ... 1 (hot); clamped, NaN counts as 0.
    case heat(Double)
    /// The colour of class `i` (from 0) in classification plots.
    case classColor(Int)
    case border
    case title
    case highlight
    /// A background tint marking a band or interval; plain below 256 colours.
    case band
}

/// Maps roles to styles for one colour level. Monochrome uses attributes only.
public struct Palette: Hashable, Sendable {
    public var level: ColorLevel

    public init(level: ColorLevel) {
        self.level = level
    }

    /// The palette for an environment and the terminal's colour count: `NO_COLOR` (set and not
    /// empty) forces monochrome.
    public static func detect(environment: [String: String], colorCount: Int) -> Palette {
        if let noColor = environment["NO_COLOR"], !noColor.isEmpty {
            return Palette(level: .monochrome)
        }
        return Palette(level: ColorLevel(colorCount: colorCount))
    }

    /// The style for a role.
    public func style(_ role: Role) -> Style {
        switch level {
        case .monochrome: return monochromeStyle(role)
        case .c8: return colorStyle(role, table: Palette.table8)
        case .c256: return colorStyle(role, table: Palette.table256)
        }
    }

    /// The foreground colour of a role (`.default` in monochrome).
    public func color(_ role: Role) -> Color {
        style(role).foreground
    }

    /// A background for decision regions: the class colour faded by confidence (0 = palest,
    /// 1 = strongest), always lighter than `classColor` so data points stay visible. Below 256
    /// colours: the class colour when confidence is at least 1/3, else `.default`; in monochrome
    /// always `.default`.
    public func classShade(_ classIndex: Int, confidence: Double) -> Color {
        switch level {
        case .monochrome: return .default
        case .c8: return Palette.unit(confidence) >= 1.0 / 3 ? color(.classColor(classIndex)) : .default
        case .c256:
            let ramp = Palette.classRamps256[Palette.wrap(classIndex, Palette.classRamps256.count)]
            let step = Int((Palette.unit(confidence) * Double(ramp.count)).rounded(.down))
            return .indexed(ramp[min(ramp.count - 1, step)])
        }
    }

    // MARK: - Tables

    struct Table {
        var series: [UInt8]
        var heat: [UInt8]
        var classes: [UInt8]
        var axis: Color
        var muted: Color
        var warning: UInt8
        var danger: UInt8
        var good: UInt8
        var border: Color
        var title: Color
        var highlight: UInt8
    }

    static let table8 = Table(series: [6, 3, 2, 5, 4, 1, 7], heat: [4, 6, 2, 3, 1],
                              classes: [4, 3, 2, 5, 6, 1, 7], axis: .default, muted: .default,
                              warning: 3, danger: 1, good: 2, border: .default, title: .cyan, highlight: 3)

    static let table256 = Table(series: [39, 214, 77, 170, 226, 81, 203, 250],
                                heat: [53, 54, 55, 61, 25, 31, 37, 36, 35, 71, 107, 149, 185, 220, 226],
                                classes: [27, 202, 28, 163, 178, 30, 160, 240],
                                axis: .indexed(245), muted: .indexed(243),
                                warning: 214, danger: 196, good: 40, border: .indexed(240), title: .indexed(81),
                                highlight: 226)

    /// Pale-to-saturated ramps matching `table256.classes`.
    static let classRamps256: [[UInt8]] = [
        [195, 153, 111], [230, 223, 216], [194, 157, 114], [225, 219, 213],
        [230, 229, 228], [195, 159, 123], [224, 217, 210], [255, 253, 251],
    ]

    static let monochromeSeries: [Attributes] = [[], .bold, .underline, .dim]

    static func wrap(_ index: Int, _ count: Int) -> Int {
        ((index % count) + count) % count
    }

    static func unit(_ value: Double) -> Double {
        value.isNaN ? 0 : min(1, max(0, value))
    }

    private func colorStyle(_ role: Role, table: Table) -> Style {
        switch role {
        case .series(let n): return Style(foreground: .indexed(table.series[Palette.wrap(n - 1, table.series.count)]))
        case .axis: return Style(foreground: table.axis)
        case .text: return .plain
        case .muted: return Style(foreground: table.muted, attributes: level == .c8 ? .dim : [])
        case .warning: return Style(foreground: .indexed(table.warning), attributes: .bold)
        case .danger: return Style(foreground: .indexed(table.danger), attributes: .bold)
        case .good: return Style(foreground: .indexed(table.good))
        case .heat(let t):
            let index = Int((Palette.unit(t) * Double(table.heat.count - 1)).rounded())
            return Style(foreground: .indexed(table.heat[index]))
        case .classColor(let i): return Style(foreground: .indexed(table.classes[Palette.wrap(i, table.classes.count)]))
        case .border: return Style(foreground: table.border)
        case .title: return Style(foreground: table.title, attributes: .bold)
        case .highlight: return Style(foreground: .indexed(table.highlight), attributes: .bold)
        case .band: return level == .c256 ? Style(background: .indexed(236)) : .plain
        }
    }

    private func monochromeStyle(_ role: Role) -> Style {
        switch role {
        case .series(let n): return Style(attributes: Palette.monochromeSeries[Palette.wrap(n - 1, Palette.monochromeSeries.count)])
        case .axis, .text, .good, .heat, .classColor, .border, .band: return .plain
        case .muted: return Style(attributes: .dim)
        case .warning, .title: return Style(attributes: .bold)
        case .danger: return Style(attributes: [.bold, .underline])
        case .highlight: return Style(attributes: .reverse)
        }
    }
}
