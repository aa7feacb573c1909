import Terminal

/// What a key does while training live (`UIController` performs it).
public enum LiveKeyCommand: Sendable, Equatable {
    /// A training action for the worker.
    case action(TrainingAction)
    /// A training action that builds a new network: after `UIController.confirmAfterEpochs` epochs
    /// it asks first, naming what it does with these words.
    case reinitialising(TrainingAction, String)
    case toggleValidationPoints
    case toggleDiscretisedOutput
    case toggleSideBySide
    case toggleLogScale
    case cycleLandscape
    case openCommandLine
    case openHelp
    case quit
}

/// One row of the help overlay's key table and the keys it describes.
public struct KeyRow: Sendable {
    /// How the overlay names the keys ("a / A").
    public let label: String
    public let summary: String
    public let bindings: [(key: Key, command: LiveKeyCommand)]

    init(_ label: String, _ summary: String, _ bindings: [(key: Key, command: LiveKeyCommand)]) {
        self.label = label
        self.summary = summary
        self.bindings = bindings
    }
}

/// The live keys, declared once: `UIController` looks its bindings up here and the help overlay
/// (`KeyHelp.live`) lists these rows, so a key cannot do one thing and be documented as another.
/// The network view's and the inspector's keys belong to `InsideViewState`, which handles them
/// first and lists them between `training` and `session`.
public enum KeyMap {
    /// Training and the panels.
    public static let training: [KeyRow] = [
        KeyRow("space", "train one epoch", [(.character(" "), .action(.stepEpoch))]),
        KeyRow("b", "train one mini-batch", [(.character("b"), .action(.stepBatch))]),
        KeyRow("r", "run / pause continuous training", [(.character("r"), .action(.toggleRun))]),
        KeyRow("a / A", "next / previous activation (re-initialises the network)",
               [(.character("a"), .reinitialising(.nextActivation, "the next activation")),
                (.character("A"), .reinitialising(.previousActivation, "the previous activation"))]),
        KeyRow("+ / -", "learning rate x2 / /2",
               [(.character("+"), .action(.scaleLearningRate(2))), (.character("="), .action(.scaleLearningRate(2))),
                (.character("-"), .action(.scaleLearningRate(0.5))), (.character("_"), .action(.scaleLearningRate(0.5)))]),
        KeyRow("d", "next dataset", [(.character("d"), .reinitialising(.nextDataset, "the next dataset"))]),
        KeyRow("g", "regenerate the data: next data seed (re-initialises the network)",
               [(.character("g"), .reinitialising(.regenerateData, "new data (the next data seed)"))]),
        KeyRow("R", "reset: a new network, epoch 0", [(.character("R"), .reinitialising(.reset, "reset"))]),
        KeyRow("[ / ]", "slower / faster training (epochs a second, up to max)",
               [(.character("["), .action(.changeSpeed(faster: false))), (.character("]"), .action(.changeSpeed(faster: true)))]),
        KeyRow("l", "loss chart: log / linear scale", [(.character("l"), .toggleLogScale)]),
        KeyRow("v", "data panel: show / hide the validation points", [(.character("v"), .toggleValidationPoints)]),
        KeyRow("o", "data panel: discretised output (class regions) / confidence shading", [(.character("o"), .toggleDiscretisedOutput)]),
        KeyRow("L", "landscape panel: random directions, then pca, then off", [(.character("L"), .cycleLandscape)]),
        KeyRow("c", "comparing (:compare KEY VALUE): loss curves overlaid / every panel side by side", [(.character("c"), .toggleSideBySide)]),
    ]

    /// The session and the interface.
    public static let session: [KeyRow] = [
        KeyRow("s", "save the session", [(.character("s"), .action(.saveCopy))]),
        KeyRow(":", "command line (Tab completes, Up/Down history)", [(.character(":"), .openCommandLine)]),
        KeyRow("?", "this help (? or Esc closes)", [(.character("?"), .openHelp)]),
        KeyRow("q", "quit (asks to save an unsaved session)", [(.character("q"), .quit)]),
    ]

    /// What `key` does while training live, if anything.
    public static func command(for key: Key) -> LiveKeyCommand? {
        bindings[key]
    }

    private static let bindings: [Key: LiveKeyCommand] = {
        var table: [Key: LiveKeyCommand] = [:]
        for row in training + session {
            for binding in row.bindings {
                precondition(table[binding.key] == nil, "key \(binding.key) is bound twice")
                table[binding.key] = binding.command
            }
        }
        return table
    }()
}
