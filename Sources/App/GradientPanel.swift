import NeuralNetwork
import Render

/// Per-layer gradient magnitude as a heatmap over epochs (log colour scale, newest at the right),
/// the current magnitudes as bars with the dead and saturated fractions, and one-line warnings
/// for layers past the thresholds.
struct GradientPanel: Widget {
    var model: ScreenModel

    /// A hidden layer is flagged when more than this share of its units is dead...
    static let deadThreshold = 0.5
    /// ...or more than this share of its (unit, example) pairs is saturated (one-sided functions
    /// such as ReLU sit near 50% when healthy, hence the higher bar).
    static let saturatedThreshold = 0.75

    static func isFlagged(_ layer: LayerDiagnostics) -> Bool {
        layer.deadFraction > deadThreshold || layer.saturatedFraction > saturatedThreshold
    }

    /// "layer 2: 63% of ReLUs dead" lines for the hidden layers past the threshold.
    static func warnings(_ metrics: EpochMetrics?, unitName: String) -> [String] {
        guard let metrics else { return [] }
        var lines: [String] = []
        let units = unitName == "relu" ? "ReLUs" : "\(unitName) units"
        for (index, layer) in metrics.layers.dropLast().enumerated() {
            if layer.deadFraction > deadThreshold {
                lines.append("layer \(index + 1): \(percent(layer.deadFraction)) of \(units) dead (f' = 0 on every example)")
            }
            if layer.saturatedFraction > saturatedThreshold {
                lines.append("layer \(index + 1): \(percent(layer.saturatedFraction)) of \(units) saturated (f' < 5% of its max)")
            }
        }
        return lines
    }

    static func percent(_ fraction: Double) -> String {
        fraction.isFinite ? "\(Int((fraction * 100).rounded()))%" : "?"
    }

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
        let warnings = Self.warnings(latest, unitName: model.snapshot.configuration.activation.name)
        let heatmapHeight = min(layerCount + 1, max(2, inner.height - layerCount - min(warnings.count, 2)))
        let (heatArea, rest) = inner.splitTop(heatmapHeight)
        let rows = (0..<layerCount).map { layer in
            history.map { layer < $0.layers.count ? $0.layers[layer].gradNorm : .nan }
        }
        Heatmap(values: rows, scale: .log10).render(in: heatArea, buffer: &buffer, theme: theme)

        let warningRows = min(warnings.count, max(0, rest.height - layerCount))
        var (barsAndFractions, warningArea) = rest.splitBottom(warningRows)
        // Room to spare (larger terminals): the per-layer norms over epochs as a log-scale chart.
        let spare = barsAndFractions.height - layerCount
        if spare >= 7 {
            let split = barsAndFractions.splitTop(layerCount + 1)
            barsAndFractions = Rect(x: split.top.x, y: split.top.y, width: split.top.width, height: layerCount)
            let series = rows.enumerated().map { index, values in
                ChartSeries(label: "L\(index + 1)", role: .series(index + 1),
                            points: zip(history, values).map { ChartPoint(x: Double($0.epoch), y: $1) })
            }
            LineChart(series: series, yScale: .log10).render(in: split.rest, buffer: &buffer, theme: theme)
        }
        let showsZeros = latest.layers.contains { $0.zeroWeightFraction != nil }  // L1 on
        let fractionWidth = showsZeros ? min(barsAndFractions.width * 3 / 5, 30) : min(barsAndFractions.width / 2, 20)
        let (barsArea, fractionArea) = barsAndFractions.splitRight(fractionWidth)
        let items = latest.layers.enumerated().map { index, layer in
            Bars.Item(label: "L\(index + 1)", value: layer.gradNorm,
                      isHighlighted: index < layerCount - 1 && Self.isFlagged(layer))
        }
        Bars(items: items, scale: .log10).render(in: barsArea, buffer: &buffer, theme: theme)
        for (index, layer) in latest.layers.prefix(fractionArea.height).enumerated() {
            let isHidden = index < layerCount - 1
            var text = isHidden ? " dead \(Self.percent(layer.deadFraction)) sat \(Self.percent(layer.saturatedFraction))" : " (output)"
            if let zeros = layer.zeroWeightFraction { text += " zero \(Self.percent(zeros))" }
            buffer.write(text, in: Rect(x: fractionArea.x, y: fractionArea.y + index, width: fractionArea.width, height: 1),
                         style: theme.style(isHidden && Self.isFlagged(layer) ? .warning : .muted))
        }
        for (index, line) in warnings.prefix(warningRows).enumerated() {
            buffer.write(line, in: Rect(x: warningArea.x, y: warningArea.y + index, width: warningArea.width, height: 1),
                         style: theme.style(.warning))
        }
    }
}
