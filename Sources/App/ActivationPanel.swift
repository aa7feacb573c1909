import Activations
import NeuralNetwork
import Render

/// The hidden units' activation f(x) and its derivative f′(x), with the interval the network's
/// pre-activations spanned in the shown epoch marked, so saturation and dead zones are visible.
struct ActivationPanel: Widget {
    var model: ScreenModel

    /// The smallest and largest pre-activation of the hidden layers in the latest epoch, if known.
    static func preactivationRange(_ metrics: EpochMetrics?) -> ClosedRange<Double>? {
        guard let metrics, metrics.layers.count > 1 else { return nil }
        let hidden = metrics.layers.dropLast()
        let low = hidden.map(\.preactivationMin).filter(\.isFinite).min()
        let high = hidden.map(\.preactivationMax).filter(\.isFinite).max()
        guard let low, let high, low <= high else { return nil }
        return low...high
    }

    /// The x range plotted: -4...4 widened to include the pre-activations (at most ±100).
    static func plotRange(for preactivations: ClosedRange<Double>?) -> ClosedRange<Double> {
        guard let preactivations else { return -4...4 }
        let low = max(-100, min(-4, preactivations.lowerBound * 1.1))
        let high = min(100, max(4, preactivations.upperBound * 1.1))
        return low...high
    }

    func render(in area: Rect, buffer: inout Buffer, theme: Theme) {
        let unit = model.snapshot.configuration.activation
        let linear = model.snapshot.configuration.hidden.isEmpty
        let block = Block(title: linear ? "Activation: none (no hidden layer)" : "Activation: \(unit.description)")
        block.render(in: area, buffer: &buffer, theme: theme)
        let inner = block.inner(area)
        guard !inner.isEmpty else { return }
        let preactivations = Self.preactivationRange(model.snapshot.history.last)
        guard !linear else {
            Paragraph("No hidden layer: the network is one affine map z = W·x + b straight into the loss "
                      + "(softmax or logistic regression for classes, linear regression with MSE). "
                      + "No activation to draw; add a layer with 'set layers 8'.",
                      role: .text).render(in: inner, buffer: &buffer, theme: theme)
            return
        }
        guard case let .activation(activation) = unit else {
            Paragraph("maxout: each unit outputs the largest of \(unit.pieces) affine functions of its input; "
                      + "its gradient flows through the winning piece only."
                      + (preactivations.map { " Pre-activations this epoch: \(Self.rangeText($0))." } ?? ""),
                      role: .text).render(in: inner, buffer: &buffer, theme: theme)
            return
        }
        let properties = activation.kind.properties
        var textLines = ["f(x) = \(activation.formula)   f'(x) = \(properties.derivativeFormula)"]
        if let preactivations {
            textLines.append("z this epoch: \(Self.rangeText(preactivations)) (marked)")
        } else {
            textLines.append("z range: after the first epoch")
        }
        let distribution = model.snapshot.zDistribution
        if let distribution { textLines.append(Self.distributionText(distribution)) }
        let shownLines = inner.height >= 8 ? textLines.count : 1
        let (chartArea, textArea) = inner.splitBottom(shownLines)
        for (index, line) in textLines.prefix(shownLines).enumerated() {
            let row = Rect(x: textArea.x, y: textArea.y + index, width: textArea.width, height: 1)
            buffer.write(line, in: row, style: theme.style(index == 0 ? .text : .muted))
        }
        let range = Self.plotRange(for: preactivations)
        let samples = max(2, chartArea.width * 2 + 1)
        let xs = (0..<samples).map { range.lowerBound + Double($0) / Double(samples - 1) * (range.upperBound - range.lowerBound) }
        var series = [
            ChartSeries(label: "f", role: .series(1), points: xs.map { ChartPoint(x: $0, y: activation.value($0)) }),
            ChartSeries(label: "f'", role: .series(2), points: xs.map { ChartPoint(x: $0, y: activation.derivative($0)) }),
        ]
        if let distribution, distribution.range == range {
            let peak = max(series.flatMap(\.points).map(\.y).filter(\.isFinite).max() ?? 1, 0.25)
            series.append(Self.histogramSeries(distribution, height: peak))
        }
        let chart = LineChart(series: series, xRange: range, showsZeroLine: true, interval: preactivations, intervalMarking: .shaded)
        chart.render(in: chartArea, buffer: &buffer, theme: theme)
    }

    /// The z histogram as a step curve whose tallest bin reaches `height` (the chart's top).
    static func histogramSeries(_ distribution: ZDistribution, height: Double) -> ChartSeries {
        let largest = Double(distribution.counts.max() ?? 0)
        let width = (distribution.range.upperBound - distribution.range.lowerBound) / Double(max(distribution.counts.count, 1))
        var points: [ChartPoint] = []
        for (bin, count) in distribution.counts.enumerated() {
            let y = largest > 0 ? Double(count) / largest * height : 0
            let left = distribution.range.lowerBound + Double(bin) * width
            points.append(ChartPoint(x: left, y: y))
            points.append(ChartPoint(x: left + width, y: y))
        }
        return ChartSeries(label: "z L\(distribution.layer)", role: .series(3), points: points)
    }

    /// "z of layer 1 (histogram, 240 examples): 31% saturated, 0% dead".
    static func distributionText(_ d: ZDistribution) -> String {
        var text = "z L\(d.layer) histogram, \(d.examples) examples: \(GradientReport.percent(d.saturatedShare)) saturated, \(GradientReport.percent(d.deadShare)) dead"
        if d.outside > 0 { text += ", \(GradientReport.percent(Double(d.outside) / Double(max(d.values, 1)))) off the chart" }
        return text
    }

    static func rangeText(_ range: ClosedRange<Double>) -> String {
        "[\(NumberFormat.compact(range.lowerBound)), \(NumberFormat.compact(range.upperBound))]"
    }
}
