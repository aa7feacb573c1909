import Commands
import NeuralNetwork
import Render

/// The network view, Playground-style: one column per layer (inputs, hidden layers, output), each
/// neuron a small map of its output over the plane (or its value on one example when the data are
/// not 2-D), its bias in the cell beside it, and to its left a strip of its incoming weights (the
/// layer's weight matrix as a heatmap, one row per neuron: colour is the sign, strength |w|).
/// Layers and neurons that do not fit scroll with the selection, and the footer says so.
struct NetworkPanel: Widget {
    var picture: NetworkPicture?
    var isReplay: Bool
    var shape: String
    /// Replay without weights for the epoch: why, with the epochs that have them.
    var noWeightsReason: String?
    /// While comparing: the run shown ("A" or "B"), named in the title.
    var run: String? = nil

    /// Thumbnail widths in cells, largest first: the largest that fits is used (height: half the
    /// width in rows, two pixels per row, so thumbnails are square).
    static let thumbnailWidths = [8, 6, 4]
    /// Most weight cells drawn per neuron; wider fan-ins are grouped (largest |w| per group).
    static let maximumStrip = 8

    /// Where everything goes in the panel's inner area: the columns shown (layer, place, first
    /// neuron shown and how many), the thumbnail size and the notes on what scrolls or is
    /// summarised. Drawing and mouse hit-testing both use it. Nil when the area is too small.
    struct Layout: Equatable {
        struct Column: Equatable {
            var layer: Int
            var x: Int
            var width: Int
            /// The first neuron shown and how many are.
            var first: Int
            var count: Int
            /// Weight cells left of each neuron (0 for the inputs).
            var strip: Int
        }
        var body: Rect
        var footer: Rect
        var thumbnailWidth: Int
        var columns: [Column]
        var notes: [String]

        var rowsPerNeuron: Int { thumbnailWidth / 2 + 1 }

        /// The top row of neuron number `offset` of a column.
        func neuronTop(_ offset: Int) -> Int { body.y + 1 + offset * rowsPerNeuron }

        /// The neuron drawn at cell (`x`, `y`): its weight strip, marker, thumbnail or bias, and
        /// the blank row under it; nil elsewhere.
        func neuron(atX x: Int, y: Int) -> NeuronSelection? {
            guard let column = columns.first(where: { x >= $0.x && x < $0.x + $0.width }), y > body.y, y < body.bottom else { return nil }
            let offset = (y - body.y - 1) / rowsPerNeuron
            guard offset < column.count else { return nil }
            return NeuronSelection(layer: column.layer, unit: column.first + offset)
        }
    }

    /// The layout of `picture` in the panel's inner area `inner`.
    static func layout(picture: NetworkPicture, inner: Rect) -> Layout? {
        guard inner.height >= 6, inner.width >= 12 else { return nil }
        let widths = picture.layerWidths
        // The notes (what scrolls or is summarised) take up to three lines at the bottom.
        let (body, footer) = inner.splitBottom(min(3, max(1, inner.height / 6)))
        var notes: [String] = []

        // Column widths: the strip shrinks first, then layers scroll around the selection.
        func stripWidth(_ layer: Int, _ limit: Int) -> Int { layer == 0 ? 0 : min(picture.layers[layer - 1].fanIn, limit) }
        var thumbnailWidth = Self.thumbnailWidths.last!
        func columnWidth(_ layer: Int, _ limit: Int) -> Int {
            let strip = stripWidth(layer, limit)
            return (strip > 0 ? strip + 1 : 0) + 1 + thumbnailWidth + (layer == 0 ? 0 : 1)
        }
        var limit = Self.maximumStrip
        func total(_ range: Range<Int>) -> Int { range.reduce(0) { $0 + columnWidth($1, limit) + 1 } - 1 }
        let tallest = widths.max() ?? 1
        for candidate in Self.thumbnailWidths {
            thumbnailWidth = candidate
            let fitsAcross = total(0..<widths.count) <= body.width
            let fitsDown = (body.height - 1) / (candidate / 2 + 1) >= min(tallest, 6)
            if fitsAcross && fitsDown { break }
        }
        while limit > 1 && total(0..<widths.count) > body.width { limit -= 1 }
        var shown = 0..<widths.count
        if total(shown) > body.width {
            var low = picture.selected.layer, high = picture.selected.layer + 1
            while true {
                if high < widths.count, total(low..<(high + 1)) <= body.width { high += 1; continue }
                if low > 0, total((low - 1)..<high) <= body.width { low -= 1; continue }
                break
            }
            shown = low..<high
            notes.append("layers \(low)-\(high - 1) of 0-\(widths.count - 1) shown")
        }

        let rowsPerNeuron = thumbnailWidth / 2 + 1
        let visible = max(1, (body.height - 1) / rowsPerNeuron)
        var x = body.x
        var columns: [Layout.Column] = []
        for layer in shown {
            let width = columnWidth(layer, limit)
            let units = widths[layer]
            var first = 0
            if layer == picture.selected.layer, units > visible {
                first = max(0, min(picture.selected.unit - visible / 2, units - visible))
            }
            if units > visible {
                notes.append("\(label(layer, picture)) units \(first + 1)-\(first + visible) of \(units)")
            }
            if layer > 0, picture.layers[layer - 1].fanIn > limit, picture.layers[layer - 1].weights != nil {
                notes.append("\(label(layer, picture)): \(picture.layers[layer - 1].fanIn) weights in \(limit) groups (largest |w|)")
            }
            if layer > 0, picture.layers[layer - 1].weights == nil {
                notes.append("\(label(layer, picture)): weights too many to draw")
            }
            columns.append(Layout.Column(layer: layer, x: x, width: width, first: first, count: min(visible, units - first),
                                         strip: stripWidth(layer, limit)))
            x += width + 1
        }
        return Layout(body: body, footer: footer, thumbnailWidth: thumbnailWidth, columns: columns, notes: notes)
    }

    func render(in area: Rect, buffer: inout Buffer, theme: Theme) {
        let keys = isReplay ? "Up/Down neuron, Tab/S-Tab layer" : "arrows select"
        let block = Block(title: "Network " + (run.map { "of run \($0): " } ?? "") + shape, footer: "\(keys)\(run == nil ? "" : ", B run"), n closes")
        block.render(in: area, buffer: &buffer, theme: theme)
        let inner = block.inner(area)
        guard let picture else {
            Paragraph(isReplay ? noWeightsReason ?? "no weights recorded for this epoch" : "computing…", role: .muted)
                .render(in: inner, buffer: &buffer, theme: theme)
            return
        }
        guard let layout = Self.layout(picture: picture, inner: inner) else { return }
        for column in layout.columns {
            let rect = Rect(x: column.x, y: layout.body.y, width: column.width, height: layout.body.height)
            let header = "\(Self.label(column.layer, picture)) \(picture.layerWidths[column.layer])"
            buffer.write(header, in: Rect(x: rect.x, y: rect.y, width: column.width, height: 1), style: theme.style(.title))
            drawColumn(column, layout: layout, in: rect, picture: picture, buffer: &buffer, theme: theme)
        }
        let note = layout.notes.isEmpty ? "colour: + blue, − orange; b: bias; left of each neuron: its incoming weights"
            : layout.notes.joined(separator: "; ")
        Paragraph(note, role: .muted).render(in: layout.footer, buffer: &buffer, theme: theme)
    }

    static func label(_ layer: Int, _ picture: NetworkPicture) -> String {
        layer == 0 ? "in" : (layer == picture.layers.count ? "out" : "L\(layer)")
    }

    private func drawColumn(_ placed: Layout.Column, layout: Layout, in column: Rect,
                            picture: NetworkPicture, buffer: inout Buffer, theme: Theme) {
        let layer = placed.layer, first = placed.first, count = placed.count, strip = placed.strip
        let thumbnailWidth = layout.thumbnailWidth
        let layerPicture = layer > 0 ? picture.layers[layer - 1] : nil
        let weightScale = layerPicture?.weights.map { $0.reduce(Float(0)) { max($0, abs($1)) } } ?? 1
        let biasScale = layerPicture.map { $0.bias.reduce(Float(0)) { max($0, abs($1)) } } ?? 1
        let valueScale: Float = picture.exampleValues.indices.contains(layer)
            ? Float(picture.exampleValues[layer].reduce(0) { max($0, abs($1)) }) : 1
        for offset in 0..<max(0, count) {
            let unit = first + offset
            let y = layout.neuronTop(offset)
            var x = column.x
            if let layerPicture, strip > 0 {
                if let weights = layerPicture.weights {
                    for (g, value) in Self.groupedIncoming(weights, fanIn: layerPicture.fanIn, unit: unit, pieces: layerPicture.pieces,
                                                           groups: strip).enumerated() {
                        buffer.set(x: x + g, y: y, cell: InsideScreen.signedCell(value, scale: weightScale, theme: theme))
                    }
                } else {
                    buffer.write(String(repeating: "·", count: strip), x: x, y: y, style: theme.style(.muted))
                }
                x += strip + 1
            }
            let isSelected = picture.selected == NeuronSelection(layer: layer, unit: unit)
            if isSelected {
                buffer.set(x: x, y: y, cell: Cell(theme.glyphs.isUnicode ? "▶" : ">", style: theme.style(.highlight)))
            }
            x += 1
            let thumb = Rect(x: x, y: y, width: thumbnailWidth, height: thumbnailWidth / 2)
            if let thumbnails = picture.thumbnails, thumbnails.indices.contains(layer), thumbnails[layer].indices.contains(unit) {
                thumbnails[layer][unit].render(in: thumb, buffer: &buffer, theme: theme)
            } else if picture.exampleValues.indices.contains(layer), picture.exampleValues[layer].indices.contains(unit) {
                let cell = InsideScreen.signedCell(Float(picture.exampleValues[layer][unit]), scale: valueScale, theme: theme)
                for row in thumb.rows { for cx in row.x..<row.right { buffer.set(x: cx, y: row.y, cell: cell) } }
            }
            if isSelected && theme.palette.level == .monochrome {
                buffer.setStyle(Style(attributes: .reverse), in: thumb)
            }
            if let layerPicture {
                let k = layerPicture.pieces
                let bias = (0..<k).map { layerPicture.bias[unit * k + $0] }.max { abs($0) < abs($1) } ?? 0
                buffer.set(x: thumb.right, y: y, cell: InsideScreen.signedCell(bias, scale: biasScale, character: "b", theme: theme))
            }
        }
    }

    /// Unit `unit`'s incoming weights in `groups` groups, each the value of largest |w| (maxout:
    /// over its pieces too).
    static func groupedIncoming(_ weights: [Float], fanIn: Int, unit: Int, pieces: Int, groups: Int) -> [Float] {
        let width = weights.count / max(fanIn, 1)
        return (0..<groups).map { g in
            let start = g * fanIn / groups, end = max(start + 1, (g + 1) * fanIn / groups)
            var best: Float = 0
            for i in start..<min(end, fanIn) {
                for j in 0..<pieces {
                    let w = weights[i * width + unit * pieces + j]
                    if abs(w) > abs(best) { best = w }
                }
            }
            return best
        }
    }
}

/// The selected neuron's output over the plane, in the data panel's place, with the data points.
struct NeuronMapPanel: Widget {
    var picture: NetworkPicture?

    func render(in area: Rect, buffer: inout Buffer, theme: Theme) {
        guard let picture else {
            Block(title: "Neuron").render(in: area, buffer: &buffer, theme: theme)
            return
        }
        let name = InsideScreen.name(picture.selected, picture: picture)
        let block = Block(title: "Neuron \(name): its output")
        block.render(in: area, buffer: &buffer, theme: theme)
        let inner = block.inner(area)
        guard !inner.isEmpty else { return }
        if let map = picture.selectedMap {
            map.render(in: DataPanel.mapArea(in: inner), buffer: &buffer, theme: theme)
            Paragraph("blue +, orange −, max \(InspectionText.trimmed(Double(picture.selectedScale)))", role: .muted)
                .render(in: inner.splitBottom(1).bottom, buffer: &buffer, theme: theme)
        } else {
            let values = picture.exampleValues
            let value = values.indices.contains(picture.selected.layer) && values[picture.selected.layer].indices.contains(picture.selected.unit)
                ? InspectionText.number(values[picture.selected.layer][picture.selected.unit]) : "?"
            Paragraph("the data are not 2-D, so each neuron shows its value on training example \(picture.example): \(value) here",
                      role: .muted).render(in: inner, buffer: &buffer, theme: theme)
        }
    }
}

/// The selected neuron's incoming weights, bias and activity over the training examples.
struct NeuronPanel: Widget {
    var picture: NetworkPicture?

    func render(in area: Rect, buffer: inout Buffer, theme: Theme) {
        let block = Block(title: "Selected neuron")
        block.render(in: area, buffer: &buffer, theme: theme)
        let inner = block.inner(area)
        guard let picture, !inner.isEmpty else { return }
        let s = picture.selected
        let n = InspectionText.number
        var lines: [(String, Role)] = []
        if s.layer == 0 {
            lines.append(("input feature \(InsideScreen.name(s, picture: picture)): the first layer receives it standardised", .text))
        } else {
            let layer = picture.layers[s.layer - 1]
            let superscript = InspectionText.superscript(s.layer)
            lines.append(("\(InsideScreen.name(s, picture: picture)), \(layer.unit)\(layer.pieces > 1 ? " (\(layer.pieces) pieces)" : "")", .title))
            lines.append(("bias b\(superscript) = " + picture.selectedBias.map { n(Double($0)) }.joined(separator: ", "), .text))
            let from = s.layer == 1 ? "the inputs" : "layer \(s.layer - 1)"
            lines.append(("incoming weights (\(layer.fanIn) from \(from)): " + InspectionText.vector(picture.selectedIncoming.map { Double($0) }, limit: 12), .text))
            if s.layer <= picture.activity.count, picture.activity[s.layer - 1].indices.contains(s.unit) {
                let a = picture.activity[s.layer - 1][s.unit]
                let of = picture.activityExampleCount < picture.trainCount
                    ? "\(picture.activityExampleCount) of \(picture.trainCount)" : "\(picture.activityExampleCount)"
                let dead = a.deadShare >= 1 ? "dead: f′ = 0 on every one of \(of) examples" : "f′ = 0 on \(GradientReport.percent(a.deadShare)) of \(of) examples"
                lines.append((dead, a.deadShare >= 1 ? .danger : .text))
                lines.append(("saturated (|f′| < 5% of its max) on \(GradientReport.percent(a.saturatedShare))", a.saturatedShare > GradientReport.saturatedThreshold ? .warning : .text))
                lines.append(("mean activation \(n(a.meanActivation))", .text))
            } else {
                lines.append(("an output score: the loss turns the scores into probabilities", .muted))
            }
        }
        var y = inner.y
        for (line, role) in lines {
            for piece in Paragraph.wrap(line, width: inner.width) where y < inner.bottom {
                buffer.write(piece, in: Rect(x: inner.x, y: y, width: inner.width, height: 1), style: theme.style(role))
                y += 1
            }
        }
    }
}
