import NeuralNetwork
import Sessions

/// Where in a run something happened (the session format's position, so that journal entries
/// become session records unchanged).
public typealias RunPosition = SessionPosition

/// The run as the interpreter has seen it since it started (or since `load`): the starting
/// configuration, then every trained epoch, every change (as its `Command`) and
/// every divergence, in order. `save FILE` writes it out as a session.
public struct RunJournal: Sendable {
    public enum Entry: Sendable, Equatable {
        case epoch(EpochMetrics, generation: Int)
        /// A change made between steps: the command that makes it (`set lr 0.05`, `reset`).
        case event(Command, position: RunPosition, time: Double)
        case divergence(message: String, position: RunPosition)
    }

    public var startConfiguration: TrainingConfiguration
    /// The entries not yet dropped (see `dropRecorded(upTo:)`).
    public private(set) var entries: [Entry] = []
    /// How many entries from the start were handed to a recorder and dropped: the TUI records
    /// every entry into its session file, so its journal need not hold a run of millions of epochs.
    public private(set) var droppedCount = 0
    /// One past the position of the last entry, counting dropped ones.
    public var endIndex: Int { droppedCount + entries.count }

    public init(startConfiguration: TrainingConfiguration) {
        self.startConfiguration = startConfiguration
    }

    mutating func append(_ entry: Entry) { entries.append(entry) }

    /// Forgets the entries before position `index` (counting dropped ones); they are in a file.
    mutating func dropRecorded(upTo index: Int) {
        let count = min(index - droppedCount, entries.count)
        guard count > 0 else { return }
        entries.removeFirst(count)
        droppedCount += count
    }

    /// The recorded changes' canonical lines, in order.
    public var commands: [String] {
        entries.compactMap { if case let .event(command, _, _) = $0 { command.text } else { nil } }
    }

    /// The recorded epochs, in order.
    public var epochs: [EpochMetrics] {
        entries.compactMap { if case let .epoch(metrics, _) = $0 { metrics } else { nil } }
    }
}
