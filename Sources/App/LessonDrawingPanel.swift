import LessonFigures
import Lessons
import Render

/// A lesson page's drawing (`drawing: NAME`): a chart whose numbers come from `LessonFigures`
/// (computed by the activation and network code) and a caption with the number the page is about,
/// in the lesson's language. Pure: the figures are computed once; the contributions come from the
/// snapshot.
struct LessonDrawingPanel: Widget {
    var drawing: LessonDrawing
    var language: LessonLanguage
    /// The live network taken apart (`Snapshot.unitContributions`), for `contributions`.
    var contributions: UnitContributions?

    static let tanhIdentity = TanhIdentityFigure()
    static let swishSweep = SwishSweepFigure()
    static let zigzag = ZigZagFigure()

    /// The left panel of the half the pane leaves free: the activation panel's place under a top
    /// pane, the loss panel's under a bottom one (the data panel beside it stays in view).
    static func area(in areas: Screen.Areas, pane: LessonPanePosition) -> Rect {
        pane == .top ? areas.activation : areas.loss
    }

    func render(in area: Rect, buffer: inout Buffer, theme: Theme) {
        let words = LessonDrawingWords.of(language)
        let (title, series, caption, xRange) = content(words)
        buffer.fill(area)
        let block = Block(title: title, borderRole: .highlight, titleRole: .highlight)
        block.render(in: area, buffer: &buffer, theme: theme)
        let inner = block.inner(area)
        guard !inner.isEmpty else { return }
        let lines = Paragraph.wrap(caption, width: inner.width)
        // Two caption rows under a chart; without one (nothing to draw) the sentence takes the panel.
        let shown = Array(lines.prefix(series.isEmpty ? inner.height : max(0, min(2, inner.height - 3))))
        let (chartArea, textArea) = inner.splitBottom(shown.count)
        for (index, line) in shown.enumerated() {
            let text = index == shown.count - 1 && lines.count > shown.count ? LessonPane.truncated(line, width: inner.width) : line
            buffer.write(text, in: Rect(x: textArea.x, y: textArea.y + index, width: textArea.width, height: 1), style: theme.style(.text))
        }
        guard !series.isEmpty else { return }
        LineChart(series: series, xRange: xRange, showsZeroLine: true).render(in: chartArea, buffer: &buffer, theme: theme)
    }

    /// The title, the chart's series, the caption and the x range of this drawing.
    func content(_ words: LessonDrawingWords) -> (String, [ChartSeries], String, ClosedRange<Double>?) {
        func series(_ curve: SampledCurve, label: String? = nil, role: Role) -> ChartSeries {
            ChartSeries(label: label ?? curve.label, role: role, points: zip(curve.xs, curve.ys).map { ChartPoint(x: $0, y: $1) })
        }
        switch drawing {
        case .tanhIdentity:
            let figure = Self.tanhIdentity
            return (words.tanhTitle,
                    [series(figure.logistic, role: .series(3)), series(figure.tanh, role: .series(1)), series(figure.stretchedLogistic, role: .series(2))],
                    words.tanhCaption(NumberFormat.compact(figure.largestGap)), TanhIdentityFigure.range)
        case .swishBeta:
            let figure = Self.swishSweep
            let curves = figure.curves.enumerated().map { series($0.element, role: .series($0.offset + 1)) }
            // x/2 and ReLU, the limits, are not drawn: the end curves cover them; the caption says how closely.
            return (words.swishTitle, curves,
                    words.swishCaption(NumberFormat.compact(SwishSweepFigure.betas.first ?? 0), NumberFormat.compact(figure.gapToHalfLine),
                                       NumberFormat.compact(SwishSweepFigure.betas.last ?? 0), NumberFormat.compact(figure.gapToReLU)),
                    SwishSweepFigure.range)
        case .zigzag:
            let figure = Self.zigzag
            func path(_ p: ZigZagFigure.Path, label: String, role: Role) -> ChartSeries {
                ChartSeries(label: label, role: role, points: zip(p.w1, p.w2).map { ChartPoint(x: $0, y: $1) })
            }
            let optimum = ChartSeries(label: words.optimum, role: .warning,
                                      points: [ChartPoint(x: ZigZagFigure.optimum.w1, y: ZigZagFigure.optimum.w2)], drawing: .points)
            return (words.zigzagTitle,
                    [path(figure.positive, label: words.positiveInputs, role: .series(1)),
                     path(figure.centred, label: words.centredInputs, role: .series(2)), optimum],
                    words.zigzagCaption(ZigZagFigure.steps, NumberFormat.percent(figure.positive.sameSignShare, decimals: 0),
                                        NumberFormat.percent(figure.centred.sameSignShare, decimals: 0)), nil)
        case .contributions:
            guard let contributions else { return (words.contributionsTitle(nil, ""), [], words.contributionsUnavailable, nil) }
            var all: [ChartSeries] = contributions.contributions.enumerated().map { index, ys in
                ChartSeries(label: index == 0 ? words.unitLabel : "", role: .muted, points: zip(contributions.xs, ys).map { ChartPoint(x: $0, y: $1) })
            }
            all.append(ChartSeries(label: words.sumLabel, role: .series(1), points: zip(contributions.xs, contributions.sum).map { ChartPoint(x: $0, y: $1) }))
            return (words.contributionsTitle(contributions.units, contributions.unitName), all,
                    words.contributionsCaption(NumberFormat.compact(contributions.outputBias), contributions.units,
                                               NumberFormat.compact(contributions.largestGap)),
                    (contributions.xs.first ?? 0)...(contributions.xs.last ?? 1))
        }
    }
}

/// The drawings' words per language (titles, legends, captions).
struct LessonDrawingWords {
    var tanhTitle: String
    var tanhCaption: (String) -> String
    var swishTitle: String
    /// (smallest β, its gap to x/2, largest β, its gap to ReLU)
    var swishCaption: (String, String, String, String) -> String
    var zigzagTitle: String
    var positiveInputs: String
    var centredInputs: String
    var optimum: String
    var zigzagCaption: (Int, String, String) -> String
    var contributionsTitle: (Int?, String) -> String
    var unitLabel: String
    var sumLabel: String
    var contributionsCaption: (String, Int, String) -> String
    var contributionsUnavailable: String

    static func of(_ language: LessonLanguage) -> LessonDrawingWords {
        switch language {
        case .en:
            return LessonDrawingWords(
                tanhTitle: "tanh(x) = 2σ(2x) - 1",
                tanhCaption: { "max |tanh(x) - (2σ(2x) - 1)| on [-4, 4]: \($0)" },
                swishTitle: "swish(x) = x·σ(βx)",
                swishCaption: { "β=\($0) is within \($1) of x/2, β=\($2) within \($3) of relu" },
                zigzagTitle: "Two weights of one neuron: w2 against w1",
                positiveInputs: "inputs > 0", centredInputs: "centred", optimum: "optimum",
                zigzagCaption: { "w1 and w2 moved the same way in \($1) of \($0) steps with inputs > 0, \($2) centred" },
                contributionsTitle: { units, name in units.map { "\($0) \(name) units: v_j·f(w_j·x + b_j)" } ?? "Hidden units' contributions" },
                unitLabel: "each unit", sumLabel: "sum = fit",
                contributionsCaption: { "output bias \($0) + \($1) contributions = the fit (to \($2))" },
                contributionsUnavailable: "Contributions are drawn for one hidden layer without batch norm on 1-D regression (dataset sine, set layers 4).")
        case .zh:
            return LessonDrawingWords(
                tanhTitle: "tanh(x) = 2σ(2x) - 1",
                tanhCaption: { "在 [-4, 4] 上 |tanh(x) - (2σ(2x) - 1)| 最大为 \($0)" },
                swishTitle: "swish(x) = x·σ(βx)",
                swishCaption: { "β=\($0) 与 x/2 相差不超过 \($1)，β=\($2) 与 relu 相差不超过 \($3)" },
                zigzagTitle: "一个神经元的两个权重：w2 对 w1",
                positiveInputs: "输入全正", centredInputs: "中心化", optimum: "最优点",
                zigzagCaption: { "\($0) 步中 w1、w2 同向变化的比例：输入全正 \($1)，中心化 \($2)" },
                contributionsTitle: { units, name in units.map { "\($0) 个 \(name) 单元：v_j·f(w_j·x + b_j)" } ?? "隐藏单元的贡献" },
                unitLabel: "各单元", sumLabel: "总和 = 拟合",
                contributionsCaption: { "输出偏置 \($0) + \($1) 个贡献 = 拟合（误差 \($2)）" },
                contributionsUnavailable: "贡献曲线只适用于一维回归上不带批归一化的单隐藏层网络（dataset sine，set layers 4）。")
        }
    }
}
