import NeuralNetwork

/// Sessions as CSV, one row per epoch, ready for pandas:
/// `epoch,train_loss,val_loss,train_accuracy,val_accuracy,learning_rate`, then
/// `grad_norm_L,weight_norm_L,dead_fraction_L,saturated_fraction_L` for each layer L = 1, 2, …
/// (as many layers as the widest network of the session). Missing or non-finite values are empty
/// cells. When the session has more than one generation (a reset, a structural change, a resume),
/// a last column `generation` tells the repeated epoch numbers apart.
public enum SessionExport {
    public static func header(layers: Int, withGeneration: Bool) -> String {
        var columns = ["epoch", "train_loss", "val_loss", "train_accuracy", "val_accuracy", "learning_rate"]
        for l in stride(from: 1, through: layers, by: 1) {
            columns += ["grad_norm_\(l)", "weight_norm_\(l)", "dead_fraction_\(l)", "saturated_fraction_\(l)"]
        }
        if withGeneration { columns.append("generation") }
        return columns.joined(separator: ",")
    }

    static func cell(_ x: Double?) -> String {
        guard let x, x.isFinite else { return "" }
        return x.description
    }

    public static func row(_ e: SessionEpoch, layers: Int, withGeneration: Bool) -> String {
        let m = e.metrics
        var cells = [String(m.epoch), cell(m.trainLoss), cell(m.valLoss), cell(m.trainAccuracy), cell(m.valAccuracy), cell(m.learningRate)]
        for l in 0..<layers {
            if l < m.layers.count {
                let d = m.layers[l]
                cells += [cell(d.gradNorm), cell(d.weightNorm), cell(d.deadFraction), cell(d.saturatedFraction)]
            } else {
                cells += ["", "", "", ""]
            }
        }
        if withGeneration { cells.append(String(e.generation)) }
        return cells.joined(separator: ",")
    }

    /// The whole CSV (header line, one line per epoch, each ending in a line end).
    public static func csv(_ contents: SessionContents) -> String {
        let layers = contents.epochs.map(\.metrics.layers.count).max() ?? 0
        let withGeneration = Set(contents.epochs.map(\.generation)).count > 1
        var out = header(layers: layers, withGeneration: withGeneration) + "\n"
        for e in contents.epochs { out += row(e, layers: layers, withGeneration: withGeneration) + "\n" }
        return out
    }

    /// Streams the CSV of the file at `path` to `write` in two passes over the file (one to size the
    /// columns, one to write rows), holding one epoch at a time. Returns the problems met reading it.
    public static func writeCSV(path: String, to write: (String) throws -> Void) throws -> [SessionProblem] {
        var layers = 0
        var generations = Set<Int>()
        var problems: [SessionProblem] = []
        try SessionReader.stream(path: path) { item in
            switch item {
            case let .record(.epoch(e), _, _):
                layers = max(layers, e.metrics.layers.count)
                if generations.count < 2 { generations.insert(e.generation) }
            case let .problem(p): problems.append(p)
            default: break
            }
        }
        let withGeneration = generations.count > 1
        try write(header(layers: layers, withGeneration: withGeneration) + "\n")
        var chunk = ""
        try SessionReader.stream(path: path) { item in
            if case let .record(.epoch(e), _, _) = item {
                chunk += row(e, layers: layers, withGeneration: withGeneration) + "\n"
                if chunk.utf8.count > 1 << 16 { try write(chunk); chunk = "" }
            }
        }
        try write(chunk)
        return problems
    }
}
