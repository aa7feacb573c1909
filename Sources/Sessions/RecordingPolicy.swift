/// What a long TUI recording keeps, so that an hour at full speed (about 30 million epochs of a
/// small network) stays under 100 MB: every epoch up to 10,000, then every 10th up to 100,000,
/// every 100th up to a million, and so on (about 9,000 epoch records per decade); checkpoints
/// after every epoch up to 500, every 10th up to 5,000, every 100th up to 50,000, and so on
/// (450 per decade). An epoch is also kept when anything else is recorded right after it (a
/// change, a divergence, a checkpoint, saving, closing), so every record stands at a recorded
/// epoch. Each kept epoch record says how many epochs were left out before it (`skipped`), and
/// `replay --verify` re-runs those. A size budget stops the recording altogether.
public enum RecordingPolicy {
    /// Every epoch up to here is recorded.
    public static let everyEpochUpTo = 10_000
    /// Every epoch up to here gets a checkpoint.
    public static let checkpointEveryEpochUpTo = 500
    /// The default size budget of a TUI recording, in bytes.
    public static let defaultBudget = 100 * 1_000_000

    /// True when epoch `epoch` (1-based) is kept in the thinned recording.
    public static func keepsEpoch(_ epoch: Int) -> Bool {
        epoch % stride(at: epoch, base: everyEpochUpTo) == 0
    }

    /// True when epoch `epoch` gets a checkpoint.
    public static func checkpointsEpoch(_ epoch: Int) -> Bool {
        epoch % stride(at: epoch, base: checkpointEveryEpochUpTo) == 0
    }

    /// 1 up to `base`, then 10 up to 10 × `base`, 100 up to 100 × `base`, ...
    static func stride(at epoch: Int, base: Int) -> Int {
        var limit = base, stride = 1
        while epoch > limit && limit <= Int.max / 10 {
            limit *= 10
            stride *= 10
        }
        return stride
    }

    /// `12.3 MB`, `850 kB`, `512 B`: a file size for the status bar (decimal units, plain numbers).
    public static func sizeText(_ bytes: Int) -> String {
        if bytes < 1_000 { return "\(bytes) B" }
        if bytes < 1_000_000 { return "\(bytes / 1_000) kB" }
        let tenths = (bytes + 50_000) / 100_000
        return "\(tenths / 10).\(tenths % 10) MB"
    }
}
