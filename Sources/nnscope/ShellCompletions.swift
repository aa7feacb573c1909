import ArgumentParser
import Datasets
import NeuralNetwork
import WeightFiles

/// Shell-completion candidates for option values, from the names the program itself declares, so
/// the scripts `--generate-completion-script` writes cannot drift from what the parser accepts.
/// New options that take one of these values should use the same kinds.
enum ShellCompletions {
    // The training settings' options complete from the settings table (`settingCompletion`).
    /// Session files (JSON Lines) and directories.
    static let sessionFile = CompletionKind.file(extensions: [sessionExtension])
    /// Weight files (.npz, .safetensors) and directories.
    static let weightFile = CompletionKind.file(extensions: WeightFileFormat.allCases.map(\.rawValue))
    /// Either of the two.
    static let sessionOrWeightFile = CompletionKind.file(extensions: [sessionExtension] + WeightFileFormat.allCases.map(\.rawValue))

    private static let sessionExtension = "jsonl"
}
