import Datasets

extension Trainer {
    /// The dataset as a CSV table, one row per example in dataset order: the network's input
    /// columns exactly as it is fed them (input features computed, standardised, in the trainer's
    /// precision), the target (the class index, or each regression target), and `split` (`train`
    /// or `val`, the trainer's own split). `raw`: the dataset's own inputs and targets instead
    /// (class names for classification), before any transform.
    public func dataTable(raw: Bool) -> String {
        let inputNames: [String] = raw || inputFeatures == nil
            ? (dataset.features == 1 ? ["x"] : (1...dataset.features).map { "x\($0)" })
            : inputFeatures!.map(\.rawValue)
        let targetNames: [String]
        switch dataset.task {
        case .classification: targetNames = ["target"]
        case let .regression(_, outputs): targetNames = outputs == 1 ? ["target"] : (1...outputs).map { "target\($0)" }
        }
        var out = (inputNames + targetNames + ["split"]).map(csvField).joined(separator: ",") + "\n"
        let held = Set(validationRows)
        let f = dataset.features
        for row in 0..<dataset.count {
            var fields: [String] = []
            let point = Array(dataset.inputs[(row * f)..<((row + 1) * f)])
            if raw {
                fields += point.map { "\($0)" }
            } else {
                let fed = networkInputs(points: point, count: 1)
                fields += (0..<fed.columns).map { "\(fed[0, $0])" }
            }
            switch dataset.task {
            case let .classification(labels, names):
                fields.append(raw ? csvField(names[labels[row]]) : "\(labels[row])")
            case let .regression(targets, outputs):
                for j in 0..<outputs {
                    let value = targets[row * outputs + j]
                    fields.append(raw ? "\(value)" : "\(Scalar(value))")
                }
            }
            fields.append(held.contains(row) ? "val" : "train")
            out += fields.joined(separator: ",") + "\n"
        }
        return out
    }
}

/// A CSV field, quoted when it holds a comma, a quote or a line break.
private func csvField(_ text: String) -> String {
    guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
    var quoted = "\""
    for c in text { quoted += c == "\"" ? "\"\"" : String(c) }
    return quoted + "\""
}
