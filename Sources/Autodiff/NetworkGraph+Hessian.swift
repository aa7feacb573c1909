import LinearAlgebra

extension NetworkGraph {
    /// H·v for the loss's Hessian with respect to every parameter (in `parameters` order: per layer
    /// W, b, then the activation parameter if any), by forward mode over reverse mode. `direction`
    /// has one tensor per parameter node, shaped like it. Also returns the gradient.
    public func hessianVectorProduct(direction: [Tensor]) -> (gradient: [Tensor], product: [Tensor]) {
        graph.hessianVectorProduct(of: lossNode, withRespectTo: parameters, direction: direction)
    }
}

extension NetworkGraph.Layer {
    /// The learned activation parameter this layer feeds to the graph (PReLU slopes, swish β), if any.
    public var learnedParameterValue: Tensor? { parameterValue }
}
