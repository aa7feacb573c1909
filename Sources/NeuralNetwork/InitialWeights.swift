import LinearAlgebra

/// Weights a run starts from instead of its initialiser's (`--init-from FILE`): copied into the
/// new network after it is built, so shapes are checked against the configuration. A session
/// records them in its header, so a replay starts from the very same values.
public struct InitialWeights: Sendable, Equatable {
    /// Where they came from (the path as given), for messages and the session header.
    public var source: String
    public var network: Network<Float>

    public init(source: String, network: Network<Float>) {
        self.source = source
        self.network = network
    }

    /// Throws unless every layer of `network` has the same shapes as `target`'s.
    public func check<Scalar>(fits target: Network<Scalar>) throws(NetworkError) {
        guard network.layers.count == target.layers.count else {
            throw .invalid("\(source): \(network.layers.count) layers (\(network.shapeDescription)) but the configuration builds \(target.layers.count) (\(target.shapeDescription))")
        }
        if network.hasBatchNormalization != target.hasBatchNormalization {
            throw .invalid(network.hasBatchNormalization
                ? "\(source): the network is batch-normalised (layerN.norm.*) but the configuration is not: add --batch-norm (set batch-norm on)"
                : "\(source): the network has no batch normalisation but the configuration has: leave out --batch-norm (set batch-norm off)")
        }
        for (l, (a, b)) in zip(network.layers, target.layers).enumerated() {
            guard a.weights.rows == b.weights.rows, a.weights.columns == b.weights.columns else {
                throw .invalid("\(source): layer \(l + 1) weights are \(a.weights.columns)x\(a.weights.rows) (units x inputs) but the configuration needs \(b.weights.columns)x\(b.weights.rows)")
            }
            guard a.bias.count == b.bias.count, a.unitParameters.count == b.unitParameters.count else {
                throw .invalid("\(source): layer \(l + 1) has \(a.bias.count) biases and \(a.unitParameters.count) unit parameters but the configuration needs \(b.bias.count) and \(b.unitParameters.count)")
            }
        }
    }
}
