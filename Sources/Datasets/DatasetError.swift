/// Everything that can go wrong while describing, generating or loading a dataset.
///
/// Every message says what was wrong and where: the spec text, the file and line:column (CSV) or the
/// byte offset (IDX).
public enum DatasetError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The dataset spec text could not be understood (`message` says which part and why).
    case invalidSpec(spec: String, message: String)
    /// The spec names no known dataset; `suggestion` is the closest known name, if one is close.
    case unknownDataset(name: String, suggestion: String?)
    /// A file could not be opened or read, or is unusable as a whole (too large, empty).
    case file(path: String, message: String)
    /// A CSV problem at `line` (1-based) and, when known, field `column` (1-based).
    case csv(path: String, line: Int, column: Int?, message: String)
    /// An IDX problem, at byte `offset` of the (decompressed) file when known.
    case idx(path: String, offset: Int?, message: String)
    /// Images and labels (or other paired inputs) do not fit together.
    case mismatch(message: String)
    /// An input-feature list (`--features`) could not be used.
    case invalidFeatures(list: String, message: String)
    /// A data option given beside the spec (`--noise`, `--data-seed`) could not be used.
    case invalidOption(name: String, message: String)

    public var description: String {
        switch self {
        case let .invalidSpec(spec, message):
            return "invalid dataset '\(spec)': \(message)"
        case let .unknownDataset(name, suggestion):
            let known = DatasetSpec.builtInNames.joined(separator: ", ")
            let hint = suggestion.map { " (did you mean '\($0)'?)" } ?? ""
            return "unknown dataset '\(name)'\(hint); built-in datasets: \(known), or csv:PATH, idx:IMAGES,LABELS"
        case let .file(path, message):
            return "\(path): \(message)"
        case let .csv(path, line, column, message):
            if let column { return "\(path):\(line):\(column): \(message)" }
            return "\(path):\(line): \(message)"
        case let .idx(path, offset, message):
            if let offset { return "\(path): byte \(offset): \(message)" }
            return "\(path): \(message)"
        case let .mismatch(message):
            return message
        case let .invalidFeatures(list, message):
            return "features \(list): \(message)"
        case let .invalidOption(name, message):
            return "\(name): \(message)"
        }
    }
}
