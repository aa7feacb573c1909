import NeuralNetwork
import Sessions

/// Where in a run something happened (the session format's position, so that journal entries
/// become session records unchanged).
public typealias RunPosition = SessionPosition

/// The run as the interpreter has seen it since it started (or since `load`): the starting
/// configuration, then every trained epoch, every change (as its canonical command line) and
/// every divergence, in order. `save FILE` writes it out as a session.
public struct RunJournal: Sendable {
    public enum Entry: Sendable, Equatable {
        case epoch(EpochMetrics, generation: Int)
        /// A change made between steps: the canonical line that makes it ("set lr 0.05", "reset").
        case event(command: String, position: RunPosition, time: Double)
        case divergence(message: String, position: RunPosition)
    }

    public var startConfiguration: TrainingConfiguration
    public private(set) var entries: [Entry] = []

    public init(startConfiguration: TrainingConfiguration) {
        self.startConfiguration = startConfiguration
    }

    mutating func append(_ entry: Entry) { entries.append(entry) }

    /// The recorded changes' command lines, in order.
    public var commands: [String] {
        entries.compactMap { if case let .event(command, _, _) = $0 { command } else { nil } }
    }

    /// The recorded epochs, in order.
    public var epochs: [EpochMetrics] {
        entries.compactMap { if case let .epoch(metrics, _) = $0 { metrics } else { nil } }
    }
}
