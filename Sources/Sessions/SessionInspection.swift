import JSON
import NeuralNetwork

/// `nnscope inspect SESSION --example N [--epoch E]`: the backprop inspector on a recorded
/// checkpoint. The checkpoint is the newest one in the file at or before epoch E (file order: after a
/// reset or resume the later network wins; without E, the last); the network is rebuilt with the
/// settings in force when it was written (the header changed by the events before it), and the
/// training split and standardisation come from those settings exactly as the run had them.
public struct SessionInspection: Sendable {
    /// The checkpoint inspected.
    public var position: SessionPosition
    public var configuration: TrainingConfiguration
    public var inspection: Inspection
    /// The example's raw features, as the dataset holds them (before standardisation).
    public var rawFeatures: [Double]
    /// The dataset's class names (empty for regression).
    public var classNames: [String]

    /// Reads `path` and inspects training example `example` (0-based) at the chosen checkpoint.
    /// Every bad input (a missing file, no checkpoints, an epoch before the first checkpoint, an
    /// example out of range) throws a `SessionError` naming the valid range; nothing is written.
    public static func inspect(path: String, example: Int, epoch: Int?) throws -> SessionInspection {
        var configuration = TrainingConfiguration()
        var chosen: (checkpoint: SessionCheckpoint, configuration: TrainingConfiguration)?
        var checkpointEpochs: [Int] = []
        _ = try SessionReader.stream(path: path) { item in
            guard case let .record(record, _, _) = item else { return }
            switch record {
            case let .header(header):
                configuration = header.configuration
            case let .event(event):
                try? event.apply(to: &configuration)
            case let .checkpoint(checkpoint):
                checkpointEpochs.append(checkpoint.position.epoch)
                if epoch.map({ checkpoint.position.epoch <= $0 }) ?? true { chosen = (checkpoint, configuration) }
            default:
                break
            }
        }
        guard let first = checkpointEpochs.min(), let last = checkpointEpochs.max() else {
            throw SessionError("\(path) has no checkpoints, so there are no weights to inspect (`nnscope train --record` writes one after the last epoch)")
        }
        guard let chosen else {
            throw SessionError("--epoch \(epoch ?? 0) is before the first checkpoint (epoch \(first)): \(path) has checkpoints at epochs \(describe(checkpointEpochs)); choose --epoch \(first) or later (up to \(last) is the last checkpoint)")
        }
        let trainer: Trainer<Float>
        do {
            trainer = try Trainer<Float>(configuration: chosen.configuration)
            try trainer.restore(network: chosen.checkpoint.network)
        } catch {
            throw SessionError("\(path): cannot rebuild the network of the checkpoint at \(chosen.checkpoint.position): \(error)")
        }
        guard (0..<trainer.trainCount).contains(example) else {
            throw SessionError("--example \(example) is out of range: the training split of \(chosen.configuration.dataset) has \(trainer.trainCount) examples, 0 to \(trainer.trainCount - 1)")
        }
        let inspection = try trainer.inspect(example: example)
        return SessionInspection(position: chosen.checkpoint.position, configuration: chosen.configuration,
                                 inspection: inspection, rawFeatures: trainer.rawTrainingFeatures(example: example),
                                 classNames: trainer.dataset.classNames)
    }

    /// "5, 10 and 40", or "5 … 40 (12 checkpoints)" for many.
    static func describe(_ epochs: [Int]) -> String {
        let unique = Array(Set(epochs)).sorted()
        if unique.count > 6 { return "\(unique.first!) to \(unique.last!) (\(epochs.count) checkpoints)" }
        if unique.count == 1 { return "\(unique[0])" }
        return unique.dropLast().map(String.init).joined(separator: ", ") + " and \(unique.last!)"
    }

    /// The `--json` object: `epoch`, `example`, `input`, `target`, `layers` (per layer `z`, `a`,
    /// `fprime`, `delta`, `grad_w` row-major and its `shape` [fan_in, units], `grad_b`), `output`
    /// (`scores`, `probabilities` or `prediction`, `loss`). Numbers are the float32 values in their
    /// shortest round-tripping form.
    public var json: JSONValue {
        let i = inspection
        func numbers(_ values: [Double]) -> JSONValue { .array(values.map(SessionInspection.float32)) }
        let target: JSONValue = i.target.map(numbers) ?? i.label.map { .int($0) } ?? .null
        let layers: [JSONValue] = i.layers.map { layer in
            var pairs: [(String, JSONValue)] = [
                ("layer", .int(layer.number)),
                ("unit", .string(layer.isOutput ? "identity" : layer.unit.spec)),
                ("z", numbers(layer.z)), ("a", numbers(layer.a)), ("fprime", numbers(layer.fprime)),
                ("delta", numbers(layer.delta)),
                ("grad_w", numbers(layer.gradWeights)),
                ("shape", .array([.int(layer.fanIn), .int(layer.width)])),
                ("grad_b", numbers(layer.gradBias)),
                ("mean_abs_fprime", SessionInspection.float32(layer.meanAbsFPrime)),
                ("delta_ratio", i.deltaRatio(layer: layer.number - 1).map { .number($0) } ?? .null),
            ]
            if let winners = layer.winningPiece { pairs.append(("winning_piece", .array(winners.map { .int($0) }))) }
            return .object(pairs)
        }
        var output: [(String, JSONValue)] = [("scores", numbers(i.output.scores))]
        if let e = i.output.exponentials { output.append(("exponentials", numbers(e))) }
        if let p = i.output.probabilities { output.append(("probabilities", numbers(p))) }
        if let p = i.output.prediction { output.append(("prediction", numbers(p))) }
        output.append(("loss", SessionInspection.float32(i.output.lossValue)))
        output.append((i.output.loss == .meanSquaredError ? "residual" : "p_minus_y", numbers(i.output.gradient)))
        if let c = i.output.predictedClass { output.append(("predicted_class", .int(c))) }
        return .object([
            ("epoch", .int(position.epoch)), ("example", .int(i.example)),
            ("input", numbers(i.input)), ("target", target),
            ("layers", .array(layers)), ("output", .object(output)),
        ])
    }

    /// A float32 value as JSON in its own shortest form (0.1, not 0.10000000149011612).
    static func float32(_ x: Double) -> JSONValue {
        let f = Float(x)
        guard f.isFinite, let shortest = Double(f.description) else { return .null }
        return .number(shortest)
    }
}
