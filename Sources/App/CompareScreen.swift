import NeuralNetwork
import Render

/// The screen while a comparison is on (`Snapshot.compared`): gradient heatmaps and decision maps
/// of A and B side by side, the loss curves overlaid in two colours with a legend (or side by
/// side, key `c`), the activation panel showing both functions when they differ, and a status
/// bar naming both runs and what differs. Pure, like `Screen`.
extension Screen {
    /// `model` with run B's snapshot in place of A's (the single-run panels then draw B).
    static func modelOfB(_ model: ScreenModel, _ compared: ComparedSnapshot) -> ScreenModel {
        var b = model
        b.snapshot = compared.b
        b.landscape = nil
        return b
    }

    /// Left and right halves of `area`.
    static func halves(_ area: Rect) -> (Rect, Rect) {
        let parts = Layout.columns([.percent(50), .fill]).split(area)
        return (parts[0], parts[1])
    }

    /// Draws `widgetA` and `widgetB` next to each other, each half marked with its run.
    static func sideBySide(_ widgetA: some Widget, _ widgetB: some Widget, in area: Rect, buffer: inout Buffer, theme: Theme) {
        let (left, right) = halves(area)
        widgetA.render(in: left, buffer: &buffer, theme: theme)
        widgetB.render(in: right, buffer: &buffer, theme: theme)
        markRun("A", in: left, buffer: &buffer, theme: theme)
        markRun("B", in: right, buffer: &buffer, theme: theme)
    }

    /// "[A]" at the right end of a panel's top border.
    static func markRun(_ run: String, in area: Rect, buffer: inout Buffer, theme: Theme) {
        guard area.width >= 8, area.height >= 1 else { return }
        _ = buffer.write("[\(run)]", x: area.x + area.width - 4, y: area.y, style: theme.style(.highlight))
    }

    static func renderCompared(model: ScreenModel, compared: ComparedSnapshot, areas: Areas, buffer: inout Buffer, theme: Theme) {
        let b = modelOfB(model, compared)
        if model.comparesSideBySide {
            sideBySide(LossPanel(model: model), LossPanel(model: b), in: areas.loss, buffer: &buffer, theme: theme)
        } else {
            ComparedLossPanel(a: model, b: b).render(in: areas.loss, buffer: &buffer, theme: theme)
        }
        sideBySide(DataPanel(model: model), DataPanel(model: b), in: areas.data, buffer: &buffer, theme: theme)
        if let landscape = model.landscape {
            LandscapePanel(state: landscape, liveEpoch: model.snapshot.epoch).render(in: areas.activation, buffer: &buffer, theme: theme)
        } else if model.snapshot.configuration.hiddenUnits != compared.b.configuration.hiddenUnits || model.comparesSideBySide {
            sideBySide(ActivationPanel(model: model), ActivationPanel(model: b), in: areas.activation, buffer: &buffer, theme: theme)
        } else {
            ActivationPanel(model: model).render(in: areas.activation, buffer: &buffer, theme: theme)
            markRun("A=B", in: Rect(x: areas.activation.x - 2, y: areas.activation.y, width: areas.activation.width, height: 1), buffer: &buffer, theme: theme)
        }
        sideBySide(GradientPanel(model: model), GradientPanel(model: b), in: areas.gradients, buffer: &buffer, theme: theme)
    }

    /// The status bar of a comparison: both runs, what differs, where B's weights came from, both epochs.
    static func comparedStatusBar(_ model: ScreenModel, _ compared: ComparedSnapshot) -> StatusBar {
        let a = model.snapshot, b = compared.b
        func epochs(_ s: Snapshot) -> String { s.batchInEpoch > 0 ? "\(s.epoch)+\(s.batchInEpoch)" : "\(s.epoch)" }
        let key = compared.differs.split(separator: " ").first.map(String.init) ?? compared.differs
        // Priorities (what stays on a narrow bar): both epochs and the state, what differs, the dataset.
        var left: [StatusBar.Segment] = [.init(a.configuration.dataset + (b.configuration.dataset == a.configuration.dataset ? "" : " | " + b.configuration.dataset),
                                               role: .title, priority: 3)]
        if compared.valueInA.isEmpty {
            left.append(.init("A and B: \(compared.differs)", role: .series(1), priority: 4))
        } else {
            left += [.init("A \(key) \(compared.valueInA)", role: .series(1), priority: 4), .init("B \(compared.differs)", role: .series(3), priority: 4)]
        }
        if compared.differences.count > 1 {
            left.append(.init("also differ: " + compared.differences.dropFirst().joined(separator: ", "), role: .warning, priority: 2))
        }
        left.append(.init(compared.startingPoint.hasPrefix("initial weights copied") ? "same initial weights" : compared.startingPoint,
                          role: compared.startingPoint.hasPrefix("initial weights copied") ? .muted : .warning, priority: 1))
        left.append(.init("epoch A \(epochs(a)) B \(epochs(b))", role: .title, priority: 5))
        var right: [StatusBar.Segment] = []
        if case let .replay(position) = model.mode {
            // Two sessions replayed side by side: the replay's state, position and speed.
            left[left.count - 1].text += " (frame \(position.frame + 1)/\(position.frameCount))"
            right.append(.init(model.stateText, role: .highlight, priority: 5))
            right.append(.init("\(NumberFormat.compact(position.speed)) frames/s", priority: 2))
            right.append(.init(KeyHelp.sideBySideHint(model), role: .muted, priority: 1))
            right.append(.init(KeyHelp.statusHint, role: .muted))
            return StatusBar(left: left, right: right)
        }
        func state(_ s: Snapshot) -> (String, Role) {
            switch s.status {
            case .diverged: ("diverged", .danger)
            case .stoppedEarly: ("stopped early", .warning)
            case .ready: s.isRunning ? ("running", .good) : ("paused", .text)
            }
        }
        let (stateA, roleA) = state(a), (stateB, roleB) = state(b)
        if stateA == stateB {
            right.append(.init(stateA, role: roleA, priority: 5))
        } else {
            right.append(.init("A \(stateA)", role: roleA, priority: 5))
            right.append(.init("B \(stateB)", role: roleB, priority: 5))
        }
        if let rate = a.epochsPerSecond, a.isRunning { right.append(.init("\(NumberFormat.compact(rate)) epochs/s", priority: 2)) }
        if let pathA = model.snapshot.recordingPath, let pathB = compared.recordingPath {
            // Both runs' files (their names; the quit question gives the paths); the first to go on a narrow bar.
            func name(_ path: String) -> String { path.split(separator: "/").last.map(String.init) ?? path }
            right.append(.init("rec \(name(pathA)), \(name(pathB))", role: .muted, priority: -1))
        }
        right.append(.init(KeyHelp.sideBySideHint(model), role: .muted, priority: 1))
        right.append(.init(KeyHelp.statusHint, role: .muted))
        return StatusBar(left: left, right: right)
    }
}

/// Both runs' losses in one chart: A in one colour, B in another, a legend naming them.
struct ComparedLossPanel: Widget {
    var a: ScreenModel
    var b: ScreenModel

    func render(in area: Rect, buffer: inout Buffer, theme: Theme) {
        let block = Block(title: "Loss A and B" + (a.logScale ? " (log scale)" : ""), footer: KeyHelp.comparedLossFooter(a))
        block.render(in: area, buffer: &buffer, theme: theme)
        let inner = block.inner(area)
        guard !inner.isEmpty else { return }
        let historyA = a.snapshot.history, historyB = b.snapshot.history
        let (chartArea, readoutArea) = inner.splitBottom(min(2, max(0, inner.height - 3)))
        let panel = LossPanel(model: a)
        let readouts = ["A " + panel.readout(historyA.last), "B " + panel.readout(historyB.last)]
        for (index, line) in readouts.prefix(readoutArea.height).enumerated() {
            _ = buffer.write(line, in: Rect(x: readoutArea.x, y: readoutArea.y + index, width: readoutArea.width, height: 1),
                             style: theme.style(.series(index == 0 ? 1 : 3)))
        }
        guard !historyA.isEmpty || !historyB.isEmpty else {
            Paragraph("no epochs yet: space trains one step of both runs, r runs them", role: .muted).render(in: chartArea, buffer: &buffer, theme: theme)
            return
        }
        func points(_ history: [EpochMetrics], _ value: (EpochMetrics) -> Double?) -> [ChartPoint] {
            history.map { ChartPoint(x: Double($0.epoch), y: value($0) ?? .nan) }
        }
        var series = [ChartSeries(label: "A train", role: .series(1), points: points(historyA) { $0.trainLoss }),
                      ChartSeries(label: "B train", role: .series(3), points: points(historyB) { $0.trainLoss })]
        if historyA.contains(where: { $0.valLoss != nil }) || historyB.contains(where: { $0.valLoss != nil }) {
            series += [ChartSeries(label: "A val", role: .series(2), points: points(historyA) { $0.valLoss }),
                       ChartSeries(label: "B val", role: .series(4), points: points(historyB) { $0.valLoss })]
        }
        let epochs = (historyA + historyB).map(\.epoch)
        let first = Double(epochs.min() ?? 0), last = Double(epochs.max() ?? 1)
        LineChart(series: series, xRange: first...max(last, first + 1), yScale: a.logScale ? .log10 : .linear)
            .render(in: chartArea, buffer: &buffer, theme: theme)
    }
}
