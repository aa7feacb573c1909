import NeuralNetwork
import Render

/// Train and validation loss per epoch (linear or log scale), and accuracy as a second chart
/// when there is room, else as a readout line.
struct LossPanel: Widget {
    var model: ScreenModel

    func render(in area: Rect, buffer: inout Buffer, theme: Theme) {
        let history = model.snapshot.history
        // The axes named in the title: loss (and accuracy) against epoch.
        let hasAccuracy = history.contains { $0.trainAccuracy != nil }
        let loss = model.logScale ? "Loss (log scale)" : "Loss"
        let block = Block(title: loss + (hasAccuracy ? " and accuracy" : "") + " by epoch", footer: "l: log scale")
        block.render(in: area, buffer: &buffer, theme: theme)
        let inner = block.inner(area)
        guard !inner.isEmpty else { return }
        let (chartArea, readoutArea) = inner.splitBottom(1)
        Paragraph(readout(history.last), role: .text).render(in: readoutArea, buffer: &buffer, theme: theme)
        guard !history.isEmpty else {
            Paragraph("no epochs yet: space trains one, r runs", role: .muted).render(in: chartArea, buffer: &buffer, theme: theme)
            return
        }
        let parts = hasAccuracy && chartArea.height >= 14
            ? Layout.rows([.percent(62), .fill]).split(chartArea)
            : [chartArea]
        lossChart(history).render(in: parts[0], buffer: &buffer, theme: theme)
        if parts.count > 1 { accuracyChart(history).render(in: parts[1], buffer: &buffer, theme: theme) }
    }

    func lossChart(_ history: [EpochMetrics]) -> LineChart {
        var series = [ChartSeries(label: "train", role: .series(1), points: history.map { ChartPoint(x: Double($0.epoch), y: $0.trainLoss) })]
        if history.contains(where: { $0.valLoss != nil }) {
            series.append(ChartSeries(label: "val", role: .series(2),
                                      points: history.map { ChartPoint(x: Double($0.epoch), y: $0.valLoss ?? .nan) }))
        }
        var chart = LineChart(series: series, xRange: xRange(history),
                              yRange: model.logScale ? nil : Self.lossRange(series.flatMap { $0.points.map(\.y) }),
                              yScale: model.logScale ? .log10 : .linear)
        chart.axisMarks = model.snapshot.axisMarks
        return chart
    }

    /// The smallest span of the loss axis as a share of the largest loss: a flat loss (1.10 to
    /// 1.15) is not stretched over the whole height as if it swung wildly.
    static let minimumRelativeSpan = 0.5

    /// The linear loss axis: the data's range, widened downwards (not below 0) to at least
    /// `minimumRelativeSpan` of the largest value; nil (fit the data) for non-positive or no data.
    static func lossRange(_ values: [Double]) -> ClosedRange<Double>? {
        let finite = values.filter(\.isFinite)
        guard let low = finite.min(), let high = finite.max(), high > 0 else { return nil }
        let span = minimumRelativeSpan * high
        guard high - low < span else { return nil }
        return max(0, min(low, high - span))...high
    }

    func accuracyChart(_ history: [EpochMetrics]) -> LineChart {
        var series = [ChartSeries(label: "train acc", role: .series(3),
                                  points: history.map { ChartPoint(x: Double($0.epoch), y: $0.trainAccuracy ?? .nan) })]
        if history.contains(where: { $0.valAccuracy != nil }) {
            series.append(ChartSeries(label: "val acc", role: .series(4),
                                      points: history.map { ChartPoint(x: Double($0.epoch), y: $0.valAccuracy ?? .nan) }))
        }
        var chart = LineChart(series: series, xRange: xRange(history), yRange: 0...1)
        chart.axisMarks = model.snapshot.axisMarks
        return chart
    }

    func xRange(_ history: [EpochMetrics]) -> ClosedRange<Double> {
        let first = Double(history.first?.epoch ?? 0)
        let last = Double(history.last?.epoch ?? 1)
        return first...max(last, first + 1)
    }

    /// "train 0.412  val 0.455  acc 83.1% / 80.0%".
    func readout(_ metrics: EpochMetrics?) -> String {
        guard let metrics else { return "loss: -" }
        var text = "train \(NumberFormat.compact(metrics.trainLoss))"
        if let val = metrics.valLoss { text += "  val \(NumberFormat.compact(val))" }
        if let accuracy = metrics.trainAccuracy {
            text += "  acc \(Self.percent(accuracy))"
            if let val = metrics.valAccuracy { text += " / \(Self.percent(val))" }
        }
        return text
    }

    static func percent(_ fraction: Double) -> String {
        guard fraction.isFinite else { return "?" }
        return NumberFormat.fixed(fraction * 100, decimals: 1) + "%"
    }
}

