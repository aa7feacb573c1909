import NeuralNetwork
import Render
import Sessions

/// Composes the whole TUI screen from a `ScreenModel`: four panels (loss, data, activation,
/// gradients), the status bar and the command/message line, plus the help overlay and the output
/// box. Pure: the same model and size always give the same buffer.
public enum Screen {
    public static let minimumWidth = 80
    public static let minimumHeight = 24

    /// Where each part of the screen goes.
    public struct Areas: Equatable, Sendable {
        public var loss: Rect
        public var data: Rect
        public var activation: Rect
        public var gradients: Rect
        public var statusBar: Rect
        public var bottomLine: Rect
        /// Everything above the status bar.
        public var panels: Rect
    }

    /// The areas for a `width`×`height` screen; nil below the minimum size.
    public static func areas(width: Int, height: Int) -> Areas? {
        guard width >= minimumWidth, height >= minimumHeight else { return nil }
        let full = Rect(x: 0, y: 0, width: width, height: height)
        let (rest, bottom) = full.splitBottom(1)
        let (panels, status) = rest.splitBottom(1)
        let halves = Layout.rows([.percent(50), .fill]).split(panels)
        let top = Layout.columns([.percent(55), .fill]).split(halves[0])
        let lower = Layout.columns([.percent(55), .fill]).split(halves[1])
        return Areas(loss: top[0], data: top[1], activation: lower[0], gradients: lower[1],
                     statusBar: status, bottomLine: bottom, panels: panels)
    }

    /// The grid the data panel draws its decision map into at this screen size (the worker
    /// samples the network at this resolution).
    public static func dataGrid(width: Int, height: Int) -> GridSize {
        guard let areas = areas(width: width, height: height) else { return GridSize(columns: 0, rows: 0) }
        return GridSize(area: DataPanel.mapArea(in: Block().inner(areas.data)))
    }

    /// Draws `model` into `buffer` (all of it).
    public static func render(model: ScreenModel, into buffer: inout Buffer, theme: Theme) {
        buffer.fill(buffer.area)
        guard let areas = areas(width: buffer.width, height: buffer.height) else {
            renderTooSmall(into: &buffer, theme: theme)
            return
        }
        if model.inside.view != .overview, let compared = model.snapshot.compared {
            // Comparing: the inspector and the network view show the selected run (key `B`).
            let run = model.inside.showsRunB ? "B" : "A"
            InsideScreen.render(model: model.inside.showsRunB ? modelOfB(model, compared) : model, run: run,
                                panels: areas.panels, buffer: &buffer, theme: theme)
            comparedStatusBar(model, compared).render(in: areas.statusBar, buffer: &buffer, theme: theme)
        } else if model.inside.view != .overview {
            InsideScreen.render(model: model, panels: areas.panels, buffer: &buffer, theme: theme)
            statusBar(model).render(in: areas.statusBar, buffer: &buffer, theme: theme)
        } else if let compared = model.snapshot.compared {
            renderCompared(model: model, compared: compared, areas: areas, buffer: &buffer, theme: theme)
            comparedStatusBar(model, compared).render(in: areas.statusBar, buffer: &buffer, theme: theme)
        } else {
            renderPanels(model: model, areas: areas, buffer: &buffer, theme: theme)
            statusBar(model).render(in: areas.statusBar, buffer: &buffer, theme: theme)
        }
        // The network view and the inspector take the whole panel area: the pane waits behind them.
        if let lesson = model.lesson, lesson.isVisible, model.mode == .live, model.inside.view == .overview {
            let page = lesson.lesson.pages[lesson.page]
            LessonPane(session: lesson).render(in: LessonPane.area(in: areas, position: page.pane), buffer: &buffer, theme: theme)
            if let drawing = page.drawing {
                LessonDrawingPanel(drawing: drawing, language: lesson.lesson.language, contributions: model.snapshot.unitContributions)
                    .render(in: LessonDrawingPanel.area(in: areas, pane: page.pane), buffer: &buffer, theme: theme)
            }
        }
        BottomLine(model: model).render(in: areas.bottomLine, buffer: &buffer, theme: theme)
        if let message = model.message, message.lines.count > 1, model.commandLine == nil {
            OutputBox(message: message).render(in: areas.panels, buffer: &buffer, theme: theme)
        }
        if let question = model.question, CharacterWidth.of(question) > areas.bottomLine.width {
            // Too long for the bottom line: the whole question, word-wrapped, in a box above it.
            OutputBox(message: .init(lines: Paragraph.wrap(question, width: max(1, areas.panels.width - 2))))
                .render(in: areas.panels, buffer: &buffer, theme: theme)
        }
        if model.showsHelp {
            HelpOverlay(isReplay: model.mode != .live, returnsToTraining: model.mode.returnsToTraining,
                        lesson: model.mode == .live ? model.lesson?.strings : nil).render(in: areas.panels, buffer: &buffer, theme: theme)
        }
    }

    /// False below the minimum size: keys are ignored while the interface cannot be seen
    /// (Ctrl-C, a signal, still quits).
    public static func acceptsKeys(width: Int, height: Int) -> Bool {
        areas(width: width, height: height) != nil
    }

    /// The four panels of a single run.
    static func renderPanels(model: ScreenModel, areas: Areas, buffer: inout Buffer, theme: Theme) {
        LossPanel(model: model).render(in: areas.loss, buffer: &buffer, theme: theme)
        DataPanel(model: model).render(in: areas.data, buffer: &buffer, theme: theme)
        if model.inside.showsDistributions {
            DistributionPanel(history: model.snapshot.history,
                              layer: DistributionPanel.layer(selected: model.inside.selection.layer, layers: model.snapshot.history.last?.layers.count ?? 1))
                .render(in: areas.activation, buffer: &buffer, theme: theme)
        } else if let landscape = model.landscape {
            LandscapePanel(state: landscape, liveEpoch: model.snapshot.epoch, isReplay: model.mode.isReplay).render(in: areas.activation, buffer: &buffer, theme: theme)
        } else {
            ActivationPanel(model: model).render(in: areas.activation, buffer: &buffer, theme: theme)
        }
        GradientPanel(model: model).render(in: areas.gradients, buffer: &buffer, theme: theme)
    }

    /// The message shown instead of the interface below the minimum size.
    public static func tooSmallText(width: Int, height: Int) -> String {
        "terminal too small: need \(minimumWidth)x\(minimumHeight)"
    }

    static func renderTooSmall(into buffer: inout Buffer, theme: Theme) {
        guard buffer.height > 0, buffer.width > 0 else { return }
        let lines = Paragraph.wrap(tooSmallText(width: buffer.width, height: buffer.height), width: buffer.width)
            + Paragraph.wrap("(now \(buffer.width)x\(buffer.height); keys wait until it is larger, Ctrl-C quits)", width: buffer.width)
        let top = max(0, (buffer.height - lines.count) / 2)
        for (index, line) in lines.enumerated() where top + index < buffer.height {
            buffer.write(line, in: Rect(x: 0, y: top + index, width: buffer.width, height: 1),
                         alignment: .center, style: theme.style(index == 0 ? .warning : .muted))
        }
    }

    /// The hidden units: `relu`, or with per-layer overrides every layer's, `tanh,relu,tanh`.
    static func activationText(_ configuration: TrainingConfiguration) -> String {
        if configuration.hidden.isEmpty { return "no hidden layer" }
        let names = configuration.hiddenUnits.map(\.name)
        guard !configuration.layerActivations.isEmpty, Set(names).count > 1 else { return configuration.activation.name }
        return names.joined(separator: ",")
    }

    /// `speed 10 epochs/s`, or at `max` while running the measured rate: `speed max (6500 epochs/s)`.
    public static func speedText(_ snapshot: Snapshot) -> String {
        var text = "speed \(snapshot.speed.description)"
        if snapshot.speed == .unlimited, snapshot.isRunning, let rate = snapshot.epochsPerSecond {
            text += " (\(NumberFormat.compact(rate.rounded())) epochs/s)"
        }
        return text
    }

    static func statusBar(_ model: ScreenModel) -> StatusBar {
        let snapshot = model.snapshot
        let configuration = snapshot.configuration
        var epochText = "epoch \(snapshot.epoch)"
        if case let .replay(position) = model.mode {
            epochText = "epoch \(snapshot.epoch) (frame \(position.frame + 1)/\(position.frameCount))"
        } else if snapshot.batchInEpoch > 0 {
            epochText += " +\(snapshot.batchInEpoch)/\(snapshot.batchesPerEpoch) batches"
        }
        // Priorities (what stays on a narrow bar): the epoch and the state first, warnings, then
        // the settings, the network's shape and the help hint last.
        let left: [StatusBar.Segment] = [
            .init(configuration.dataset, role: .title, priority: 3),
            .init(snapshot.networkShape, priority: 1),
            .init(activationText(configuration), priority: 2),
            .init("\(configuration.optimizer.kind.rawValue) lr \(NumberFormat.compact(snapshot.learningRate))", priority: 3),
            .init(epochText, role: .title, priority: 5),
        ]
        var right: [StatusBar.Segment] = []
        let stateRole: Role = switch snapshot.status {
        case .diverged: .danger
        case .stoppedEarly: .warning
        case .ready: snapshot.isRunning ? .good : .text
        }
        for warning in snapshot.history.last?.warnings ?? [] { right.append(.init(warning.shortText, role: .danger, priority: 4)) }
        right.append(.init(model.stateText, role: model.mode == .live ? stateRole : .highlight, priority: 5))
        if case let .replay(position) = model.mode {
            right.append(.init("\(NumberFormat.compact(position.speed)) frames/s", priority: 2))
        } else {
            right.append(.init(speedText(snapshot), priority: 3))
            if let size = snapshot.recordingSize {
                right.append(.init("rec \(RecordingPolicy.sizeText(size))" + (snapshot.recordingIsFull ? " full" : ""),
                                   role: snapshot.recordingIsFull ? .warning : .muted, priority: snapshot.recordingIsFull ? 4 : 1))
            }
        }
        right.append(.init(KeyHelp.statusHint, role: .muted, priority: 0))
        return StatusBar(left: left, right: right)
    }
}
