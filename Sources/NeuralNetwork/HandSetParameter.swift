/// One weight or bias set by hand (`set weight L I J VALUE`, `set bias L J VALUE`), in the
/// course's 1-based indexing: layer L from 1 (the first hidden layer) to the output layer; I the
/// unit of the layer before (an input feature for L = 1) that the weight comes from; J the unit of
/// layer L it goes to (a column of the layer's weight matrix, so for maxout one of its pieces).
public struct HandSetParameter: Sendable, Equatable {
    public enum Target: Sendable, Equatable {
        case weight(input: Int, unit: Int)
        case bias(unit: Int)
    }

    public var layer: Int
    public var target: Target
    public var value: Double

    public init(layer: Int, target: Target, value: Double) {
        self.layer = layer
        self.target = target
        self.value = value
    }

    /// The words after `set weight` (`L I J VALUE`) or `set bias` (`L J VALUE`); throws a message
    /// with the usage when they are not whole numbers ≥ 1 and a finite value.
    public init(kind: String, arguments: [String]) throws(NetworkError) {
        let isWeight = kind == "weight"
        let usage = isWeight ? "set weight L I J VALUE" : "set bias L J VALUE"
        let expected = isWeight ? 4 : 3
        guard arguments.count == expected else {
            throw .invalid("\(usage): expected \(expected) values (1-based layer\(isWeight ? ", from-unit, to-unit" : ", unit"), then the value), got \(arguments.count)")
        }
        var indices: [Int] = []
        for (name, text) in zip(isWeight ? ["L", "I", "J"] : ["L", "J"], arguments) {
            guard let index = Int(text), index >= 1 else { throw .invalid("\(usage): \(name) '\(text)' is not a whole number from 1") }
            indices.append(index)
        }
        guard let value = Double(arguments[expected - 1]), value.isFinite else {
            throw .invalid("\(usage): VALUE '\(arguments[expected - 1])' is not a finite number")
        }
        self.init(layer: indices[0], target: isWeight ? .weight(input: indices[1], unit: indices[2]) : .bias(unit: indices[1]),
                  value: value)
    }

    /// The canonical command line (the value in its shortest exact form, so replays are bit-identical).
    public var command: String {
        switch target {
        case let .weight(input, unit): return "set weight \(layer) \(input) \(unit) \(value)"
        case let .bias(unit): return "set bias \(layer) \(unit) \(value)"
        }
    }

    /// Whether `set KEY ...` with these words is a hand-set parameter rather than a setting:
    /// `weight` always; `bias` with three words (one word stays the `bias-init` alias).
    public static func isHandSet(key: String, wordCount: Int) -> Bool {  // wordCount: the words after KEY
        let k = key.lowercased()
        return k == "weight" || (k == "bias" && wordCount == 3)
    }
}

extension Network {
    /// Stores `parameter` (in this network's precision); throws, changing nothing, when an index
    /// is outside the network. Returns the value it replaced.
    @discardableResult
    public mutating func set(_ parameter: HandSetParameter) throws(NetworkError) -> Double {
        let l = parameter.layer - 1
        guard layers.indices.contains(l) else {
            throw .invalid("\(parameter.command): layer \(parameter.layer) does not exist; layers are 1 to \(layers.count) (\(layers.count) is the output layer)")
        }
        let layer = layers[l]
        switch parameter.target {
        case let .weight(input, unit):
            guard input <= layer.weights.rows else {
                throw .invalid("\(parameter.command): layer \(parameter.layer) has \(layer.weights.rows) inputs, so I is 1 to \(layer.weights.rows)")
            }
            guard unit <= layer.weights.columns else {
                throw .invalid("\(parameter.command): layer \(parameter.layer) has \(layer.weights.columns) units, so J is 1 to \(layer.weights.columns)")
            }
            let old = Double(layer.weights[input - 1, unit - 1])
            layers[l].weights[input - 1, unit - 1] = Scalar(parameter.value)
            return old
        case let .bias(unit):
            guard unit <= layer.bias.count else {
                throw .invalid("\(parameter.command): layer \(parameter.layer) has \(layer.bias.count) biases, so J is 1 to \(layer.bias.count)")
            }
            let old = Double(layer.bias[unit - 1])
            layers[l].bias[unit - 1] = Scalar(parameter.value)
            return old
        }
    }
}
