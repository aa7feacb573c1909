/// A table of examples: `count` rows of `features` inputs, with class labels or regression targets.
///
/// Inputs are stored row-major in Double; the trainer converts them once to its own precision.
public struct Dataset: Sendable, Equatable {
    public enum Task: Sendable, Equatable {
        /// `labels[i]` in 0..<classNames.count.
        case classification(labels: [Int], classNames: [String])
        /// `targets` row-major, `outputs` values per example.
        case regression(targets: [Double], outputs: Int)
    }

    /// How the dataset was made: "spiral", "sine", "csv:data/iris.csv", ... (recorded in sessions).
    public var name: String
    public var count: Int
    public var features: Int
    /// Row-major, `count × features`.
    public var inputs: [Double]
    public var task: Task

    public init(name: String, count: Int, features: Int, inputs: [Double], task: Task) {
        precondition(inputs.count == count * features, "dataset inputs: expected \(count * features) values")
        self.name = name
        self.count = count
        self.features = features
        self.inputs = inputs
        self.task = task
    }

    /// Number of network outputs this task needs: classes, or regression targets per example.
    public var outputs: Int {
        switch task {
        case let .classification(_, names): return names.count
        case let .regression(_, outputs): return outputs
        }
    }

    public var isClassification: Bool {
        if case .classification = task { return true }
        return false
    }

    /// Example `i`'s inputs (allocates; for display and tests).
    public func input(_ i: Int) -> ArraySlice<Double> { inputs[(i * features)..<((i + 1) * features)] }
}

extension Dataset {
    /// The class names of a classification dataset (empty for regression).
    public var classNames: [String] {
        if case let .classification(_, names) = task { return names }
        return []
    }
}
