import CommandText
import NeuralNetwork

/// A change the user made between steps, recorded as the canonical command-language line that made
/// it: "set lr 0.05", "set activation tanh", "reset", "dataset xor". Replaying a session re-applies
/// these lines through `apply(to:)`, the one place their meaning is defined.
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
        case let .set(key, value)? where (try? TrainingConfiguration.setting(named: key).key) == "dataset": return value
        default: return nil
        }
    }

    /// What a command line means.
    public enum Action: Sendable, Equatable {
        /// `set KEY VALUE`: `Experiment.set(KEY, VALUE)`.
        case set(key: String, value: String)
        /// `reset`: a new network with the current settings and seed.
        case reset
        /// `dataset SPEC`: the same as `set dataset SPEC`.
        case dataset(String)
        /// `set weight L I J VALUE`, `set bias L J VALUE`: `Experiment.set(parameter)`.
        case setParameter(HandSetParameter)

        /// The canonical line.
        public var command: String {
            switch self {
            case let .set(key, value): return "set \(key) \(value)"
            case .reset: return "reset"
            case let .dataset(spec): return "dataset \(spec)"
            case let .setParameter(parameter): return parameter.command
            }
        }
    }

    /// Parses the command line, unquoting its words as the command language does (a dataset path
    /// with spaces is recorded quoted); throws for anything a session cannot replay. A line that
    /// does not tokenize (files written before quoting) is split at spaces as it was then.
    public var action: Action {
        get throws(SessionError) {
            let words = (try? Tokenizer.tokenize(command).map(\.text))
                ?? command.split(separator: " ").map(String.init)
            guard let word = words.first else {
                throw SessionError("event '\(command)': not a command a session can replay (set KEY VALUE, reset, dataset SPEC)")
            }
            let rest = words.dropFirst()
            switch word {
            case "reset" where rest.isEmpty: return .reset
            case "dataset" where !rest.isEmpty: return .dataset(rest.joined(separator: " "))
            case "set":
                guard let key = rest.first, rest.count > 1 else { throw SessionError("event '\(command)': expected 'set KEY VALUE'") }
                let values = Array(rest.dropFirst())
                if HandSetParameter.isHandSet(key: key, wordCount: values.count) {
                    do { return .setParameter(try HandSetParameter(kind: key.lowercased(), arguments: values)) } catch {
                        throw SessionError("event '\(command)': \(error)")
                    }
                }
                return .set(key: key, value: values.joined(separator: " "))
            default:
                throw SessionError("event '\(command)': not a command a session can replay (set KEY VALUE, reset, dataset SPEC)")
            }
        }
    }

    /// Applies the change to a running experiment: set KEY VALUE → `experiment.set`, reset →
    /// `experiment.reset()`, dataset SPEC → `experiment.set("dataset", SPEC)`.
    public func apply(to experiment: Experiment) throws {
        switch try action {
        case let .set(key, value): try experiment.set(key, value)
        case .reset: try experiment.reset()
        case let .dataset(spec): try experiment.set("dataset", spec)
        case let .setParameter(parameter): try experiment.set(parameter)
        }
    }

    /// Applies the change to a configuration alone (what the settings become; `reset` and a
    /// hand-set weight change none).
    public func apply(to configuration: inout TrainingConfiguration) throws {
        switch try action {
        case let .set(key, value): try configuration.set(key, value)
        case .reset, .setParameter: break
        case let .dataset(spec): try configuration.set("dataset", spec)
        }
    }
}
