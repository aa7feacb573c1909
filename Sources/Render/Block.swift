/// A frame around other widgets, with a title in the top border and optional footer text in the
/// bottom border.
public struct Block: Widget, Sendable {
    public var title: String?
    public var footer: String?
    public var borders: Bool
    public var borderRole: Role
    public var titleRole: Role

    public init(title: String? = nil, footer: String? = nil, borders: Bool = true,
                borderRole: Role = .border, titleRole: Role = .title) {
        self.title = title
        self.footer = footer
        self.borders = borders
        self.borderRole = borderRole
        self.titleRole = titleRole
    }

    /// The area left for content: inside the border, or below the title when there is no border.
    public func inner(_ area: Rect) -> Rect {
        if borders { return area.inner(margin: 1) }
        return title == nil ? area : area.splitTop(1).rest
    }

    public func render(in area: Rect, buffer: inout Buffer, theme: Theme) {
        guard !area.isEmpty else { return }
        let glyphs = theme.glyphs
        let borderStyle = theme.style(borderRole)
        if borders && area.width >= 2 && area.height >= 2 {
            for column in area.left + 1..<area.right - 1 {
                buffer.set(x: column, y: area.top, character: glyphs.horizontal, style: borderStyle)
                buffer.set(x: column, y: area.bottom - 1, character: glyphs.horizontal, style: borderStyle)
            }
            for row in area.top + 1..<area.bottom - 1 {
                buffer.set(x: area.left, y: row, character: glyphs.vertical, style: borderStyle)
                buffer.set(x: area.right - 1, y: row, character: glyphs.vertical, style: borderStyle)
            }
            buffer.set(x: area.left, y: area.top, character: glyphs.topLeft, style: borderStyle)
            buffer.set(x: area.right - 1, y: area.top, character: glyphs.topRight, style: borderStyle)
            buffer.set(x: area.left, y: area.bottom - 1, character: glyphs.bottomLeft, style: borderStyle)
            buffer.set(x: area.right - 1, y: area.bottom - 1, character: glyphs.bottomRight, style: borderStyle)
            let inside = area.inner(horizontal: 1, vertical: 0)
            if let title, !title.isEmpty {
                buffer.write(" \(title) ", x: inside.x, y: area.top, style: theme.style(titleRole), clip: inside.splitTop(1).top)
            }
            if let footer, !footer.isEmpty, area.height >= 2 {
                let row = Rect(x: inside.x, y: area.bottom - 1, width: inside.width, height: 1)
                buffer.write(" \(footer) ", in: row, alignment: .right, style: theme.style(.muted))
            }
        } else if let title, !title.isEmpty {
            buffer.write(title, in: area.splitTop(1).top, style: theme.style(titleRole))
        }
    }
}
