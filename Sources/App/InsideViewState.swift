import Terminal

/// Which of the views that look inside the network is open, and where it stands: the inspected
/// example and its scroll position, the neuron selected in the network view. The keys are
/// `InsideKeys`'s rows, looked up by `command(for:replay:)` and performed by `perform`; a click
/// (`click(_:points:)`) selects a neuron or explains a data point.
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

    /// What `key` means for these views now (`InsideKeys`): nil when it is not theirs (Esc with
    /// no view open, a view's own key while it is closed).
    public func command(for key: Key, replay: Bool) -> InsideKeyCommand? {
        if let command = InsideKeys.views.command(for: key) {
            return command == .close && view == .overview ? nil : command
        }
        switch view {
        case .overview: return nil
        case .network: return InsideKeys.network(replay: replay).command(for: key)
        case .inspector: return InsideKeys.inspector(replay: replay).command(for: key)
        }
    }

    /// Performs `command` on these views' state (`editSelectedNeuron` is the owner's and changes
    /// nothing here). `trainCount` and `layerWidths` (inputs first) clamp the moves when known.
    public mutating func perform(_ command: InsideKeyCommand, trainCount: Int?, layerWidths: [Int]?) {
        switch command {
        case .toggleNetworkView: view = view == .network ? .overview : .network
        case .toggleInspector:
            view = view == .inspector ? .overview : .inspector
            scroll = 0
        case .close: view = .overview
        case .toggleDistributions: showsDistributions.toggle()
        case .switchRun: showsRunB.toggle()
        case .editSelectedNeuron: break
        case let .moveExample(by: offset): moveExample(by: offset, trainCount: trainCount)
        case let .scroll(by: lines): scroll = max(0, scroll + lines)
        case let .moveNeuron(by: offset): moveSelection(NeuronSelection(layer: selection.layer, unit: selection.unit + offset), layerWidths)
        case let .moveLayer(by: offset): moveSelection(NeuronSelection(layer: selection.layer + offset, unit: selection.unit), layerWidths)
        }
    }

    private mutating func moveSelection(_ target: NeuronSelection, _ layerWidths: [Int]?) {
        if let widths = layerWidths, !widths.isEmpty {
            selection = NetworkPicture.clamp(target, layers: widths)
        } else {
            selection = NeuronSelection(layer: max(0, target.layer), unit: max(0, target.unit))
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
