import Activations
import LinearAlgebra

extension Network {
    /// Predictions for raw (unstandardised) inputs, `count` rows of `inputs` values, each feature
    /// standardised as (x − mean) / scale in Double before it is rounded to `Scalar`: class
    /// probabilities (softmax; for binary cross-entropy the logistic function, columns [1−p, p]) or
    /// regression outputs, row-major. `Trainer.predict` and `nnscope predict` both use this.
    public func predictions(points: [Double], count: Int, featureMean: [Double], featureScale: [Double]) -> [Double] {
        let f = inputs
        precondition(points.count == count * f && featureMean.count == f && featureScale.count == f, "predictions: expected \(count * f) values")
        guard count > 0 else { return [] }
        var x = Matrix<Scalar>(rows: count, columns: f)
        for i in 0..<count { for j in 0..<f { x[i, j] = Scalar((points[i * f + j] - featureMean[j]) / featureScale[j]) } }
        return predictions(inputs: x)
    }

    /// Predictions for rows the network takes as they are (features computed and standardised).
    public func predictions(inputs x: Matrix<Scalar>) -> [Double] {
        let count = x.rows
        guard count > 0 else { return [] }
        var ws = Workspace(for: self, batchCapacity: count)
        forward(x, workspace: &ws, training: false)
        let logits = ws.output
        var out: [Double] = []
        switch loss {
        case .meanSquaredError:
            out = logits.elements.map { Double($0) }
        case .binaryCrossEntropy:
            out.reserveCapacity(count * 2)
            for i in 0..<count {
                let p = Double(stableLogistic(logits[i, 0]))
                out.append(1 - p)
                out.append(p)
            }
        case .softmaxCrossEntropy:
            let k = logits.columns
            out.reserveCapacity(count * k)
            for i in 0..<count { out.append(contentsOf: Loss.softmax(logits.row(i).map { Double($0) })) }
        }
        return out
    }
}
