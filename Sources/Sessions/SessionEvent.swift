import CommandLanguage
import NeuralNetwork

/// A change the user made between steps, recorded as the canonical command-language line that made
/// it: "set lr 0.05", "set activation tanh", "reset", "dataset xor". Replaying a session re-applies
/// these lines through `apply(to:)`: the line is parsed by the command language (`CommandParser`)
/// into a typed `Command`, and only the commands that change a run between steps are accepted.
public struct SessionEvent: Sendable, Equatable {
    public var position: SessionPosition
    public var command: String
    /// Seconds since the session started.
    public var time: Double
    /// For a dataset loaded from files: the files' paths, sizes and hashes (filled in by the recorder).
    public var dataFiles: [DataFileReference]

    public init(position: SessionPosition, command: String, time: Double, dataFiles: [DataFileReference] = []) {
        self.position = position
        self.command = command
        self.time = time
        self.dataFiles = dataFiles
    }

    /// The dataset spec this event loads, if it changes the dataset.
    public var datasetSpec: String? {
        switch try? action {
        case let .dataset(spec)?: return spec
        case let .set(assignment)? where assignment.setting.key == "dataset": return assignment.valueText
        default: return nil
        }
    }

    /// The command the line records: `set KEY VALUE` (a training setting), `set weight ...`/`set
    /// bias ...`, `reset` or `dataset SPEC`, parsed by the command language; throws for anything
    /// else. Lines written before words were quoted still read as they were meant: a line that
    /// does not tokenize is split at spaces, and `dataset` followed by several words is one spec
    /// with spaces (the recorder only ever writes one).
    public var action: Command {
        get throws(SessionError) {
            let words = (try? Tokenizer.tokenize(command).map(\.text))
                ?? command.split(separator: " ").map(String.init)
            var tokens = words.map { Token($0, column: 0) }
            if words.first == "dataset", words.count > 2 { tokens = [tokens[0], Token(words.dropFirst().joined(separator: " "), column: 0)] }
            let parsed: Command?
            do { parsed = try CommandParser.parse(tokens: tokens) } catch { throw SessionError("event '\(command)': \(error)") }
            switch parsed {
            case let command? where command.changesRun: return command
            case .showSetting?: throw SessionError("event '\(command)': expected 'set KEY VALUE'")
            default: throw SessionError("event '\(command)': not a command a session can replay (set KEY VALUE, reset, dataset SPEC)")
            }
        }
    }

    /// Applies the change to a running experiment: set KEY VALUE → `experiment.set`, reset →
    /// `experiment.reset()`, dataset SPEC → `set dataset SPEC`.
    public func apply(to experiment: Experiment) throws {
        switch try action {
        case let .set(assignment): try experiment.set(assignment)
        case let .dataset(spec): try experiment.set(TrainingConfiguration.assignment("dataset", spec))
        case let .setParameter(parameter): try experiment.set(parameter)
        case .reset: try experiment.reset()
        default: break
        }
    }

    /// Applies the change to a configuration alone (what the settings become; `reset` and a
    /// hand-set weight change none).
    public func apply(to configuration: inout TrainingConfiguration) throws {
        switch try action {
        case let .set(assignment): try configuration.apply(assignment)
        case let .dataset(spec): try configuration.set("dataset", spec)
        default: break
        }
    }
}

extension Command {
    /// True for the commands a session records as events: they change the run between steps
    /// (`set KEY VALUE` of a training setting, a hand-set weight, `reset`, `dataset SPEC`).
    public var changesRun: Bool {
        switch self {
        case .set, .setParameter, .reset, .dataset: true
        default: false
        }
    }
}
