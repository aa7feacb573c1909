import Render

/// How fast the TUI's continuous training (`r`, `run`) goes: at most so many epochs a second, or
/// as fast as the machine can (`max`). `set speed N|max` and the `[`/`]` keys change it; it
/// changes nothing in the results, so it is not recorded in the session.
public enum TrainingSpeed: Sendable, Equatable {
    case epochsPerSecond(Double)
    case unlimited

    /// The steps `[` and `]` move along (then `max`).
    public static let ladder: [Double] = [1, 2, 5, 10, 30, 100, 300, 1000, 3000, 10_000]
    /// The accepted limits.
    public static let range: ClosedRange<Double> = 0.1...1_000_000
    /// The TUI's speed at start: every epoch of the first ones can be watched (docs/decisions/tui.md).
    public static let interfaceDefault = TrainingSpeed.epochsPerSecond(10)

    /// `10`, `0.5` or `max` (also `unlimited`, `full`).
    public init(parsing text: String) throws(CommandError) {
        let word = text.lowercased()
        if ["max", "unlimited", "full"].contains(word) { self = .unlimited; return }
        guard let value = Double(word), value.isFinite else {
            throw CommandError("set speed \(text): '\(text)' is not a number of epochs per second or 'max'")
        }
        guard TrainingSpeed.range.contains(value) else {
            throw CommandError("set speed \(text): must be from \(NumberFormat.compact(TrainingSpeed.range.lowerBound)) to \(NumberFormat.compact(TrainingSpeed.range.upperBound)) epochs per second, or 'max'")
        }
        self = .epochsPerSecond(value)
    }

    /// The value as `set speed` reads it back: `10` or `max`.
    public var value: String {
        switch self {
        case let .epochsPerSecond(rate): NumberFormat.compact(rate, significantDigits: 6)
        case .unlimited: "max"
        }
    }

    /// For people: `10 epochs/s` or `max`.
    public var description: String {
        switch self {
        case let .epochsPerSecond(rate): "\(NumberFormat.compact(rate)) epoch\(rate == 1 ? "" : "s")/s"
        case .unlimited: "max"
        }
    }

    /// The next step down the ladder (`[`); the slowest step stays.
    public var slower: TrainingSpeed {
        switch self {
        case .unlimited: return .epochsPerSecond(TrainingSpeed.ladder.last!)
        case let .epochsPerSecond(rate):
            return .epochsPerSecond(TrainingSpeed.ladder.last { $0 < rate } ?? min(rate, TrainingSpeed.ladder[0]))
        }
    }

    /// The next step up the ladder (`]`), then `max`.
    public var faster: TrainingSpeed {
        switch self {
        case .unlimited: return .unlimited
        case let .epochsPerSecond(rate):
            return TrainingSpeed.ladder.first { $0 > rate }.map { .epochsPerSecond($0) } ?? .unlimited
        }
    }

    /// Seconds between mini-batches at this speed for an epoch of `batchesPerEpoch` batches;
    /// nil at `max`.
    public func secondsPerBatch(batchesPerEpoch: Int) -> Double? {
        guard case let .epochsPerSecond(rate) = self else { return nil }
        return 1 / (rate * Double(max(1, batchesPerEpoch)))
    }
}

extension TrainingSpeed {
    /// The canonical words of the command language: the rate exactly (`10`, `0.125`) or `max`.
    public var text: String {
        switch self {
        case let .epochsPerSecond(rate): exact(rate)
        case .unlimited: "max"
        }
    }
}
