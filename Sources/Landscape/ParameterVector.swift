import LinearAlgebra
import NeuralNetwork

/// A network's parameters as one flat vector, in the order the autodiff graph uses: per layer the
/// weights (row-major, fan_in × fan_out), the biases, then the learned activation parameters.
/// Batch normalisation's γ and β are not in it: the landscape's directions are zero for them, so
/// they (and the running statistics) stay at the network's values everywhere on the plane.
public enum ParameterVector {
    /// The number of values in the vector: the parameters less batch normalisation's γ and β.
    public static func count<Scalar: NNScalar>(of network: Network<Scalar>) -> Int {
        network.layers.reduce(0) { $0 + $1.weights.count + $1.bias.count + $1.unitParameters.count }
    }

    /// The flat parameters of `network`, in Double.
    public static func flatten<Scalar: NNScalar>(_ network: Network<Scalar>) -> [Double] {
        var out: [Double] = []
        out.reserveCapacity(count(of: network))
        for layer in network.layers {
            out.append(contentsOf: layer.weights.storage.prefix(layer.weights.count).map { Double($0) })
            out.append(contentsOf: layer.bias.map { Double($0) })
            out.append(contentsOf: layer.unitParameters.map { Double($0) })
        }
        return out
    }

    /// Writes `flat` into `network`'s parameters (same layout as `flatten`).
    public static func assign(_ flat: [Double], into network: inout Network<Double>) {
        precondition(flat.count == count(of: network), "parameter vector has \(flat.count) values for \(count(of: network)) parameters")
        var k = 0
        for l in network.layers.indices {
            for i in 0..<network.layers[l].weights.count { network.layers[l].weights.storage[i] = flat[k]; k += 1 }
            for i in network.layers[l].bias.indices { network.layers[l].bias[i] = flat[k]; k += 1 }
            for i in network.layers[l].unitParameters.indices { network.layers[l].unitParameters[i] = flat[k]; k += 1 }
        }
    }

    /// Where each layer's blocks start in the flat vector.
    public struct LayerBlocks: Sendable, Equatable {
        /// Offset of the weights; the weights of unit column j are at weights + i·columns + j.
        public var weights: Int
        public var rows: Int
        public var columns: Int
        public var bias: Int
        public var unitParameters: Int
        public var unitParameterCount: Int
    }

    public static func blocks<Scalar: NNScalar>(of network: Network<Scalar>) -> [LayerBlocks] {
        var k = 0
        return network.layers.map { layer in
            let b = LayerBlocks(weights: k, rows: layer.weights.rows, columns: layer.weights.columns,
                                bias: k + layer.weights.count, unitParameters: k + layer.weights.count + layer.bias.count,
                                unitParameterCount: layer.unitParameters.count)
            k += layer.weights.count + layer.bias.count + layer.unitParameters.count
            return b
        }
    }
}

/// Small dense-vector helpers shared by the directions, the grid and Lanczos.
enum Vector {
    static func dot(_ a: [Double], _ b: [Double]) -> Double {
        var s = 0.0
        for i in a.indices { s += a[i] * b[i] }
        return s
    }
    static func norm(_ a: [Double]) -> Double { dot(a, a).squareRoot() }
    /// a + s·b
    static func adding(_ a: [Double], _ s: Double, _ b: [Double]) -> [Double] {
        var out = a
        for i in out.indices { out[i] += s * b[i] }
        return out
    }
    static func scaled(_ a: [Double], _ s: Double) -> [Double] { a.map { $0 * s } }
    /// a ← a − s·b, in place.
    static func subtract(_ a: inout [Double], _ s: Double, _ b: [Double]) {
        b.withUnsafeBufferPointer { b in a.withUnsafeMutableBufferPointer { a in for i in a.indices { a[i] -= s * b[i] } } }
    }
    /// a ← s·a, in place.
    static func scale(_ a: inout [Double], _ s: Double) {
        a.withUnsafeMutableBufferPointer { p in for i in p.indices { p[i] *= s } }
    }
}
