import LinearAlgebra

/// Evaluation and prediction with the current network (batch normalisation: running statistics).
extension Trainer {
    /// Mean loss and accuracy of the current network on a data set (nil when it is empty).
    func evaluate(_ x: Matrix<Scalar>, _ labels: [Int32], _ targets: Matrix<Scalar>?) -> (loss: Double, accuracy: Double?)? {
        let total = x.rows
        guard total > 0 else { return nil }
        let f = x.columns
        var lossTotal = 0.0
        var correctTotal = 0
        var start = 0
        let last = network.layers.count - 1
        while start < total {
            let n = min(evaluationWorkspace.capacity, total - start)
            evaluationX.reshape(rows: n, columns: f)
            x.storage.withUnsafeBufferPointer { src in
                evaluationX.storage.withUnsafeMutableBufferPointer { dst in
                    for i in 0..<(n * f) { dst[i] = src[start * f + i] }
                }
            }
            for i in 0..<n { evaluationLabels[i] = labels[start + i] }
            if let targets {
                let k = targets.columns
                evaluationTargets!.reshape(rows: n, columns: k)
                for i in 0..<(n * k) { evaluationTargets!.storage[i] = targets.storage[start * k + i] }
            }
            network.forward(evaluationX, workspace: &evaluationWorkspace, training: false)
            let r = evaluationLabels.withUnsafeBufferPointer { lab in
                loss.evaluate(logits: evaluationWorkspace.z[last], labels: lab, targets: evaluationTargets)
            }
            lossTotal += r.lossSum
            correctTotal += r.correct
            start += n
        }
        return (lossTotal / Double(total), loss.isClassification ? Double(correctTotal) / Double(total) : nil)
    }

    /// Mean loss and accuracy on the whole training split with the current weights.
    @_specialize(exported: true, where Scalar == Float)
    @_specialize(exported: true, where Scalar == Double)
    public func evaluateTraining() -> (loss: Double, accuracy: Double?)? {
        evaluate(trainX, trainLabels, trainTargets)
    }

    /// The network's predictions for raw (unstandardised) input points, `count` rows of
    /// `dataset.features` values: class probabilities (softmax, or the logistic function for
    /// binary cross-entropy: columns [1−p, p]) or regression outputs. Row-major.
    @_specialize(exported: true, where Scalar == Float)
    @_specialize(exported: true, where Scalar == Double)
    public func predict(points: [Double], count: Int) -> [Double] {
        precondition(points.count == count * dataset.features, "predict: expected \(count * dataset.features) values")
        return network.predictions(inputs: networkInputs(points: points, count: count))
    }

    /// Raw points (`count` rows of `dataset.features` values) as the network is fed them: the
    /// input features computed, then standardised.
    public func networkInputs(points: [Double], count: Int) -> Matrix<Scalar> {
        data.networkInputs(points: points, count: count, rawFeatures: dataset.features)
    }
}
