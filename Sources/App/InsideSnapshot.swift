import Datasets
import LinearAlgebra
import NeuralNetwork
import Render

/// A neuron of the network view: `layer` 0 is the input features, 1... the hidden layers and the
/// output layer; `unit` counts from 0.
public struct NeuronSelection: Sendable, Equatable {
    public var layer: Int
    public var unit: Int

    public init(layer: Int, unit: Int) {
        self.layer = layer
        self.unit = unit
    }
}

/// What the views that look inside the network need from the worker: the example the inspector
/// shows (nil: closed) and the neuron selected in the network view (nil: closed).
public struct InsideRequest: Sendable, Equatable {
    public var inspectedExample: Int?
    public var network: NeuronSelection?
    /// The hidden layer (from 1) whose z distribution the activation panel draws.
    public var distributionLayer: Int
    /// While comparing: the inspector and the network view look at run B (key `B`), not A.
    public var runB: Bool

    public init(inspectedExample: Int? = nil, network: NeuronSelection? = nil, distributionLayer: Int = 1, runB: Bool = false) {
        self.inspectedExample = inspectedExample
        self.network = network
        self.distributionLayer = distributionLayer
        self.runB = runB
    }

    public var isEmpty: Bool { inspectedExample == nil && network == nil }
}

/// The backprop inspector's data, computed by the worker at the current weights.
public struct InspectorData: Sendable {
    public var inspection: Inspection
    /// The epoch whose weights are inspected.
    public var epoch: Int
    public var trainCount: Int
    public var classNames: [String]
    /// The example's features as the dataset holds them (before standardisation).
    public var rawFeatures: [Double]
    /// "explain this point": the point's place on the data panel (2-D datasets), else nil.
    public var isPlanar: Bool

    /// The inspector on training example `example` (clamped to the split) of `trainer`, whose
    /// weights are those of epoch `epoch` (default: the trainer's).
    public static func make(trainer: Trainer<Float>, example: Int, epoch: Int? = nil) -> InspectorData? {
        guard trainer.trainCount > 0 else { return nil }
        let index = max(0, min(example, trainer.trainCount - 1))
        guard let inspection = try? trainer.inspect(example: index) else { return nil }
        return InspectorData(inspection: inspection, epoch: epoch ?? trainer.epoch, trainCount: trainer.trainCount,
                             classNames: trainer.dataset.classNames, rawFeatures: trainer.rawTrainingFeatures(example: index),
                             isPlanar: trainer.dataset.features == 2)
    }
}

/// One layer of the network view: its function, bias and (when not too large) weights.
public struct LayerPicture: Sendable {
    /// "tanh", "maxout", "identity" (output).
    public var unit: String
    public var units: Int
    public var fanIn: Int
    /// Pieces per unit (maxout), else 1.
    public var pieces: Int
    /// fan_in × (units · pieces), row-major; nil when larger than `NetworkPicture.maximumWeights`.
    public var weights: [Float]?
    /// One per column of z.
    public var bias: [Float]
}

/// What the network view draws, computed by the worker: the layers, each neuron's output over
/// the plane (2-D datasets) or on one example, the selected neuron's map at the data panel's
/// resolution, its incoming weights and its activity over the training examples.
public struct NetworkPicture: Sendable {
    /// Thumbnail samples per side.
    public static let thumbnailSide = 12
    /// Largest weight matrix copied into a snapshot; larger layers are summarised.
    public static let maximumWeights = 16_384
    /// Training examples the activity statistics use at most.
    public static let activityExamples = 1000

    public var inputs: Int
    /// "x1", "x2", ...
    public var inputNames: [String]
    /// Hidden layers, then the output layer.
    public var layers: [LayerPicture]
    /// The selection, clamped to the network.
    public var selected: NeuronSelection
    /// thumbnails[layer][unit]: the neuron's output over the plane (layer 0: the inputs), as a
    /// map whose colour is the sign (class 0 colour: positive, class 1: negative) and whose
    /// strength is |output| relative to the layer's largest; nil unless the dataset is 2-D.
    public var thumbnails: [[DecisionMap]]?
    /// Without a plane: each neuron's value on example `example` ([layer][unit], inputs first).
    public var exampleValues: [[Double]]
    public var example: Int
    /// The selected neuron's output over the data panel's grid with the data points, coloured like
    /// the thumbnails (scaled to its own largest |output|, `selectedScale`).
    public var selectedMap: DecisionMap?
    public var selectedScale: Float
    /// The selected neuron's incoming weights (fan_in, one per input; maxout: its winning pieces'
    /// columns side by side) and bias; empty for an input feature.
    public var selectedIncoming: [Float]
    public var selectedBias: [Float]
    /// Activity of the hidden units over `activityExamples` training examples ([hidden layer][unit]).
    public var activity: [[UnitActivity]]
    public var activityExampleCount: Int
    public var trainCount: Int

    /// Number of neurons in view layer `layer` (0: inputs).
    public func units(inLayer layer: Int) -> Int {
        layer == 0 ? inputs : layers[layer - 1].units
    }

    /// `selection` moved into the network's range.
    public static func clamp(_ selection: NeuronSelection, layers: [Int]) -> NeuronSelection {
        let layer = max(0, min(selection.layer, layers.count - 1))
        return NeuronSelection(layer: layer, unit: max(0, min(selection.unit, layers[layer] - 1)))
    }

    /// The picture of `trainer`'s network with `selection`, the selected map sampled at `grid`;
    /// `example` is the example shown when the data are not 2-D.
    public static func make(trainer: Trainer<Float>, selection: NeuronSelection, grid: GridSize, example: Int) -> NetworkPicture {
        let network = trainer.network
        let dataset = trainer.dataset
        let widths = [network.inputs] + network.layers.map(\.units)
        let selected = clamp(selection, layers: widths)
        let layers = network.layers.enumerated().map { l, layer in
            LayerPicture(unit: l == network.layers.count - 1 ? "identity" : layer.unit.name, units: layer.units, fanIn: layer.inputs,
                         pieces: layer.unit.pieces,
                         weights: layer.weights.count <= maximumWeights ? Array(layer.weights.elements) : nil, bias: layer.bias)
        }
        var incoming: [Float] = [], bias: [Float] = []
        if selected.layer > 0 {
            let layer = network.layers[selected.layer - 1]
            let k = layer.unit.pieces
            for i in 0..<layer.inputs { for j in 0..<k { incoming.append(layer.weights[i, selected.unit * k + j]) } }
            bias = (0..<k).map { layer.bias[selected.unit * k + $0] }
        }
        let activity = trainer.unitActivity(limit: activityExamples)
        var picture = NetworkPicture(
            inputs: network.inputs, inputNames: (1...max(1, network.inputs)).map { "x\($0)" }, layers: layers, selected: selected,
            thumbnails: nil, exampleValues: [], example: 0, selectedMap: nil, selectedScale: 1,
            selectedIncoming: incoming, selectedBias: bias, activity: activity.layers, activityExampleCount: activity.examples,
            trainCount: trainer.trainCount)
        if dataset.features == 2 {
            let (_, xRange, yRange) = DataView.points(of: dataset)
            let side = thumbnailSide
            let outputs = trainer.layerOutputs(points: planeGrid(columns: side, rows: side, x: xRange, y: yRange), count: side * side)
            let inputPlane = planeGrid(columns: side, rows: side, x: xRange, y: yRange).map { Float($0) }
            let all = [inputPlane] + outputs
            var thumbnails: [[DecisionMap]] = []
            for (l, values) in all.enumerated() {
                let units = widths[l]
                let scale = max(values.reduce(0) { max($0, abs($1)) }, 1e-6)
                thumbnails.append((0..<units).map { u in
                    let grid = (0..<side).reversed().map { r in (0..<side).map { c in signed(values[(r * side + c) * units + u], scale: scale) } }
                    return DecisionMap(grid: grid, points: [], xRange: xRange, yRange: yRange)
                })
            }
            picture.thumbnails = thumbnails
            if grid.columns > 0, grid.rows > 0 {
                let points = planeGrid(columns: grid.columns, rows: grid.rows, x: xRange, y: yRange)
                let units = widths[selected.layer]
                let values = selected.layer == 0 ? points.map { Float($0) }
                    : trainer.layerOutputs(points: points, count: grid.columns * grid.rows)[selected.layer - 1]
                let scale = max((0..<(grid.columns * grid.rows)).reduce(Float(0)) { max($0, abs(values[$1 * units + selected.unit])) }, 1e-6)
                let samples = (0..<grid.rows).reversed().map { r in
                    (0..<grid.columns).map { c in signed(values[(r * grid.columns + c) * units + selected.unit], scale: scale) }
                }
                picture.selectedMap = DecisionMap(grid: samples, points: DataView.points(of: dataset).points, xRange: xRange, yRange: yRange)
                picture.selectedScale = scale
            }
        } else if let data = InspectorData.make(trainer: trainer, example: example) {
            picture.example = data.inspection.example
            picture.exampleValues = [data.inspection.input] + data.inspection.layers.map(\.a)
        }
        return picture
    }

    /// A neuron's output as a map sample: class 0's colour for positive, class 1's for negative,
    /// as strong as |value| / scale.
    static func signed(_ value: Float, scale: Float) -> DecisionMap.Sample {
        DecisionMap.Sample(classIndex: value >= 0 ? 0 : 1, confidence: Double(min(1, abs(value) / scale)))
    }

    /// Raw input points on a columns × rows grid over the ranges, row 0 at the top (largest y).
    static func planeGrid(columns: Int, rows: Int, x: ClosedRange<Double>, y: ClosedRange<Double>) -> [Double] {
        var points: [Double] = []
        points.reserveCapacity(columns * rows * 2)
        for r in 0..<rows {
            let py = y.upperBound - (Double(r) + 0.5) / Double(rows) * (y.upperBound - y.lowerBound)
            for c in 0..<columns {
                points.append(x.lowerBound + (Double(c) + 0.5) / Double(columns) * (x.upperBound - x.lowerBound))
                points.append(py)
            }
        }
        return points
    }
}
