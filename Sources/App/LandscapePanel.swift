import Landscape
import Render

/// The landscape panel (key `L`): the loss over a plane through the current weights as banded
/// heat, the projected checkpoints and the current point, with the curvature line. It only reads
/// the landscape job's state; the job computes off the UI and training threads.
struct LandscapePanel: Widget {
    /// What `L` shows next, live and on the replay: random directions, then pca, then off.
    static func directions(after current: PlaneDirections.Kind?) -> PlaneDirections.Kind? {
        switch current {
        case nil: return .random
        case .random?: return .pca
        case .pca?: return nil
        }
    }

    var state: LandscapeJob.State
    /// The epoch on screen (live: training's; replay: the frame's), to say when the picture is of
    /// an older one.
    var liveEpoch: Int
    /// On the replay the picture is of the checkpoint at or before the frame shown.
    var isReplay = false

    func render(in area: Rect, buffer: inout Buffer, theme: Theme) {
        var shown: LandscapeOutcome?
        var status: String?
        var isError = false
        switch state {
        case .idle:
            status = "press L to compute the landscape"
        case let .computing(epoch, directions, stage, done, total, previous):
            shown = previous
            status = "computing the \(directions.rawValue) landscape at epoch \(epoch): \(stage) \(done)/\(total) (L: next view)"
        case let .finished(outcome):
            shown = outcome
        case let .failed(message):
            status = message
            isError = true
        }
        let title = shown.map { "Landscape: \($0.directions.rawValue) directions, epoch \($0.epoch)" } ?? "Landscape"
        let block = Block(title: title, footer: "L: random / pca / off")
        block.render(in: area, buffer: &buffer, theme: theme)
        let inner = block.inner(area)
        guard !inner.isEmpty else { return }
        var lines: [(String, Role)] = []
        if let shown {
            let middle = shown.grid.points / 2
            var summary = "loss here \(NumberFormat.readable(shown.grid.loss[middle][middle])), grid \(shown.grid.points)x\(shown.grid.points)"
            if let ev = shown.explainedVariance {
                summary += ", pca explains \(NumberFormat.readable(100 * ev[0], significantDigits: 3))% + \(NumberFormat.readable(100 * ev[1], significantDigits: 3))%"
            }
            lines.append((summary, .text))
            if let c = shown.curvature {
                lines.append(("curvature: λmax \(NumberFormat.readable(c.largest[0])), λmin \(NumberFormat.readable(c.smallest[0])): \(c.verdict.rawValue) (tol \(NumberFormat.readable(c.tolerance, significantDigits: 2)))", .text))
            }
            for note in shown.notes { lines.append((note, .muted)) }
            if status == nil, shown.epoch != liveEpoch {
                lines.append((isReplay ? "weights of epoch \(shown.epoch), the last checkpoint at or before epoch \(liveEpoch)"
                                       : "training has moved on to epoch \(liveEpoch)", .muted))
            }
        }
        if let status { lines.append((status, isError ? .danger : .warning)) }
        let textRows = min(lines.count, max(0, inner.height - 3))
        let (mapArea, text) = inner.splitBottom(textRows)
        if let shown {
            LandscapeMap(loss: shown.grid.loss, span: shown.grid.span, path: shown.path).render(in: mapArea, buffer: &buffer, theme: theme)
        }
        for (row, line) in lines.suffix(textRows).enumerated() {
            Paragraph(line.0, role: line.1).render(in: Rect(x: text.x, y: text.y + row, width: text.width, height: 1), buffer: &buffer, theme: theme)
        }
        if shown == nil, textRows == 0, let status {
            Paragraph(status, role: isError ? .danger : .warning).render(in: inner, buffer: &buffer, theme: theme)
        }
    }
}
