import Terminal

/// Which of the views that look inside the network is open, and where it stands: the inspected
/// example and its scroll position, the neuron selected in the network view. The keys are
/// declared here once, for live training and replay (`keys(replay:)` feeds the help overlay).
///
/// `n` toggles the network view, `i` the backprop inspector, Esc closes either. Network view:
/// ↑/↓ the neuron, ←/→ the layer (in replay, where ←/→ move through the epochs: Tab/Shift-Tab).
/// Inspector: ←/→ the example (replay: Tab/Shift-Tab), ↑/↓ and PgUp/PgDn scroll. A click
/// (`click(_:points:)`) selects a neuron or explains a data point; `D` toggles the distribution
/// charts.
public struct InsideViewState: Sendable, Equatable {
    public enum View: Sendable, Equatable {
        case overview
        case network
        case inspector
    }

    public var view: View = .overview
    /// The training example the inspector shows (0-based).
    public var example = 0
    /// The network view's selected neuron (layer 0: the inputs).
    public var selection = NeuronSelection(layer: 1, unit: 0)
    /// The inspector's first line shown.
    public var scroll = 0
    /// The distribution charts in the activation panel's place (`D`), for the selected layer.
    public var showsDistributions = false

    /// While comparing: the inspector and the network view show run B (`B` switches); the
    /// overview shows both runs whatever this is.
    public var showsRunB = false

    /// The key that switches the inspector and the network view between run A and run B.
    public static let runKey: Key = .character("B")

    public init() {}

    /// What the worker must compute for the open view (the inspector also feeds the network
    /// view's example when the data are not 2-D).
    public var request: InsideRequest {
        let layer = max(1, selection.layer)
        switch view {
        case .overview: return InsideRequest(distributionLayer: layer, runB: showsRunB)
        case .network: return InsideRequest(inspectedExample: nil, network: selection, distributionLayer: layer, runB: showsRunB)
        case .inspector: return InsideRequest(inspectedExample: example, network: nil, distributionLayer: layer, runB: showsRunB)
        }
    }

    /// The keys, as the help overlay lists them.
    public static func keys(replay: Bool) -> [(key: String, action: String)] {
        let layer = replay ? "Tab / S-Tab" : "<- / ->"
        let edit: [(key: String, action: String)] = replay ? [] : [("  e", "edit the selected neuron: opens :set bias L J for its new value")]
        return [
            ("n", "network view: each neuron's output, weights, bias (n or Esc closes)"),
            ("  Up / Down, \(layer)", "select a neuron / a layer"),
        ] + edit + [
            ("i", "backprop inspector on one training example (i or Esc closes)"),
            ("  \(replay ? "Tab / S-Tab" : "<- / ->"), Up / Down", "previous / next example; scroll"),
            ("click", "a neuron (network view) selects it; a point (data panel) opens the inspector on it"),
            ("D", "percentile bands of z, a, ∂L/∂W over the epochs (the network view's layer)"),
            ("B", "comparing two runs: the inspector and the network view show run A / run B"),
        ]
    }

    /// Applies `key` when it belongs to these views; true when it did (the state may have
    /// changed). `trainCount` and `layerWidths` (inputs first) clamp the moves when known.
    public mutating func handle(_ key: Key, replay: Bool, trainCount: Int?, layerWidths: [Int]?) -> Bool {
        switch key {
        case .character("n"):
            view = view == .network ? .overview : .network
            return true
        case .character("i"):
            view = view == .inspector ? .overview : .inspector
            scroll = 0
            return true
        case .escape where view != .overview:
            view = .overview
            return true
        case .character("D"):
            showsDistributions.toggle()
            return true
        default:
            break
        }
        switch view {
        case .overview:
            return false
        case .inspector:
            switch key {
            case .right where !replay, .tab: moveExample(by: 1, trainCount: trainCount)
            case .left where !replay, .backTab: moveExample(by: -1, trainCount: trainCount)
            case .down: scroll += 1
            case .up: scroll = max(0, scroll - 1)
            case .pageDown: scroll += 10
            case .pageUp: scroll = max(0, scroll - 10)
            default: return false
            }
            return true
        case .network:
            let widths = layerWidths ?? []
            switch key {
            case .down: selection.unit += 1
            case .up: selection.unit -= 1
            case .right where !replay, .tab: selection.layer += 1
            case .left where !replay, .backTab: selection.layer -= 1
            default: return false
            }
            if !widths.isEmpty {
                selection = NetworkPicture.clamp(selection, layers: widths)
            } else {
                selection = NeuronSelection(layer: max(0, selection.layer), unit: max(0, selection.unit))
            }
            return true
        }
    }

    /// Applies a click: a neuron of the network view becomes the selection; a place on the data
    /// panel opens the inspector on the nearest training example of `points` ("explain this
    /// point"). True when the state changed.
    public mutating func click(_ target: ClickTarget, points: TrainingPoints?) -> Bool {
        switch target {
        case let .neuron(neuron):
            guard view == .network, neuron != selection else { return false }
            selection = neuron
            return true
        case let .planePoint(x, y, cellWidth, cellHeight):
            guard let nearest = points?.nearest(x: x, y: y, cellWidth: cellWidth, cellHeight: cellHeight) else { return false }
            view = .inspector
            example = nearest
            scroll = 0
            return true
        }
    }

    private mutating func moveExample(by offset: Int, trainCount: Int?) {
        let next = example + offset
        if let trainCount, trainCount > 0 {
            example = (next % trainCount + trainCount) % trainCount
        } else {
            example = max(0, next)
        }
        scroll = 0
    }
}

extension NetworkPicture {
    /// Neurons per view layer, inputs first.
    public var layerWidths: [Int] { [inputs] + layers.map(\.units) }
}
