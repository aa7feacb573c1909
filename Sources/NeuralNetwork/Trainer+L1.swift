extension Trainer {
    /// L1 regularisation with TensorFlow Playground's rule (its `nn.ts` `updateWeights`), applied to
    /// every weight (not to biases or unit parameters) after the optimiser's step:
    ///
    ///     s  = sign(w)                 w before the step (−1, 0 or 1)
    ///     w' = the optimiser's update of w from the data gradient (and L2 decay)
    ///     w″ = w' − η · λ₁ · s
    ///     new w = 0 if w' · w″ < 0 (the penalty pushed it across zero), else w″
    ///
    /// η is the learning rate and λ₁ the `l1` setting. A weight that is exactly 0 gets no penalty
    /// (s = 0) and moves again only with the data gradient. (Playground also freezes a zeroed weight
    /// for the rest of the run; nnscope does not, so a weight the data needs can come back.)
    func applyL1(from current: Network<Scalar>, into next: inout Network<Scalar>) {
        let step = Scalar(optimizer.settings.learningRate * optimizer.settings.l1)
        for l in current.layers.indices {
            current.layers[l].weights.storage.withUnsafeBufferPointer { before in
                next.layers[l].weights.storage.withUnsafeMutableBufferPointer { after in
                    for i in 0..<after.count {
                        let w = before[i]
                        let sign: Scalar = w > 0 ? 1 : w < 0 ? -1 : 0
                        let stepped = after[i]
                        let penalised = stepped - step * sign
                        after[i] = stepped * penalised < 0 ? 0 : penalised
                    }
                }
            }
        }
    }
}

extension Layer {
    /// Share of the weights that are exactly 0.
    var zeroWeightFraction: Double {
        guard weights.count > 0 else { return 0 }
        var zeros = 0
        for w in weights.storage where w == 0 { zeros += 1 }
        return Double(zeros) / Double(weights.count)
    }
}
