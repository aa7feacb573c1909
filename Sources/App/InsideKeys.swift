import Terminal

/// What a key does in the views that look inside the network (`InsideViewState` performs the
/// moves; `switchRun` and `editSelectedNeuron` are their owner's, which knows the comparison and
/// the command line).
public enum InsideKeyCommand: Sendable, Equatable {
    case toggleNetworkView
    case toggleInspector
    /// Esc: back to the overview (only while a view is open).
    case close
    case toggleDistributions
    /// While comparing: the inspector and the network view show run A / run B.
    case switchRun
    /// The network view's selected neuron: opens the command line at `set bias L J `.
    case editSelectedNeuron
    case moveNeuron(by: Int)
    case moveLayer(by: Int)
    case moveExample(by: Int)
    case scroll(by: Int)
}

/// The inside views' keys, declared once for live training and replay (where ←/→ move through
/// the epochs, so the layer and the example move with Tab / Shift-Tab only): `InsideViewState`
/// looks them up, the help overlay and the README list these rows.
public enum InsideKeys {
    /// Keys that work whichever view is open (and over the overview), live and in replay.
    public static let views = KeyTable<InsideKeyCommand>("inside views", [
        KeyRow("n", "network view: each neuron's output, weights, bias (n or Esc closes)", [(.character("n"), .toggleNetworkView)]),
        KeyRow("i", "backprop inspector on one training example (i or Esc closes)", [(.character("i"), .toggleInspector)]),
        KeyRow("Esc", "close the network view or the inspector", [(.escape, .close)]),
        KeyRow("click", "a neuron (network view) selects it; a point (data panel) opens the inspector on it", []),
        KeyRow("D", "percentile bands of z, a, ∂L/∂W over the epochs (the network view's layer)", [(.character("D"), .toggleDistributions)]),
        KeyRow("B", "comparing two runs: the inspector and the network view show run A / run B", [(.character("B"), .switchRun)]),
    ])
    /// The network view's own keys.
    public static func network(replay: Bool) -> KeyTable<InsideKeyCommand> { replay ? networkInReplay : networkLive }
    /// The backprop inspector's own keys.
    public static func inspector(replay: Bool) -> KeyTable<InsideKeyCommand> { replay ? inspectorInReplay : inspectorLive }

    /// "previous / next" on Tab and Shift-Tab, and on ←/→ while training live.
    private static func sideways(replay: Bool, _ command: (Int) -> InsideKeyCommand) -> (label: String, bindings: [(key: Key, command: InsideKeyCommand)]) {
        let tabs: [(key: Key, command: InsideKeyCommand)] = [(.backTab, command(-1)), (.tab, command(1))]
        return replay ? ("Tab / S-Tab", tabs) : ("<- / ->, Tab / S-Tab", [(.left, command(-1)), (.right, command(1))] + tabs)
    }

    private static func networkRows(replay: Bool) -> [KeyRow<InsideKeyCommand>] {
        let layer = sideways(replay: replay) { .moveLayer(by: $0) }
        let edit = [KeyRow<InsideKeyCommand>("  e", "edit the selected neuron: opens :set bias L J for its new value", [(.character("e"), .editSelectedNeuron)])]
        return [KeyRow("  Up / Down", "select a neuron", [(.up, .moveNeuron(by: -1)), (.down, .moveNeuron(by: 1))]),
                KeyRow("  " + layer.label, "select a layer", layer.bindings)] + (replay ? [] : edit)
    }
    private static let networkLive = KeyTable("network view", networkRows(replay: false))
    private static let networkInReplay = KeyTable("network view (replay)", networkRows(replay: true))

    private static func inspectorRows(replay: Bool) -> [KeyRow<InsideKeyCommand>] {
        let example = sideways(replay: replay) { .moveExample(by: $0) }
        return [KeyRow("  " + example.label, "previous / next example", example.bindings),
                KeyRow("  Up / Down", "scroll", [(.up, .scroll(by: -1)), (.down, .scroll(by: 1))]),
                KeyRow("  PgUp / PgDn", "scroll ten lines", [(.pageUp, .scroll(by: -10)), (.pageDown, .scroll(by: 10))])]
    }
    private static let inspectorLive = KeyTable("backprop inspector", inspectorRows(replay: false))
    private static let inspectorInReplay = KeyTable("backprop inspector (replay)", inspectorRows(replay: true))

    /// The help overlay's rows: each view's toggle followed by its own keys, then the others.
    public static func helpEntries(replay: Bool) -> [(key: String, action: String)] {
        views.rows.flatMap { row -> [(key: String, action: String)] in
            let own: [(key: String, action: String)]
            switch row.bindings.first?.command {
            case .toggleNetworkView?: own = network(replay: replay).entries
            case .toggleInspector?: own = inspector(replay: replay).entries
            default: own = []
            }
            return [(row.label, row.summary)] + own
        }
    }
}
