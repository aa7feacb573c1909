import JSON
import LinearAlgebra
import NeuralNetwork

/// Checkpoints as JSON: per layer its unit spec and three tensors (weights, bias, unit parameters),
/// each `{"shape":[…],"dtype":"float32","data":BASE64}` with little-endian IEEE 754 values; a
/// batch-normalised layer (format 1.2) adds `batch_norm` with `gamma`, `beta`, `running_mean` and
/// `running_variance`, one value per column of the weights.
enum CheckpointCoding {
    /// The largest dimension and element count a checkpoint tensor may declare (checked before
    /// anything is allocated).
    static let maximumDimension = 1 << 24
    static let maximumElements = 1 << 28
    static let maximumLayers = 65

    static func tensor(_ values: ArraySlice<Float>, shape: [Int]) -> JSONValue {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(values.count * 4)
        for v in values {
            let bits = v.bitPattern.littleEndian
            bytes += [UInt8(bits & 0xFF), UInt8(bits >> 8 & 0xFF), UInt8(bits >> 16 & 0xFF), UInt8(bits >> 24)]
        }
        return .object([("shape", .array(shape.map { .int($0) })), ("dtype", .string(Float.dtypeName)),
                        ("data", .string(Base64.encode(bytes)))])
    }

    static func fields(_ network: Network<Float>) -> [(String, JSONValue)] {
        [("loss", .string(network.loss.rawValue)),
         ("layers", .array(network.layers.map { layer in
             var fields: [(String, JSONValue)] = [
                 ("unit", .string(layer.unit.spec)),
                 ("weights", tensor(layer.weights.elements, shape: [layer.weights.rows, layer.weights.columns])),
                 ("bias", tensor(layer.bias[...], shape: [layer.bias.count])),
                 ("unit_parameters", tensor(layer.unitParameters[...], shape: [layer.unitParameters.count])),
             ]
             if let bn = layer.normalization {
                 fields.append(("batch_norm", .object(batchNormFields.map { name, values in
                     (name, tensor(values(bn)[...], shape: [bn.width]))
                 })))
             }
             return .object(fields)
         }))]
    }

    /// The `batch_norm` object's tensors, by name, in the order they are written.
    static let batchNormFields: [(String, @Sendable (BatchNormalization<Float>) -> [Float])] = [
        ("gamma", { $0.gamma }), ("beta", { $0.beta }), ("running_mean", { $0.runningMean }), ("running_variance", { $0.runningVariance }),
    ]

    /// A layer's `batch_norm` object: four tensors of `width` values, the variance not negative.
    static func batchNorm(_ json: JSONValue, width: Int, name: String) throws(SessionError) -> BatchNormalization<Float> {
        var values: [[Float]] = []
        for (field, _) in batchNormFields {
            let t = try decodeTensor(json[field], name: "\(name) batch_norm \(field)", rank: 1)
            guard t.shape[0] == width else {
                throw SessionError("\(name) batch_norm \(field): \(t.shape[0]) values for \(width) columns")
            }
            values.append(t.values)
        }
        let bn = BatchNormalization(gamma: values[0], beta: values[1], runningMean: values[2], runningVariance: values[3])
        guard bn.isConsistent(width: width) else { throw SessionError("\(name) batch_norm running_variance: negative or not finite") }
        return bn
    }

    /// Reads a tensor, validating its declared shape before decoding anything.
    static func decodeTensor(_ json: JSONValue?, name: String, rank: Int) throws(SessionError) -> (shape: [Int], values: [Float]) {
        guard let json, let shapeValues = json["shape"]?.arrayValue, let dtype = json["dtype"]?.stringValue,
              let data = json["data"]?.stringValue else {
            throw SessionError("\(name): expected {\"shape\",\"dtype\",\"data\"}")
        }
        guard dtype == Float.dtypeName else { throw SessionError("\(name): dtype \(dtype) is not supported (expected float32)") }
        guard shapeValues.count == rank else { throw SessionError("\(name): shape has \(shapeValues.count) dimensions, expected \(rank)") }
        var shape: [Int] = []
        var count = 1
        for v in shapeValues {
            guard let d = v.intValue, d >= 0, d <= maximumDimension else {
                throw SessionError("\(name): dimension \(v.serialized) is not a whole number from 0 to \(maximumDimension)")
            }
            let (product, overflow) = count.multipliedReportingOverflow(by: d)
            guard !overflow, product <= maximumElements else {
                throw SessionError("\(name): shape \(shapeValues.map(\.serialized).joined(separator: "x")) has more than \(maximumElements) elements")
            }
            count = product
            shape.append(d)
        }
        let expectedLength = (count * 4 + 2) / 3 * 4
        guard data.utf8.count == expectedLength else {
            throw SessionError("\(name): data holds \(data.utf8.count) base64 characters, shape needs \(expectedLength)")
        }
        guard let bytes = Base64.decode(data), bytes.count == count * 4 else { throw SessionError("\(name): data is not valid base64") }
        var values = [Float](repeating: 0, count: count)
        for i in 0..<count {
            let bits = UInt32(bytes[4 * i]) | UInt32(bytes[4 * i + 1]) << 8 | UInt32(bytes[4 * i + 2]) << 16 | UInt32(bytes[4 * i + 3]) << 24
            values[i] = Float(bitPattern: bits)
        }
        return (shape, values)
    }

    static func network(from json: JSONValue) throws(SessionError) -> Network<Float> {
        guard let lossName = json["loss"]?.stringValue, let loss = Loss(name: lossName) else {
            throw SessionError("checkpoint: missing or unknown loss")
        }
        guard let layerValues = json["layers"]?.arrayValue, !layerValues.isEmpty, layerValues.count <= maximumLayers else {
            throw SessionError("checkpoint: expected 1 to \(maximumLayers) layers")
        }
        var layers: [Layer<Float>] = []
        for (i, v) in layerValues.enumerated() {
            let name = "checkpoint layer \(i + 1)"
            guard let spec = v["unit"]?.stringValue else { throw SessionError("\(name): missing unit") }
            let unit: UnitKind
            do { unit = try UnitKind(parsing: spec) } catch { throw SessionError("\(name): \(error)") }
            let w = try decodeTensor(v["weights"], name: "\(name) weights", rank: 2)
            let b = try decodeTensor(v["bias"], name: "\(name) bias", rank: 1)
            let p = try decodeTensor(v["unit_parameters"], name: "\(name) unit parameters", rank: 1)
            guard w.shape[0] >= 1, w.shape[1] >= 1, w.shape[1] % unit.pieces == 0, b.shape[0] == w.shape[1] else {
                throw SessionError("\(name): weights \(w.shape[0])x\(w.shape[1]) and bias \(b.shape[0]) do not fit together")
            }
            if let previous = layers.last, previous.units != w.shape[0] {
                throw SessionError("\(name): takes \(w.shape[0]) inputs but the previous layer has \(previous.units) units")
            }
            let normalization = try v["batch_norm"].map { json throws(SessionError) in
                guard i < layerValues.count - 1 else { throw SessionError("\(name): the output layer cannot have batch_norm") }
                return try batchNorm(json, width: w.shape[1], name: name)
            }
            layers.append(Layer(unit: unit, weights: Matrix(rows: w.shape[0], columns: w.shape[1], elements: w.values),
                                bias: b.values, unitParameters: p.values, normalization: normalization))
        }
        let normalized = layers.dropLast().filter { $0.normalization != nil }.count
        guard normalized == 0 || normalized == layers.count - 1 else {
            throw SessionError("checkpoint: batch_norm on \(normalized) of \(layers.count - 1) hidden layers (all or none)")
        }
        return Network(layers: layers, loss: loss)
    }
}
