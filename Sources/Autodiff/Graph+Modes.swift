/// The two ways of differentiating a recorded graph.
extension Graph {
    /// Reverse mode: ∂output/∂node for every node, from one backward sweep.
    ///
    /// Nodes are visited from `output` back to the first one: the reverse of the arena's
    /// topological order, so a node's adjoint is complete before it is passed on to its parents.
    /// Nodes that do not influence `output` get nil. A non-scalar output stands for the sum of its
    /// elements (its adjoint is seeded with ones).
    public func adjoints(of output: NodeID) -> [Tensor?] {
        var adjoints = [Tensor?](repeating: nil, count: nodes.count)
        let seed = value(output)
        adjoints[output.index] = Tensor(rows: seed.rows, columns: seed.columns, repeating: 1)
        for i in stride(from: output.index, through: 0, by: -1) {
            guard let g = adjoints[i] else { continue }
            for (parent, share) in backward(NodeID(i), adjoint: g) {
                if adjoints[parent.index] == nil {
                    adjoints[parent.index] = share
                } else {
                    adjoints[parent.index]!.add(share)
                }
            }
        }
        return adjoints
    }

    /// Reverse mode: ∂output/∂x for each x, each shaped like x.
    public func gradients(of output: NodeID, withRespectTo inputs: [NodeID]) -> [Tensor] {
        let all = adjoints(of: output)
        return inputs.map { all[$0.index] ?? .zeros(like: value($0)) }
    }

    /// Forward mode: one sweep carrying a tangent beside every value. `seeds` gives the tangent of
    /// some leaves (the direction); every other leaf has tangent zero. Returns every node's tangent.
    public func tangents(seeds: [NodeID: Tensor]) -> [Tensor] {
        var tangents: [Tensor] = []
        tangents.reserveCapacity(nodes.count)
        for (i, node) in nodes.enumerated() {
            if node.op.parents.isEmpty {
                tangents.append(seeds[NodeID(i)] ?? .zeros(like: node.value))
            } else {
                tangents.append(tangent(NodeID(i), tangents: tangents))
            }
        }
        return tangents
    }

    /// Forward mode: ∂output/∂x for each x, by one sweep per element of every x (each sweep seeds a
    /// single element with 1). The output's elements are summed, as in `adjoints(of:)`.
    public func forwardGradient(of output: NodeID, withRespectTo inputs: [NodeID]) -> [Tensor] {
        inputs.map { input in
            var gradient = Tensor.zeros(like: value(input))
            for e in 0..<gradient.count {
                var seed = Tensor.zeros(like: gradient)
                seed.storage[e] = 1
                gradient.storage[e] = tangents(seeds: [input: seed])[output.index].sum
            }
            return gradient
        }
    }
}
