import Commands
import Activations
import Datasets
import Landscape
import NeuralNetwork

/// A key action the worker turns into a `Command` (it knows the current settings).
public enum TrainingAction: Sendable, Equatable {
    case stepEpoch
    case stepBatch
    case toggleRun
    case nextActivation
    case previousActivation
    /// Multiply the learning rate by this factor.
    case scaleLearningRate(Double)
    case nextDataset
    /// New data from the next data seed (Playground's "regenerate").
    case regenerateData
    case reset
    /// Save a copy of the session to a new file (`nnscope-session-STAMP.jsonl`, STAMP the time of
    /// the save), never over an existing one.
    case saveCopy
    /// One step faster (`]`, true) or slower (`[`, false) on the speed ladder.
    case changeSpeed(faster: Bool)
}

/// What the UI asks the training worker to do.
public enum WorkerRequest: Sendable, Equatable {
    /// A command, parsed where it was typed (the `:` line, a lesson page).
    case command(Command)
    /// One of the comparison's own lines (`compare KEY VALUE`, `compare off`, `set both KEY VALUE`).
    case comparison(ComparisonCommand)
    case action(TrainingAction)
    /// The decision-map resolution the data panel now needs.
    case setGrid(GridSize)
    /// Compute the landscape panel along these directions from the current weights (nil: stop).
    case landscape(PlaneDirections.Kind?)
    /// What the inspector and the network view, when open, need computed.
    case setInside(InsideRequest)
}

/// The worker's answer to a request: text for the message area.
public struct WorkerReply: Sendable, Equatable {
    public var lines: [String]
    public var isError: Bool
    /// The line was `quit`.
    public var quit: Bool

    public init(lines: [String], isError: Bool = false, quit: Bool = false) {
        self.lines = lines
        self.isError = isError
        self.quit = quit
    }
}

extension TrainingAction {
    /// The command that performs this action on an experiment with `configuration` (nil for
    /// `toggleRun` and `changeSpeed`, which depend on the worker's state, and `saveCopy`, whose file
    /// name is chosen when it runs).
    /// Throws when the value is one the setting refuses (a learning rate scaled past the largest number).
    public func command(configuration: TrainingConfiguration) throws(CommandError) -> Command? {
        switch self {
        case .stepEpoch: return .step(epochs: 1)
        case .stepBatch: return .batch(count: 1)
        case .toggleRun, .changeSpeed: return nil
        case .nextActivation, .previousActivation:
            let kinds = ActivationKind.allCases
            let current = kinds.firstIndex { $0.rawValue == configuration.activation.name }
            let offset = self == .nextActivation ? 1 : -1
            let index = current.map { ($0 + offset + kinds.count) % kinds.count } ?? 0
            return try .set(key: "activation", value: kinds[index].rawValue)
        case let .scaleLearningRate(factor):
            return try .set(key: "lr", value: "\(configuration.optimizer.learningRate * factor)")
        case .nextDataset:
            // With input features, only the 2-D generators fit (features need two inputs).
            let names = SyntheticKind.allCases.filter { configuration.features == nil || $0.inputCount == 2 }.map(\.rawValue)
            let currentName = configuration.dataset.split(separator: ":").first.map(String.init) ?? ""
            let index = names.firstIndex(of: currentName).map { ($0 + 1) % names.count } ?? 0
            return .dataset(spec: names[index])
        case .regenerateData: return try .set(key: "data-seed", value: "\(configuration.effectiveDataSeed &+ 1)")
        case .reset: return .reset
        case .saveCopy: return nil
        }
    }
}
