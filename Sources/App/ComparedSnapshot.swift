import NeuralNetwork

/// Run B of a comparison as the UI sees it (`Snapshot.compared`): its own snapshot and what
/// differs from run A. Immutable, so snapshots stay cheap to copy.
public final class ComparedSnapshot: Sendable {
    public let b: Snapshot
    /// "activation relu": the setting B changes.
    public let differs: String
    /// A's value of that setting.
    public let valueInA: String
    /// "initial weights copied from run A" or why not.
    public let startingPoint: String
    /// Every setting that differs, as "key A→B" texts (more than one after `:set` on A alone).
    public let differences: [String]
    /// The session file run B is recorded into (nil: not recorded).
    public let recordingPath: String?

    public init(b: Snapshot, differs: String, valueInA: String, startingPoint: String, differences: [String], recordingPath: String? = nil) {
        self.recordingPath = recordingPath
        self.b = b
        self.differs = differs
        self.valueInA = valueInA
        self.startingPoint = startingPoint
        self.differences = differences
    }

    /// The same with `b` in place of run B's snapshot (B's inspector and network picture added).
    func with(b: Snapshot) -> ComparedSnapshot {
        ComparedSnapshot(b: b, differs: differs, valueInA: valueInA, startingPoint: startingPoint, differences: differences,
                         recordingPath: recordingPath)
    }

    /// The snapshot of `comparison`'s run B (`dataView` reused when given).
    static func capture(_ comparison: Comparison, version: Int, grid: GridSize, isRunning: Bool, dataView: DataView?,
                        recordingPath: String? = nil) -> ComparedSnapshot {
        ComparedSnapshot(b: Snapshot.capture(comparison.b, version: version, grid: grid, isRunning: isRunning, dataView: dataView),
                         differs: comparison.variant.description, valueInA: comparison.variant.valueInA,
                         startingPoint: comparison.startingPoint.description,
                         differences: comparison.differences.map { "\($0.key) \($0.a)→\($0.b)" }, recordingPath: recordingPath)
    }
}
