/// What widgets need to know about the terminal: its colours and its characters.
public struct Theme: Hashable, Sendable {
    public var palette: Palette
    public var glyphs: Glyphs

    public init(palette: Palette, glyphs: Glyphs) {
        self.palette = palette
        self.glyphs = glyphs
    }

    /// 256 colours and Unicode glyphs.
    public static let rich = Theme(palette: Palette(level: .c256), glyphs: .unicode)
    /// No colour and ASCII glyphs: works everywhere.
    public static let plain = Theme(palette: Palette(level: .monochrome), glyphs: .ascii)

    /// The theme for an environment and the terminal's colour count.
    public static func detect(environment: [String: String], colorCount: Int) -> Theme {
        Theme(palette: .detect(environment: environment, colorCount: colorCount),
              glyphs: .detect(environment: environment))
    }

    /// Shorthand for `palette.style(role)`.
    public func style(_ role: Role) -> Style {
        palette.style(role)
    }
}

/// Something that draws itself into an area of a buffer. Widgets never draw outside `area` and
/// accept any area, including empty ones.
public protocol Widget {
    func render(in area: Rect, buffer: inout Buffer, theme: Theme)
}
