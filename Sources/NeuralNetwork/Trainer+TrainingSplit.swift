import LinearAlgebra

extension Trainer {
    /// The training split as the trainer sees it: standardised inputs (N × features), class labels
    /// (0 for regression) and regression targets (nil for classification). For analyses that need
    /// the exact loss the trainer minimises (the loss landscape, curvature).
    public var trainingSplit: (inputs: Matrix<Scalar>, labels: [Int32], targets: Matrix<Scalar>?) {
        (trainX, trainLabels, trainTargets)
    }
}
