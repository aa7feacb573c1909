import ArgumentParser
import Datasets
import NeuralNetwork

/// Shell-completion candidates for option values, from the names the program itself declares, so
/// the scripts `--generate-completion-script` writes cannot drift from what the parser accepts.
/// New options that take one of these values should use the same kinds.
enum ShellCompletions {
    /// The built-in dataset names (csv:PATH and idx:IMAGES,LABELS are typed out).
    static let dataset = CompletionKind.list(DatasetSpec.builtInNames)
    /// The hidden-unit names (`--activation`); parameters (elu:0.5, maxout:3) are typed out.
    static let activation = CompletionKind.list(UnitKind.allNames)
    /// Session files (JSON Lines) and directories.
    static let sessionFile = CompletionKind.file(extensions: ["jsonl"])
}
