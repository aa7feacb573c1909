import Commands
import NeuralNetwork
import Render

/// The screen while the network view (`n`) or the backprop inspector (`i`) is open: the view on
/// the left, the data panel top right (the selected neuron's map, or the decision map with the
/// inspected point marked), details bottom right (the neuron's weights and activity, or
/// "explain this point"). Pure: it draws what the worker put into the snapshot.
enum InsideScreen {
    /// Share of the width the left part takes.
    static let leftPercent = 60

    /// The view on the left, the data panel top right, the details bottom right.
    static func areas(panels: Rect) -> (view: Rect, data: Rect, details: Rect) {
        let columns = Layout.columns([.percent(leftPercent), .fill]).split(panels)
        let right = Layout.rows([.percent(50), .fill]).split(columns[1])
        return (columns[0], right[0], right[1])
    }

    /// `run`: while comparing, the run whose snapshot `model` holds ("A" or "B"), named in the
    /// titles (the left panel's) and marked on the right-hand panels.
    static func render(model: ScreenModel, run: String? = nil, panels: Rect, buffer: inout Buffer, theme: Theme) {
        let (view, data, details) = areas(panels: panels)
        switch model.inside.view {
        case .overview:
            return
        case .inspector:
            InspectorPanel(data: model.snapshot.inspector, scroll: model.inside.scroll, isReplay: model.mode != .live,
                           noWeightsReason: model.snapshot.noWeightsReason, run: run)
                .render(in: view, buffer: &buffer, theme: theme)
            InspectedPointMap(model: model).render(in: data, buffer: &buffer, theme: theme)
            PointPanel(data: model.snapshot.inspector).render(in: details, buffer: &buffer, theme: theme)
        case .network:
            NetworkPanel(picture: model.snapshot.network, isReplay: model.mode != .live, shape: model.snapshot.networkShape,
                         noWeightsReason: model.snapshot.noWeightsReason, run: run)
                .render(in: view, buffer: &buffer, theme: theme)
            NeuronMapPanel(picture: model.snapshot.network).render(in: data, buffer: &buffer, theme: theme)
            NeuronPanel(picture: model.snapshot.network).render(in: details, buffer: &buffer, theme: theme)
        }
        if let run {
            for area in [data, details] { Screen.markRun(run, in: area, buffer: &buffer, theme: theme) }
        }
    }

    /// "L2 #3" for a neuron (layer 0: the inputs).
    static func name(_ selection: NeuronSelection, picture: NetworkPicture) -> String {
        if selection.layer == 0 { return picture.inputNames[min(selection.unit, picture.inputNames.count - 1)] }
        let isOutput = selection.layer == picture.layers.count
        return (isOutput ? "output" : "layer \(selection.layer)") + " unit \(selection.unit + 1)"
    }

    /// A cell whose background shows a signed value: class 0's colour for positive, class 1's
    /// for negative, as strong as |value| / scale (monochrome: a shade, + or − for the sign).
    static func signedCell(_ value: Float, scale: Float, character: Character = " ", theme: Theme) -> Cell {
        let strength = Double(min(1, abs(value) / max(scale, 1e-12)))
        if theme.palette.level == .monochrome {
            let ramp = theme.glyphs.shades
            if character != " " { return Cell(character) }
            guard strength >= 0.2 else { return Cell(value >= 0 ? "+" : "-") }
            return Cell(ramp[min(ramp.count - 1, Int(strength * Double(ramp.count)))])
        }
        let colour = theme.palette.classShade(value >= 0 ? 0 : 1, confidence: strength)
        return Cell(character, style: Style(background: colour))
    }
}

/// The backprop inspector: the inspection's rows, formulas next to numbers, scrolled.
struct InspectorPanel: Widget {
    var data: InspectorData?
    var scroll: Int
    var isReplay: Bool
    /// Replay without weights for the epoch: why, with the epochs that have them.
    var noWeightsReason: String?
    /// While comparing: the run shown ("A" or "B"), named in the title.
    var run: String? = nil

    func render(in area: Rect, buffer: inout Buffer, theme: Theme) {
        guard let data else {
            let block = Block(title: "Backprop inspector" + (run.map { " of run \($0)" } ?? ""))
            block.render(in: area, buffer: &buffer, theme: theme)
            Paragraph(isReplay ? noWeightsReason ?? "no weights recorded for this epoch" : "computing…", role: .muted)
                .render(in: block.inner(area), buffer: &buffer, theme: theme)
            return
        }
        let keys = isReplay ? "Tab/S-Tab example" : "<-/-> example"
        let inner = Block().inner(area)
        guard !inner.isEmpty else { return }
        let rows = InspectionText.rows(data.inspection, epoch: data.epoch, classNames: data.classNames,
                                       matrices: inner.width >= 60)
        var lines: [(String, Role, indent: Int)] = []
        let formulaWidth = min(30, max(12, inner.width / 2 - 2))
        for row in rows {
            switch row {
            case let .heading(text):
                for piece in Paragraph.wrap(text, width: inner.width) { lines.append((piece, .title, 0)) }
            case let .text(text):
                for piece in Paragraph.wrap(text, width: inner.width - 2) { lines.append((piece, .muted, 2)) }
            case let .formula(formula, value):
                let formulaCells = CharacterWidth.of(formula)
                if 2 + max(formulaCells + 1, formulaWidth) + CharacterWidth.of(value) <= inner.width {
                    lines.append((InspectionText.line(row, formulaWidth: formulaWidth).dropFirst(2).description, .text, 2))
                } else {
                    lines.append((formula, .highlight, 2))
                    for piece in Paragraph.wrap(value, width: inner.width - 4) { lines.append((piece, .text, 4)) }
                }
            }
        }
        let first = max(0, min(scroll, lines.count - inner.height))
        var title = "Backprop" + (run.map { " of run \($0)" } ?? "") + ": example \(data.inspection.example) of \(data.trainCount)"
        if lines.count > inner.height { title += ", lines \(first + 1)-\(min(lines.count, first + inner.height))/\(lines.count)" }
        Block(title: title, footer: "\(keys), Up/Down scroll\(run == nil ? "" : ", B run"), i closes").render(in: area, buffer: &buffer, theme: theme)
        for (offset, line) in lines.dropFirst(first).prefix(inner.height).enumerated() {
            buffer.write(line.0, in: Rect(x: inner.x + line.indent, y: inner.y + offset, width: inner.width - line.indent, height: 1),
                         style: theme.style(line.1))
        }
    }
}

/// The data panel with the inspected example marked ("explain this point").
struct InspectedPointMap: Widget {
    var model: ScreenModel

    func render(in area: Rect, buffer: inout Buffer, theme: Theme) {
        DataPanel(model: model).render(in: area, buffer: &buffer, theme: theme)
        guard let data = model.snapshot.inspector, data.isPlanar, case let .decisionMap(map) = model.snapshot.dataView else { return }
        let mapArea = DataPanel.mapArea(in: Block().inner(area))
        guard !mapArea.isEmpty, data.rawFeatures.count == 2 else { return }
        let fx = (data.rawFeatures[0] - map.xRange.lowerBound) / (map.xRange.upperBound - map.xRange.lowerBound)
        let fy = (data.rawFeatures[1] - map.yRange.lowerBound) / (map.yRange.upperBound - map.yRange.lowerBound)
        guard fx.isFinite, fy.isFinite, (0...1).contains(fx), (0...1).contains(fy) else { return }
        let column = mapArea.x + min(mapArea.width - 1, Int(fx * Double(mapArea.width)))
        let row = mapArea.y + min(mapArea.height - 1, Int((1 - fy) * Double(mapArea.height)))
        let marker: Character = theme.glyphs.isUnicode ? "◉" : "@"
        buffer.set(x: column, y: row, cell: Cell(marker, style: theme.style(.highlight).patched(with: Style(attributes: [.bold, .reverse]))))
    }
}

/// "Explain this point": the example's coordinates, true class, probabilities and loss.
struct PointPanel: Widget {
    var data: InspectorData?

    func render(in area: Rect, buffer: inout Buffer, theme: Theme) {
        let block = Block(title: "This example")
        block.render(in: area, buffer: &buffer, theme: theme)
        let inner = block.inner(area)
        guard let data, !inner.isEmpty else { return }
        let i = data.inspection, n = InspectionText.number
        var lines: [String] = []
        let raw = data.rawFeatures.prefix(4).map(n).joined(separator: ", ") + (data.rawFeatures.count > 4 ? ", …" : "")
        lines.append("features (as in the data): (\(raw))")
        if let label = i.label {
            let name = label < data.classNames.count && data.classNames[label] != String(label) ? " (\(data.classNames[label]))" : ""
            lines.append("true class \(label)\(name), predicted \(i.output.predictedClass.map(String.init) ?? "?")")
        }
        if let target = i.target { lines.append("target y = " + InspectionText.vector(target, limit: 4)) }
        if let p = i.output.probabilities { lines.append("p = " + InspectionText.vector(p, limit: 5)) }
        if let y = i.output.prediction { lines.append("ŷ = " + InspectionText.vector(y, limit: 4)) }
        lines.append("loss L = \(n(i.output.lossValue))")
        lines.append(i.reading(format: InspectionText.trimmed))
        var y = inner.y
        for line in lines {
            for piece in Paragraph.wrap(line, width: inner.width) where y < inner.bottom {
                buffer.write(piece, in: Rect(x: inner.x, y: y, width: inner.width, height: 1), style: theme.style(.text))
                y += 1
            }
        }
    }
}
