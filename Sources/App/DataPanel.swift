import Render

/// The decision map with the data points (2-D classification), or targets and fitted curve
/// (1-D regression such as `sine`).
struct DataPanel: Widget {
    var model: ScreenModel

    /// The part of the panel's inner area the map uses (the last line is a caption).
    static func mapArea(in inner: Rect) -> Rect {
        inner.splitBottom(1).rest
    }

    func render(in area: Rect, buffer: inout Buffer, theme: Theme) {
        let name = model.snapshot.configuration.dataset
        let title: String
        switch model.snapshot.dataView {
        case .decisionMap: title = "Data: \(name) (decision map)"
        case .regression: title = "Data: \(name) (target and fit)"
        case .heatMap: title = "Data: \(name) (output heat map)"
        case .unavailable: title = "Data: \(name)"
        }
        let block = Block(title: title)
        block.render(in: area, buffer: &buffer, theme: theme)
        let inner = block.inner(area)
        guard !inner.isEmpty else { return }
        let map = Self.mapArea(in: inner)
        let caption = inner.splitBottom(1).bottom
        switch model.snapshot.dataView {
        case let .decisionMap(decisionMap):
            decisionMap.render(in: map, buffer: &buffer, theme: theme)
            Paragraph("\(decisionMap.points.count) points, regions = predicted class", role: .muted)
                .render(in: caption, buffer: &buffer, theme: theme)
        case let .heatMap(heatMap, scale):
            heatMap.render(in: map, buffer: &buffer, theme: theme)
            Paragraph("shade: output −/+, full at ±\((scale * 100).rounded() / 100); dots: targets",
                      role: .muted).render(in: caption, buffer: &buffer, theme: theme)
        case let .regression(chart):
            chart.render(in: map, buffer: &buffer, theme: theme)
            Paragraph(Self.regressionCaption(theme), role: .muted).render(in: caption, buffer: &buffer, theme: theme)
        case let .unavailable(reason):
            Paragraph(reason, role: .muted).render(in: inner, buffer: &buffer, theme: theme)
        }
    }

    /// The regression chart's key as it is drawn: Braille dots and a line, or in ASCII the markers
    /// of its two series (the targets first, then the fit).
    static func regressionCaption(_ theme: Theme) -> String {
        theme.glyphs.isUnicode ? "dots: targets, line: the network's fit"
            : "\(theme.glyphs.marker(0)): targets, \(theme.glyphs.marker(1)): the network's fit"
    }
}
