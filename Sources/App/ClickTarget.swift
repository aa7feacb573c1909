import Render

/// What a mouse click lands on: a neuron of the network view, or a place on the data panel's
/// plane (which the UI turns into "explain this point" on the nearest training example).
public enum ClickTarget: Sendable, Equatable {
    case neuron(NeuronSelection)
    /// Raw data coordinates of the clicked cell's centre, and a cell's width and height in the
    /// same units.
    case planePoint(x: Double, y: Double, cellWidth: Double, cellHeight: Double)

    /// The target at cell (`x`, `y`) of a `width`×`height` screen showing `model`, found with the
    /// layouts the views draw with; nil for everything else (and while an overlay, the command
    /// line or a question covers the panels).
    public static func at(x: Int, y: Int, model: ScreenModel, width: Int, height: Int) -> ClickTarget? {
        guard let areas = Screen.areas(width: width, height: height), areas.panels.contains(x: x, y: y) else { return nil }
        if model.showsHelp || model.commandLine != nil || model.question != nil || (model.message?.lines.count ?? 0) > 1 { return nil }
        switch model.inside.view {
        case .network:
            let parts = InsideScreen.areas(panels: areas.panels)
            guard let picture = model.snapshot.network,
                  let layout = NetworkPanel.layout(picture: picture, inner: Block().inner(parts.view)) else { return nil }
            return layout.neuron(atX: x, y: y).map(ClickTarget.neuron)
        case .inspector:
            return planePoint(x: x, y: y, panel: InsideScreen.areas(panels: areas.panels).data, dataView: model.snapshot.dataView)
        case .overview:
            // Side-by-side comparison panels and a lesson's pane are not the single data panel.
            if model.snapshot.compared != nil && model.mode == .live { return nil }
            if let lesson = model.lesson, lesson.isVisible, model.mode == .live,
               LessonPane.area(in: areas, position: lesson.lesson.pages[lesson.page].pane).contains(x: x, y: y) { return nil }
            return planePoint(x: x, y: y, panel: areas.data, dataView: model.snapshot.dataView)
        }
    }

    /// The plane coordinates under cell (`x`, `y`) of the data panel drawn in `panel`, when it
    /// shows a 2-D map.
    static func planePoint(x: Int, y: Int, panel: Rect, dataView: DataView) -> ClickTarget? {
        let map = DataPanel.mapArea(in: Block().inner(panel))
        guard map.contains(x: x, y: y) else { return nil }
        let xRange: ClosedRange<Double>, yRange: ClosedRange<Double>
        switch dataView {
        case let .decisionMap(m), let .heatMap(m, _):
            xRange = m.xRange
            yRange = m.yRange
        case .regression, .unavailable:
            return nil
        }
        let fx = (Double(x - map.x) + 0.5) / Double(map.width), fy = (Double(y - map.y) + 0.5) / Double(map.height)
        let xSpan = xRange.upperBound - xRange.lowerBound, ySpan = yRange.upperBound - yRange.lowerBound
        return .planePoint(x: xRange.lowerBound + fx * xSpan, y: yRange.upperBound - fy * ySpan,
                           cellWidth: xSpan / Double(map.width), cellHeight: ySpan / Double(map.height))
    }
}
