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

    /// Parses the command line; throws for anything a session cannot replay.
    public var action: Action {
        get throws(SessionError) {
            let trimmed = command.drop(while: { $0 == " " })
            let word = trimmed.prefix(while: { $0 != " " })
            let rest = String(trimmed.dropFirst(word.count).drop(while: { $0 == " " }))
            switch word {
            case "reset" where rest.isEmpty: return .reset
            case "dataset" where !rest.isEmpty: return .dataset(rest)
            case "set":
                let key = rest.prefix(while: { $0 != " " })
                let value = String(rest.dropFirst(key.count).drop(while: { $0 == " " }))
                guard !key.isEmpty, !value.isEmpty else { throw SessionError("event '\(command)': expected 'set KEY VALUE'") }
                let words = value.split(separator: " ").map(String.init)
                if HandSetParameter.isHandSet(key: String(key), wordCount: words.count) {
                    do { return .setParameter(try HandSetParameter(kind: key.lowercased(), arguments: words)) } catch {
                        throw SessionError("event '\(command)': \(error)")
                    }
                }
                return .set(key: String(key), value: value)
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
