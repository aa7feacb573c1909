import JSON
import NeuralNetwork

extension EpochMetrics {
    /// The epoch record: the line `nnscope train --jsonl` prints, and the `epoch` record of a
    /// session file (which adds its type and checksum around these fields).
    ///
    /// `{"epoch":1,"train_loss":…,"val_loss":…,"train_accuracy":…,"val_accuracy":…,"learning_rate":…,
    ///   "layers":[{"grad_norm":…,"weight_norm":…,"dead_fraction":…,"saturated_fraction":…,
    ///   "preactivation_min":…,"preactivation_max":…,"z_percentiles":[…],"a_percentiles":[…],
    ///   "grad_w_percentiles":[…]},…]}` plus `"diverged":"…"` when training diverged
    /// and `"warnings":["exploding-loss","all-units-dead"]` when the epoch has warnings.
    /// Accuracies are null for regression; every non-finite number is null.
    public var jsonFields: [(String, JSONValue)] {
        var fields: [(String, JSONValue)] = [
            ("epoch", .int(epoch)),
            ("train_loss", .number(trainLoss)),
            ("val_loss", .number(valLoss)),
            ("train_accuracy", .number(trainAccuracy)),
            ("val_accuracy", .number(valAccuracy)),
            ("learning_rate", .number(learningRate)),
            ("layers", .array(layers.map { layer in
                var fields: [(String, JSONValue)] = [
                    ("grad_norm", .number(layer.gradNorm)),
                    ("weight_norm", .number(layer.weightNorm)),
                    ("dead_fraction", .number(layer.deadFraction)),
                    ("saturated_fraction", .number(layer.saturatedFraction)),
                    ("preactivation_min", .number(layer.preactivationMin)),
                    ("preactivation_max", .number(layer.preactivationMax)),
                ]
                // Only while L1 is on (format 1.1): earlier files never have it.
                if let zeros = layer.zeroWeightFraction { fields.append(("zero_weight_fraction", .number(zeros))) }
                // Optional (files written before them have none): percentiles at LayerDistributions.levels.
                if let d = layer.distributions {
                    fields.append(("z_percentiles", .array(d.z.map { .number($0) })))
                    fields.append(("a_percentiles", .array(d.a.map { .number($0) })))
                    fields.append(("grad_w_percentiles", .array(d.gradient.map { .number($0) })))
                }
                return .object(fields)
            })),
        ]
        if let diverged { fields.append(("diverged", .string(diverged))) }
        if !warnings.isEmpty { fields.append(("warnings", .array(warnings.map { .string($0.rawValue) }))) }
        return fields
    }

    public var json: JSONValue { .object(jsonFields) }

    /// A layer's `z_percentiles`, `a_percentiles` and `grad_w_percentiles`: nil unless all three
    /// are arrays of numbers (null: NaN) of equal, known length (empty or one per level).
    static func distributions(_ layer: JSONValue) -> LayerDistributions? {
        func values(_ name: String) -> [Double]? {
            guard let array = layer[name]?.arrayValue else { return nil }
            var result: [Double] = []
            for v in array {
                if v.isNull { result.append(.nan); continue }
                guard let d = v.doubleValue else { return nil }
                result.append(d)
            }
            return result.isEmpty || result.count == LayerDistributions.levels.count ? result : nil
        }
        guard let z = values("z_percentiles"), let a = values("a_percentiles"), let g = values("grad_w_percentiles") else { return nil }
        return LayerDistributions(z: z, a: a, gradient: g)
    }

    /// Reads the fields back (from a session's epoch record or a `--jsonl` line); null numbers
    /// become NaN. Returns nil when a required field is missing or of the wrong type.
    public init?(json: JSONValue) {
        guard let epoch = json["epoch"]?.intValue, let layerValues = json["layers"]?.arrayValue else { return nil }
        func number(_ v: JSONValue?) -> Double? {
            guard let v else { return nil }
            if v.isNull { return .nan }
            return v.doubleValue
        }
        func optionalNumber(_ v: JSONValue?) -> Double?? {
            guard let v else { return .none }
            if v.isNull { return .some(nil) }
            guard let d = v.doubleValue else { return .none }
            return .some(d)
        }
        guard let train = number(json["train_loss"]), let lr = number(json["learning_rate"]),
              let val = optionalNumber(json["val_loss"]), let trainAcc = optionalNumber(json["train_accuracy"]),
              let valAcc = optionalNumber(json["val_accuracy"]) else { return nil }
        var layers: [LayerDiagnostics] = []
        for v in layerValues {
            guard let g = number(v["grad_norm"]), let w = number(v["weight_norm"]),
                  let d = number(v["dead_fraction"]), let s = number(v["saturated_fraction"]) else { return nil }
            layers.append(LayerDiagnostics(gradNorm: g, weightNorm: w, deadFraction: d, saturatedFraction: s,
                                           preactivationMin: number(v["preactivation_min"]) ?? .nan,
                                           preactivationMax: number(v["preactivation_max"]) ?? .nan,
                                           zeroWeightFraction: number(v["zero_weight_fraction"]),
                                           distributions: Self.distributions(v)))
        }
        var diverged: String?
        if let d = json["diverged"] {
            guard let s = d.stringValue else { return nil }
            diverged = s
        }
        var warnings: [EpochWarning] = []
        if let w = json["warnings"] {
            // Unknown names (from a newer nnscope) are skipped rather than refused.
            guard let names = w.arrayValue else { return nil }
            for name in names {
                guard let text = name.stringValue else { return nil }
                if let warning = EpochWarning(rawValue: text) { warnings.append(warning) }
            }
        }
        self.init(epoch: epoch, trainLoss: train, valLoss: val, trainAccuracy: trainAcc, valAccuracy: valAcc,
                  learningRate: lr, layers: layers, diverged: diverged, warnings: warnings)
    }
}
