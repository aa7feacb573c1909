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
    /// Esc: clears the message line (a view's Esc, `InsideKeys`, comes first).
    case clearMessage
    case quit
}

/// What a key does while the help overlay is open.
public enum HelpKeyCommand: Sendable, Equatable {
    case close
    /// Leave the replay (from the replay's help).
    case leave
}

/// The live keys, declared once: `UIController` looks its bindings up here and the help overlay,
/// the bottom line's hint and the README list these rows, so a key cannot do one thing and be
/// documented as another. The network view's and the inspector's keys are `InsideKeys`'s, which
/// `UIController` looks up first; the overlay lists them between `training` and `session`.
public enum KeyMap {
    /// Training and the panels.
    public static let training: [KeyRow<LiveKeyCommand>] = [
        KeyRow("space", "train one epoch", hint: "step", [(.character(" "), .action(.stepEpoch))]),
        KeyRow("b", "train one mini-batch", hint: "batch", [(.character("b"), .action(.stepBatch))]),
        KeyRow("r", "run / pause continuous training", hint: "run", [(.character("r"), .action(.toggleRun))]),
        KeyRow("a / A", "next / previous activation (re-initialises the network)", hint: "activation",
               [(.character("a"), .reinitialising(.nextActivation, "the next activation")),
                (.character("A"), .reinitialising(.previousActivation, "the previous activation"))]),
        KeyRow("+ / -", "learning rate x2 / /2", hint: "lr",
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
    public static let session: [KeyRow<LiveKeyCommand>] = [
        KeyRow("s", "save the session", [(.character("s"), .action(.saveCopy))]),
        KeyRow(":", "command line (Tab completes, Up/Down history)", hint: "command", [(.character(":"), .openCommandLine)]),
        KeyRow("?", "this help (? or Esc closes)", hint: "help", [(.character("?"), .openHelp)]),
        KeyRow("Esc", "clear the message line", [(.escape, .clearMessage)]),
        KeyRow("q", "quit (asks to save an unsaved session)", hint: "quit", [(.character("q"), .quit)]),
    ]

    /// The live context's table: `training`, then `session`.
    public static let live = KeyTable("live training", training + session)

    /// What `key` does while training live, if anything.
    public static func command(for key: Key) -> LiveKeyCommand? {
        live.command(for: key)
    }

    /// The live rows the lesson's key line names after its own (the others are in the help).
    public static let lessonKeyLine = KeyTable("lesson key line", [LiveKeyCommand.action(.stepEpoch), .action(.toggleRun), .openCommandLine, .openHelp, .quit]
        .compactMap { live.row(of: $0) })

    /// The help overlay's keys during live training.
    public static let helpOverlay = KeyTable<HelpKeyCommand>("help overlay", [
        KeyRow("? / Esc / q", "close this help", hint: "closes",
               [(.character("?"), .close), (.escape, .close), (.character("q"), .close)]),
    ])
}
