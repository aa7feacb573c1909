import Datasets
import Render

/// The decision map with the data points (2-D classification), or targets and fitted curve
/// (1-D regression such as `sine`).
struct DataPanel: Widget {
    var model: ScreenModel

    /// The part of the panel's inner area the map uses (the last line is a caption).
    static func mapArea(in inner: Rect) -> Rect {
        inner.splitBottom(1).rest
    }

    /// The class legend and the axis ranges: `● 0 ✕ 1 ▲ 2 = class; x -1.2..1.3, y -1.1..1.2`
    /// (regions show the predicted class), shortened to fit `width`.
    static func legend(_ map: DecisionMap, glyphs: Glyphs, width: Int) -> String {
        let classes = (map.points.map(\.classIndex).max() ?? -1) + 1
        let markers = (0..<classes).map { "\(glyphs.marker($0)) \($0)" }.joined(separator: " ")
        let ranges = "x \(NumberFormat.compact(map.xRange.lowerBound))..\(NumberFormat.compact(map.xRange.upperBound)), "
            + "y \(NumberFormat.compact(map.yRange.lowerBound))..\(NumberFormat.compact(map.yRange.upperBound))"
        let candidates = [
            "\(markers) = class (regions: predicted); \(ranges)",
            "\(markers) = class; \(ranges)",
            "\(markers) = class (regions: predicted)",
            "\(markers) = class",
        ]
        return candidates.first { CharacterWidth.of($0) <= width } ?? candidates.last!
    }

    func render(in area: Rect, buffer: inout Buffer, theme: Theme) {
        let configuration = model.snapshot.configuration
        let name = configuration.dataset + (configuration.features.map { " [features " + InputFeature.listDescription($0) + "]" } ?? "")
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
        case let .decisionMap(full):
            let decisionMap = full.displayed(discretized: model.discretizesOutput, showingValidation: model.showsValidationPoints)
            decisionMap.render(in: map, buffer: &buffer, theme: theme)
            Paragraph(Self.legend(decisionMap, glyphs: theme.glyphs, width: caption.width), role: .muted)
                .render(in: caption, buffer: &buffer, theme: theme)
        case let .heatMap(full, scale):
            let heatMap = full.displayed(discretized: model.discretizesOutput, showingValidation: model.showsValidationPoints)
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
