import Commands
import NeuralNetwork
import Render

/// How one layer's z, a and ∂L/∂W are distributed, epoch after epoch (TensorBoard's
/// "distributions"): three charts, time to the right, each column one epoch's percentile bands
/// (`LayerDistributions.levels`): ░ the whole range, ▒ 10-90%, ▓ the middle half, █ the median.
/// Shown in the activation panel's place while `D` is on; the layer is the one selected in the
/// network view. Pure: it draws the epochs' recorded percentiles.
struct DistributionPanel: Widget {
    var history: [EpochMetrics]
    /// The layer drawn, from 1 (the output layer is the last).
    var layer: Int

    /// The layer to draw for a view selection (layer 0, the inputs, has no distributions).
    static func layer(selected: Int, layers: Int) -> Int {
        max(1, min(selected, max(1, layers)))
    }

    /// The epochs with percentiles for `layer`, at most `columns` of them, spread evenly over
    /// `history` (the first and the latest always among them).
    static func columns(_ history: [EpochMetrics], layer: Int, columns: Int) -> [(epoch: Int, distributions: LayerDistributions)] {
        let all = history.compactMap { m -> (epoch: Int, distributions: LayerDistributions)? in
            guard m.layers.indices.contains(layer - 1), let d = m.layers[layer - 1].distributions, !d.z.isEmpty else { return nil }
            return (m.epoch, d)
        }
        guard all.count > columns, columns > 1 else { return columns >= 1 ? Array(all.suffix(max(columns, 1))) : [] }
        return (0..<columns).map { all[$0 * (all.count - 1) / (columns - 1)] }
    }

    /// The glyph of a cell covering values `low...high` for one epoch's percentiles `p` (at the
    /// seven levels): the innermost band it touches.
    static func cell(low: Double, high: Double, _ p: [Double], shades: [Character]) -> Character? {
        func touches(_ a: Double, _ b: Double) -> Bool { a <= high && b >= low }
        if p[3] >= low && p[3] <= high { return shades[3] }
        if touches(p[2], p[4]) { return shades[2] }
        if touches(p[1], p[5]) { return shades[1] }
        if touches(p[0], p[6]) { return shades[0] }
        return nil
    }

    func render(in area: Rect, buffer: inout Buffer, theme: Theme) {
        let count = history.last?.layers.count ?? 0
        let name = layer == count ? "output layer \(layer)" : "layer \(layer)"
        let block = Block(title: "Distributions over epochs: \(name)", footer: "D closes")
        block.render(in: area, buffer: &buffer, theme: theme)
        let inner = block.inner(area)
        guard inner.height >= 4, inner.width >= 12 else { return }
        let (charts, caption) = inner.splitBottom(1)
        let shown = Self.columns(history, layer: layer, columns: inner.width)
        guard let first = shown.first, let last = shown.last else {
            Paragraph(history.isEmpty ? "no epochs yet: train one (space)"
                      : "no percentiles recorded for this layer (sessions recorded before nnscope had them, or a diverged epoch)",
                      role: .muted).render(in: inner, buffer: &buffer, theme: theme)
            return
        }
        // Three charts share the rows; the first ones get the spare rows.
        func rowsOf(_ index: Int) -> Int { charts.height / 3 + (index < charts.height % 3 ? 1 : 0) }
        let quantities: [(String, KeyPath<LayerDistributions, [Double]>)] = [
            ("z", \.z), ("a", \.a), (theme.glyphs.isUnicode ? "∂L/∂W" : "dL/dW", \.gradient),
        ]
        // Each chart's value range, as its top and bottom rows are labelled.
        let ranges = quantities.map { _, path -> ClosedRange<Double>? in
            let finite = shown.flatMap { $0.distributions[keyPath: path] }.filter(\.isFinite)
            guard let low = finite.min(), let high = finite.max() else { return nil }
            if high > low { return low...high }
            let pad = max(abs(low) * 0.1, 1e-6)
            return (low - pad)...(high + pad)
        }
        let gutter = min(inner.width / 3, zip(quantities, ranges).reduce(0) { widest, entry in
            guard let range = entry.1 else { return widest }
            return max(widest, CharacterWidth.of(entry.0.0) + 1 + CharacterWidth.of(InspectionText.number(range.upperBound)),
                       CharacterWidth.of(InspectionText.number(range.lowerBound))) + 1
        })
        let columns = Self.columns(history, layer: layer, columns: inner.width - gutter)
        let shades = theme.glyphs.shades
        let style = theme.style(.series(1))
        for (index, ((label, path), range)) in zip(quantities, ranges).enumerated() {
            let rows = rowsOf(index)
            let top = charts.y + (0..<index).reduce(0) { $0 + rowsOf($1) }
            guard let range, rows > 0 else { continue }
            let labelArea = Rect(x: inner.x, y: top, width: gutter - 1, height: 1)
            buffer.write(label, in: labelArea, style: theme.style(.title))
            if rows >= 2 {
                buffer.write(InspectionText.number(range.upperBound), in: labelArea, alignment: .right, style: theme.style(.muted))
                buffer.write(InspectionText.number(range.lowerBound), in: Rect(x: inner.x, y: top + rows - 1, width: gutter - 1, height: 1),
                             alignment: .right, style: theme.style(.muted))
            }
            let step = (range.upperBound - range.lowerBound) / Double(rows)
            for (column, entry) in columns.enumerated() {
                let p = entry.distributions[keyPath: path]
                guard p.count == LayerDistributions.levels.count else { continue }
                for row in 0..<rows {
                    let cellHigh = range.upperBound - Double(row) * step, cellLow = range.upperBound - Double(row + 1) * step
                    guard let glyph = Self.cell(low: cellLow, high: cellHigh, p, shades: shades) else { continue }
                    buffer.set(x: inner.x + gutter + column, y: top + row, cell: Cell(glyph, style: style))
                }
            }
        }
        let epochs = first.epoch == last.epoch ? "epoch \(first.epoch)" : "epochs \(first.epoch)-\(last.epoch)"
        let bands = "\(shades[0]) all \(shades[1]) 10-90% \(shades[2]) 25-75% \(shades[3]) median"
        let candidates = [
            "a = f(z); \(bands); \(epochs); each epoch's last batch",
            "\(bands); \(epochs); last batch",
            "\(bands); \(epochs)",
            "\(shades[0])\(shades[1])\(shades[2])\(shades[3]) 0-100 10-90 25-75 50%; \(epochs)",
        ]
        let key = candidates.first { CharacterWidth.of($0) <= caption.width } ?? candidates.last!
        Paragraph(key, role: .muted).render(in: caption, buffer: &buffer, theme: theme)
    }
}
