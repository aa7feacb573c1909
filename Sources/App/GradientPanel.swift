import NeuralNetwork
import Render

/// Per-layer gradient magnitude as a heatmap over epochs (log colour scale, labelled, newest at
/// the right), the current magnitudes as bars with the dead and saturated (or, for rectifiers,
/// inactive) fractions, the first-to-output gradient ratio, and warnings in words
/// (`GradientReport`). Every layer is always shown: when rows run short the bars fold into the
/// heatmap rows (value and fractions at the end of each row), and only if even that does not fit
/// does a line say which layers are left out. Warnings wrap at word boundaries.
struct GradientPanel: Widget {
    var model: ScreenModel

    func render(in area: Rect, buffer: inout Buffer, theme: Theme) {
        let block = Block(title: "Gradients |dL/dW| per layer")
        block.render(in: area, buffer: &buffer, theme: theme)
        let inner = block.inner(area)
        guard !inner.isEmpty else { return }
        let history = model.snapshot.history
        guard let latest = history.last, !latest.layers.isEmpty else {
            Paragraph("per-layer gradient norms appear after the first epoch", role: .muted)
                .render(in: inner, buffer: &buffer, theme: theme)
            return
        }
        let layerCount = latest.layers.count
        let report = GradientReport(latest, units: model.snapshot.configuration.hiddenUnits)
        let rows = (0..<layerCount).map { layer in
            history.map { layer < $0.layers.count ? $0.layers[layer].gradNorm : .nan }
        }
        // Words first: the ratio line, then the warnings, wrapped.
        var text: [(line: String, role: Role)] = []
        if let ratio = report.ratioLine { text.append((ratio, .muted)) }
        for warning in report.warnings {
            text += Paragraph.wrap(warning, width: inner.width).map { ($0, Role.warning) }
        }
        // The words get every row the graphics can spare in their folded form (a row per layer
        // and the legend), and at least two.
        let textRows = min(text.count, max(2, inner.height - (layerCount + 1)))
        let (graphics, textArea) = inner.splitBottom(textRows)

        let separate = layerCount + 1 + layerCount <= graphics.height
        if separate {
            drawSeparate(rows: rows, latest: latest, report: report, in: graphics, buffer: &buffer, theme: theme)
        } else {
            drawFolded(rows: rows, report: report, in: graphics, buffer: &buffer, theme: theme)
        }
        for (index, entry) in text.prefix(textRows).enumerated() {
            buffer.write(entry.line, in: Rect(x: textArea.x, y: textArea.y + index, width: textArea.width, height: 1),
                         style: theme.style(entry.role))
        }
    }

    /// Heatmap, then bars with their notes, then (with room to spare) the norms over epochs.
    private func drawSeparate(rows: [[Double]], latest: EpochMetrics, report: GradientReport, in area: Rect,
                              buffer: inout Buffer, theme: Theme) {
        let layerCount = rows.count
        let (heatArea, rest) = area.splitTop(layerCount + 1)
        Heatmap(values: rows, scale: .log10).render(in: heatArea, buffer: &buffer, theme: theme)
        var barsAndNotes = Rect(x: rest.x, y: rest.y, width: rest.width, height: min(rest.height, layerCount))
        let spare = rest.height - layerCount
        if spare >= 7 {
            let chartArea = Rect(x: rest.x, y: rest.y + layerCount + 1, width: rest.width, height: spare - 1)
            let history = model.snapshot.history
            let series = rows.enumerated().map { index, values in
                ChartSeries(label: "L\(index + 1)", role: .series(index + 1),
                            points: zip(history, values).map { ChartPoint(x: Double($0.epoch), y: $1) })
            }
            LineChart(series: series, yScale: .log10).render(in: chartArea, buffer: &buffer, theme: theme)
        }
        let notes = report.layerNotes.map { note in note.split(separator: " ", maxSplits: 1).dropFirst().first.map(String.init) ?? "" }
        // Notes may take up to three fifths of the width (dead, inactive or saturated, and with L1 the zero share).
        // The bars keep room for their label, a short bar and the whole value (18 columns) first.
        let noteWidth = min(barsAndNotes.width * 3 / 5, (notes.map { CharacterWidth.of($0) }.max() ?? 0) + 1, max(0, barsAndNotes.width - 18))
        let (barsArea, noteArea) = barsAndNotes.splitRight(noteWidth)
        barsAndNotes = barsArea
        let items = latest.layers.enumerated().map { index, layer in
            Bars.Item(label: "L\(index + 1)", value: layer.gradNorm, isHighlighted: report.flaggedLayers.contains(index))
        }
        Bars(items: items, scale: .log10).render(in: barsArea, buffer: &buffer, theme: theme)
        for (index, note) in notes.prefix(noteArea.height).enumerated() {
            buffer.write(" " + note, in: Rect(x: noteArea.x, y: noteArea.y + index, width: noteArea.width, height: 1),
                         style: theme.style(report.flaggedLayers.contains(index) ? .warning : .muted))
        }
    }

    /// One row per layer: its heatmap over epochs, then its value and fractions; the legend
    /// below. Layers that still do not fit are named.
    private func drawFolded(rows: [[Double]], report: GradientReport, in area: Rect, buffer: inout Buffer, theme: Theme) {
        guard area.height >= 2 else {
            buffer.write("\(rows.count) layers: enlarge the terminal to see them", in: area, style: theme.style(.warning))
            return
        }
        var shown = min(rows.count, area.height - 1)
        if shown < rows.count { shown = max(0, area.height - 2) }
        let height = shown + 1
        Heatmap(values: Array(rows.prefix(shown)), scale: .log10, rowNotes: Array(report.layerNotes.prefix(shown)))
            .render(in: Rect(x: area.x, y: area.y, width: area.width, height: height), buffer: &buffer, theme: theme)
        if shown < rows.count {
            let hidden = shown + 1 == rows.count ? "L\(rows.count)" : "L\(shown + 1)-L\(rows.count)"
            buffer.write("\(hidden) not shown: enlarge the terminal (or :show layers)",
                         in: Rect(x: area.x, y: area.y + height, width: area.width, height: 1), style: theme.style(.warning))
        }
    }
}
