/// A whole run's epochs in bounded memory, for charts: every epoch until `capacity` are kept, then
/// every second, then every fourth, … (the stride doubles whenever the buffer fills, so the kept
/// epochs stay evenly spaced over the whole run, as TensorBoard downsamples its scalars), and always
/// the latest epoch. A run of any length costs at most `capacity + 1` entries.
public struct EpochOverview: Sendable {
    public let capacity: Int
    /// Every `stride`-th epoch (counting from the first) is kept.
    public private(set) var stride = 1
    private var kept: [EpochMetrics] = []
    private var seen = 0
    private var latest: EpochMetrics?
    private var latestIsKept = false

    public init(capacity: Int = 2048) {
        self.capacity = max(capacity, 2)
        kept.reserveCapacity(self.capacity + 1)
    }

    public mutating func append(_ metrics: EpochMetrics) {
        latestIsKept = seen % stride == 0
        if latestIsKept {
            kept.append(metrics)
            if kept.count > capacity {
                // Keep the epochs at even positions: multiples of the doubled stride.
                var write = 0
                for read in Swift.stride(from: 0, to: kept.count, by: 2) {
                    kept[write] = kept[read]
                    write += 1
                }
                kept.removeLast(kept.count - write)
                stride *= 2
                latestIsKept = (seen % stride) == 0
            }
        }
        seen += 1
        latest = metrics
    }

    /// The kept epochs in order, ending with the latest one.
    public var epochs: [EpochMetrics] {
        guard let latest, !latestIsKept else { return kept }
        return kept + [latest]
    }

    /// Epochs seen in all.
    public var count: Int { seen }
}
