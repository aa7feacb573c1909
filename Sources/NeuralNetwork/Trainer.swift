import Activations
import Datasets
import LinearAlgebra
import Randomness

/// Where training stands.
public enum TrainerStatus: Sendable, Equatable {
    case ready
    /// A non-finite loss, gradient or weight stopped training; the weights are the last finite ones.
    case diverged(String)
    /// The validation loss stopped improving for `patience` epochs.
    case stoppedEarly(String)

    public var isReady: Bool { self == .ready }
}

/// What one call of `stepBatch` did.
public enum StepOutcome: Sendable, Equatable {
    /// One mini-batch trained; `loss` is its mean loss.
    case batch(loss: Double)
    /// The batch completed an epoch.
    case epoch(EpochMetrics)
    /// Nothing was done: training has diverged or stopped early (see `Trainer.status`).
    case halted(TrainerStatus)
}

/// Computes ∂L/∂θ for a batch another way than `Network.backward` (automatic differentiation).
public protocol GradientEngine<Scalar>: AnyObject {
    associatedtype Scalar: NNScalar
    /// Writes the gradients of the batch's mean loss into `workspace.gradients`. `workspace` holds a
    /// completed forward pass of `input`.
    func computeGradients(network: Network<Scalar>, input: Matrix<Scalar>, labels: [Int32],
                          targets: Matrix<Scalar>?, workspace: inout Workspace<Scalar>) throws
}

/// Trains a network on a dataset, one mini-batch at a time, so a UI can step it between frames.
///
/// Buffers are sized once; after the first batch a training step allocates nothing. The same
/// configuration, dataset and seed give bit-identical results.
public final class Trainer<Scalar: NNScalar> {
    public let configuration: TrainingConfiguration
    public let dataset: Dataset
    public private(set) var network: Network<Scalar>
    public private(set) var status: TrainerStatus = .ready
    /// Completed epochs.
    public private(set) var epoch = 0
    /// Mini-batches completed in the current epoch.
    public private(set) var batchInEpoch = 0
    public private(set) var history: [EpochMetrics] = []
    /// Keep only about this many of the latest epochs in `history` (nil: all). Headless runs that
    /// stream their epochs elsewhere set it so that memory stays flat however long they train.
    public var historyLimit: Int?
    /// The whole run at bounded size (evenly spaced epochs and the latest), for charts.
    public private(set) var overview = EpochOverview()
    /// The lowest validation loss of any epoch so far (nil without a validation set).
    public private(set) var lowestValidationLoss: Double?
    /// The loss of this network's first mini-batch, before any update (since it was built or
    /// restored): what `EpochWarning.explodingLoss` compares an epoch's training loss with.
    public private(set) var firstLoss: Double?
    /// Gradients from another engine than backprop (see `GradientEngine`); nil for backprop.
    public var gradientEngine: (any GradientEngine<Scalar>)?

    public let loss: Loss
    public let trainCount: Int
    public let validationCount: Int
    /// The dataset rows held out for validation, ascending (every other row trains).
    public let validationRows: [Int]
    /// The input features computed from the dataset's 2-D points (nil: the dataset's own inputs).
    public let inputFeatures: [InputFeature]?
    /// Per-feature mean and scale applied to the network's inputs (after the feature transform;
    /// identity when standardisation is off).
    public let featureMean: [Double]
    public let featureScale: [Double]

    var optimizer: Optimizer<Scalar>
    var workspace: Workspace<Scalar>
    var evaluationWorkspace: Workspace<Scalar>
    /// The network the next update is written into; after a step it holds the previous weights,
    /// so a step that makes a weight non-finite is dropped by not swapping.
    var spareNetwork: Network<Scalar>
    var trainX: Matrix<Scalar>
    var trainLabels: [Int32]
    var trainTargets: Matrix<Scalar>?
    var validationX: Matrix<Scalar>
    var validationLabels: [Int32]
    var validationTargets: Matrix<Scalar>?
    var batchX: Matrix<Scalar>
    var batchLabels: [Int32]
    var batchTargets: Matrix<Scalar>?
    var evaluationX: Matrix<Scalar>
    var evaluationLabels: [Int32]
    var evaluationTargets: Matrix<Scalar>?
    var order: [Int]
    var shuffler: SeededGenerator
    var position = 0
    var batchSize: Int
    // Accumulated over the current epoch.
    var lossSum = 0.0
    var correct = 0
    var samples = 0
    var gradNormSums: [Double]
    /// Σg² of each layer's weight gradient in the current step.
    var weightGradientSquares: [Scalar]
    /// Whether the network normalises its hidden layers (the running statistics follow every step).
    let hasBatchNormalization: Bool
    var bestValidationLoss = Double.infinity
    var bestEpoch = 0

    /// A trainer with a freshly initialised network on `dataset`. `standardize` overrides the
    /// configuration's choice (without it, a dataset given directly is standardised unless the
    /// setting is `off`; `init(configuration:)` decides by the spec, see `Standardization`).
    public init(configuration: TrainingConfiguration, dataset: Dataset, standardize: Bool? = nil) throws(NetworkError) {
        try configuration.validate()
        guard dataset.count >= 2 else { throw .invalid("dataset \(dataset.name) has \(dataset.count) examples; at least 2 are needed") }
        guard dataset.features >= 1 else { throw .invalid("dataset \(dataset.name) has no input features") }
        let loss = configuration.loss ?? (dataset.isClassification ? .softmaxCrossEntropy : .meanSquaredError)
        switch (loss, dataset.task) {
        case (.meanSquaredError, .classification):
            throw .invalid("loss mse needs a regression dataset; \(dataset.name) is a classification dataset")
        case (.softmaxCrossEntropy, .regression), (.binaryCrossEntropy, .regression):
            throw .invalid("loss \(loss.rawValue) needs class labels; \(dataset.name) is a regression dataset")
        case let (.binaryCrossEntropy, .classification(_, names)) where names.count != 2:
            throw .invalid("binary-cross-entropy needs exactly 2 classes; \(dataset.name) has \(names.count)")
        default: break
        }
        self.configuration = configuration
        self.dataset = dataset
        self.loss = loss

        let (trainRows, validationRows) = dataset.split(validationFraction: configuration.validationFraction,
                                                        seed: configuration.seed ^ 0x5EED_0000_0000_0001)
        self.trainCount = trainRows.count
        self.validationCount = validationRows.count
        self.validationRows = validationRows

        // The network's inputs: the dataset's own, or the input features computed from its points.
        let fed: Dataset
        if let features = configuration.features {
            do { fed = try dataset.mapped(through: features) } catch { throw .invalid("\(error)") }
        } else {
            fed = dataset
        }
        self.inputFeatures = configuration.features
        // Standardisation with the training split's statistics.
        let f = fed.features
        if standardize ?? (configuration.standardize != .off) {
            let statistics = FeatureStatistics(of: fed, rows: trainRows)
            featureMean = statistics.means
            featureScale = statistics.standardDeviations
        } else {
            featureMean = Array(repeating: 0, count: f)
            featureScale = Array(repeating: 1, count: f)
        }
        let mean = featureMean, scale = featureScale

        let outputs = loss == .binaryCrossEntropy ? 1 : dataset.outputs
        try Trainer.checkParameterCount(features: f, hidden: configuration.hidden, units: configuration.hiddenUnits, outputs: outputs)
        func inputs(_ rows: [Int]) -> Matrix<Scalar> {
            var m = Matrix<Scalar>(rows: rows.count, columns: f)
            for (i, r) in rows.enumerated() {
                for j in 0..<f { m[i, j] = Scalar((fed.inputs[r * f + j] - mean[j]) / scale[j]) }
            }
            return m
        }
        func labels(_ rows: [Int]) -> [Int32] {
            guard case let .classification(all, _) = dataset.task else { return Array(repeating: 0, count: rows.count) }
            return rows.map { Int32(all[$0]) }
        }
        func targets(_ rows: [Int]) -> Matrix<Scalar>? {
            guard case let .regression(all, k) = dataset.task else { return nil }
            var m = Matrix<Scalar>(rows: rows.count, columns: k)
            for (i, r) in rows.enumerated() { for j in 0..<k { m[i, j] = Scalar(all[r * k + j]) } }
            return m
        }
        trainX = inputs(trainRows)
        trainLabels = labels(trainRows)
        trainTargets = targets(trainRows)
        validationX = inputs(validationRows)
        validationLabels = labels(validationRows)
        validationTargets = targets(validationRows)

        var initRNG = SeededGenerator(seed: configuration.seed ^ 0x1417_0000_0000_0002)
        var network = Network<Scalar>(inputs: f, hidden: configuration.hidden, units: configuration.hiddenUnits,
                                      outputs: outputs, loss: loss, initializer: configuration.effectiveInitializer,
                                      biasInit: configuration.biasInit, initScale: configuration.initScale,
                                      batchNorm: configuration.batchNorm, rng: &initRNG)
        if let initial = configuration.initialWeights {
            try initial.check(fits: network)
            network.assignValues(from: initial.network.converted())
        }
        self.network = network
        spareNetwork = network
        optimizer = Optimizer(settings: configuration.optimizer, network: network)
        let batch = min(configuration.batchSize, trainRows.count)
        if configuration.batchNorm && batch < BatchNorm.minimumBatchSize {
            throw .invalid("batch norm needs mini-batches of at least \(BatchNorm.minimumBatchSize) examples; the training split of \(dataset.name) has \(trainRows.count)")
        }
        batchSize = batch
        workspace = Workspace(for: network, batchCapacity: batch)
        let evaluationCapacity = max(1, min(max(validationRows.count, trainRows.count), 1024))
        evaluationWorkspace = Workspace(for: network, batchCapacity: evaluationCapacity)
        batchX = Matrix(rows: batch, columns: f)
        batchLabels = Array(repeating: 0, count: batch)
        batchTargets = trainTargets.map { Matrix(rows: batch, columns: $0.columns) }
        evaluationX = Matrix(rows: evaluationCapacity, columns: f)
        evaluationLabels = Array(repeating: 0, count: evaluationCapacity)
        evaluationTargets = trainTargets.map { Matrix(rows: evaluationCapacity, columns: $0.columns) }
        order = Array(0..<trainRows.count)
        shuffler = SeededGenerator(seed: configuration.seed ^ 0x5407_0000_0000_0003)
        hasBatchNormalization = network.hasBatchNormalization
        gradNormSums = Array(repeating: 0, count: network.layers.count)
        weightGradientSquares = Array(repeating: 0, count: network.layers.count)
        history.reserveCapacity(1024)
    }

    /// Mini-batches per epoch at the current batch size.
    public var batchesPerEpoch: Int { (trainCount + batchSize - 1) / batchSize }

    /// The learning rate in effect; may be changed between steps.
    public var learningRate: Double {
        get { optimizer.settings.learningRate }
        set { if newValue.isFinite && newValue > 0 { optimizer.settings.learningRate = newValue } }
    }

    /// Changes the settings that do not need a new network (optimiser and its parameters, batch
    /// size, patience). A change of optimiser kind forgets its state.
    public func updateLiveSettings(optimizer settings: OptimizerSettings, batchSize newBatch: Int, patience: Int) {
        if settings.kind != optimizer.settings.kind {
            optimizer = Optimizer(settings: settings, network: network)
        } else {
            optimizer.settings = settings
        }
        livePatience = patience
        let smallest = hasBatchNormalization ? BatchNorm.minimumBatchSize : 1
        let batch = max(smallest, min(newBatch, trainCount))
        if batch != batchSize {
            batchSize = batch
            workspace = Workspace(for: network, batchCapacity: batch)
            batchX = Matrix(rows: batch, columns: trainX.columns)
            batchLabels = Array(repeating: 0, count: batch)
            batchTargets = trainTargets.map { Matrix(rows: batch, columns: $0.columns) }
        }
        if case .stoppedEarly = status { status = .ready }
    }

    var livePatienceStorage: Int?
    var livePatience: Int {
        get { livePatienceStorage ?? configuration.patience }
        set { livePatienceStorage = newValue }
    }

    /// Trains one mini-batch. At the end of an epoch the validation set is evaluated and the
    /// epoch's metrics are returned.
    @discardableResult
    @_specialize(exported: true, where Scalar == Float)
    @_specialize(exported: true, where Scalar == Double)
    public func stepBatch() -> StepOutcome {
        guard status.isReady else { return .halted(status) }
        if position == 0 {
            shuffler.shuffle(&order)
            lossSum = 0
            correct = 0
            samples = 0
            for l in gradNormSums.indices { gradNormSums[l] = 0 }
            workspace.statistics.reset()
        }
        let n = min(batchSize, trainCount - position)
        gather(rowsFrom: position, count: n)
        network.forward(batchX, workspace: &workspace, training: true, statistics: .batch)
        let last = network.layers.count - 1
        let result = batchLabels.withUnsafeBufferPointer { labels in
            loss.evaluate(logits: workspace.z[last], labels: labels, targets: batchTargets,
                          gradientInto: &workspace.delta[last], meanOver: n)
        }
        let batchNumber = batchInEpoch + 1
        if let engine = gradientEngine {
            do {
                try engine.computeGradients(network: network, input: batchX, labels: batchLabels, targets: batchTargets,
                                            workspace: &workspace)
            } catch {
                return diverge("the gradient engine failed: \(error)", batch: batchNumber)
            }
        } else {
            network.backward(batchX, workspace: &workspace)
        }
        guard result.lossSum.isFinite else {
            return diverge("loss is \(result.lossSum)", batch: batchNumber)
        }
        // Plain single-precision SGD updates and measures the gradients in one pass; other
        // optimisers measure first, then update.
        let fusedFinite = optimizer.fusedSGDUpdate(from: network, into: &spareNetwork, with: workspace.gradients,
                                                   weightGradientSquares: &weightGradientSquares)
        for l in workspace.gradients.indices {
            if fusedFinite == nil { weightGradientSquares[l] = workspace.gradients[l].weights.sumOfSquares }
            let weightSquares = weightGradientSquares[l]
            var otherSquares: Scalar = 0
            for g in workspace.gradients[l].bias { otherSquares += g * g }
            for g in workspace.gradients[l].unitParameters { otherSquares += g * g }
            for g in workspace.gradients[l].gamma { otherSquares += g * g }
            for g in workspace.gradients[l].beta { otherSquares += g * g }
            guard (weightSquares + otherSquares).isFinite else {
                return diverge("the gradient of layer \(l + 1) is not finite", batch: batchNumber)
            }
            gradNormSums[l] += Double(weightSquares.squareRoot())
        }
        if fusedFinite == nil {
            optimizer.update(from: network, into: &spareNetwork, with: workspace.gradients)
        }
        if optimizer.settings.l1 > 0 {
            applyL1(from: network, into: &spareNetwork)
        }
        if hasBatchNormalization {
            network.updateRunningStatistics(into: &spareNetwork, from: workspace, rows: n)
        }
        guard fusedFinite ?? spareNetwork.allFinite, optimizer.settings.l1 == 0 || spareNetwork.allFinite,
              !hasBatchNormalization || spareNetwork.allFinite else {
            return diverge("the update made a weight non-finite", batch: batchNumber)
        }
        swap(&network, &spareNetwork)
        if firstLoss == nil { firstLoss = result.lossSum / Double(n) }
        lossSum += result.lossSum
        correct += result.correct
        samples += n
        position += n
        batchInEpoch += 1
        if position >= trainCount {
            return .epoch(finishEpoch(diverged: nil))
        }
        return .batch(loss: result.lossSum / Double(n))
    }

    /// Trains to the end of the current epoch; nil when training is halted.
    @discardableResult
    @_specialize(exported: true, where Scalar == Float)
    @_specialize(exported: true, where Scalar == Double)
    public func stepEpoch() -> EpochMetrics? {
        while true {
            switch stepBatch() {
            case .batch: continue
            case let .epoch(metrics): return metrics
            case .halted: return nil
            }
        }
    }

    /// Trains `epochs` epochs (fewer when training halts); returns their metrics.
    @discardableResult
    @_specialize(exported: true, where Scalar == Float)
    @_specialize(exported: true, where Scalar == Double)
    public func run(epochs: Int) -> [EpochMetrics] {
        var out: [EpochMetrics] = []
        for _ in 0..<max(epochs, 0) {
            guard let m = stepEpoch() else { break }
            out.append(m)
            if m.diverged != nil { break }
        }
        return out
    }

    func diverge(_ reason: String, batch: Int) -> StepOutcome {
        let message = "diverged at epoch \(epoch + 1), batch \(batch): \(reason)"
        let metrics = finishEpoch(diverged: message)
        status = .diverged(message)
        return .epoch(metrics)
    }

    /// Copies the shuffled rows `order[start ..< start+count]` into the batch buffers.
    func gather(rowsFrom start: Int, count n: Int) {
        let f = trainX.columns
        batchX.reshape(rows: n, columns: f)
        trainX.storage.withUnsafeBufferPointer { src in
            batchX.storage.withUnsafeMutableBufferPointer { dst in
                order.withUnsafeBufferPointer { rows in
                    for i in 0..<n {
                        (dst.baseAddress! + i * f).update(from: src.baseAddress! + rows[start + i] * f, count: f)
                    }
                }
            }
        }
        for i in 0..<n { batchLabels[i] = trainLabels[order[start + i]] }
        if let targets = trainTargets {
            let k = targets.columns
            batchTargets!.reshape(rows: n, columns: k)
            for i in 0..<n {
                let r = order[start + i]
                for j in 0..<k { batchTargets![i, j] = targets[r, j] }
            }
        }
    }

    func finishEpoch(diverged: String?) -> EpochMetrics {
        epoch += 1
        let batches = max(batchInEpoch, 1)
        let validation = diverged == nil ? evaluate(validationX, validationLabels, validationTargets) : nil
        var layers: [LayerDiagnostics] = []
        let stats = workspace.statistics
        for (l, layer) in network.layers.enumerated() {
            var dead = 0.0, saturated = 0.0
            if l < network.layers.count - 1, case let .activation(f) = layer.unit {
                if f.kind.properties.canDie, !stats.alive[l].isEmpty, stats.pairs[l] > 0 {
                    dead = Double(stats.alive[l].filter { $0 == 0 }.count) / Double(stats.alive[l].count)
                }
                if stats.pairs[l] > 0 { saturated = Double(stats.saturated[l]) / Double(stats.pairs[l]) }
            }
            layers.append(LayerDiagnostics(
                gradNorm: gradNormSums[l] / Double(batches), weightNorm: Double(layer.weights.frobeniusNorm),
                deadFraction: dead, saturatedFraction: saturated,
                preactivationMin: Double(stats.preactivationMin[l]), preactivationMax: Double(stats.preactivationMax[l]),
                zeroWeightFraction: optimizer.settings.l1 > 0 ? layer.zeroWeightFraction : nil))
        }
        var metrics = EpochMetrics(
            epoch: epoch,
            trainLoss: diverged == nil ? lossSum / Double(max(samples, 1)) : .nan,
            valLoss: validation?.loss,
            trainAccuracy: loss.isClassification && samples > 0 ? Double(correct) / Double(samples) : nil,
            valAccuracy: validation?.accuracy,
            learningRate: optimizer.settings.learningRate,
            layers: layers, diverged: diverged)
        metrics.warnings = EpochWarning.check(metrics, firstLoss: firstLoss)
        history.append(metrics)
        overview.append(metrics)
        if let v = metrics.valLoss, v < (lowestValidationLoss ?? .infinity) { lowestValidationLoss = v }
        if let limit = historyLimit, history.count >= 2 * max(limit, 1) {
            history.removeFirst(history.count - max(limit, 1))  // in place: the capacity is reused
        }
        position = 0
        batchInEpoch = 0
        if let v = validation?.loss, livePatience > 0 {
            // Like scikit-learn's `tol`: an improvement smaller than 1e-4 does not count.
            if v < bestValidationLoss - 1e-4 {
                bestValidationLoss = v
                bestEpoch = epoch
            } else if epoch - bestEpoch >= livePatience {
                status = .stoppedEarly("stopped early at epoch \(epoch): validation loss has not improved for \(livePatience) epochs (best \(bestValidationLoss) at epoch \(bestEpoch))")
            }
        }
        return metrics
    }

    /// Mean loss and accuracy of the current network on a data set (nil when it is empty).
    func evaluate(_ x: Matrix<Scalar>, _ labels: [Int32], _ targets: Matrix<Scalar>?) -> (loss: Double, accuracy: Double?)? {
        let total = x.rows
        guard total > 0 else { return nil }
        let f = x.columns
        var lossTotal = 0.0
        var correctTotal = 0
        var start = 0
        let last = network.layers.count - 1
        while start < total {
            let n = min(evaluationWorkspace.capacity, total - start)
            evaluationX.reshape(rows: n, columns: f)
            x.storage.withUnsafeBufferPointer { src in
                evaluationX.storage.withUnsafeMutableBufferPointer { dst in
                    for i in 0..<(n * f) { dst[i] = src[start * f + i] }
                }
            }
            for i in 0..<n { evaluationLabels[i] = labels[start + i] }
            if let targets {
                let k = targets.columns
                evaluationTargets!.reshape(rows: n, columns: k)
                for i in 0..<(n * k) { evaluationTargets!.storage[i] = targets.storage[start * k + i] }
            }
            network.forward(evaluationX, workspace: &evaluationWorkspace, training: false)
            let r = evaluationLabels.withUnsafeBufferPointer { lab in
                loss.evaluate(logits: evaluationWorkspace.z[last], labels: lab, targets: evaluationTargets)
            }
            lossTotal += r.lossSum
            correctTotal += r.correct
            start += n
        }
        return (lossTotal / Double(total), loss.isClassification ? Double(correctTotal) / Double(total) : nil)
    }

    /// Mean loss and accuracy on the whole training split with the current weights.
    @_specialize(exported: true, where Scalar == Float)
    @_specialize(exported: true, where Scalar == Double)
    public func evaluateTraining() -> (loss: Double, accuracy: Double?)? {
        evaluate(trainX, trainLabels, trainTargets)
    }

    /// The network's predictions for raw (unstandardised) input points, `count` rows of
    /// `dataset.features` values: class probabilities (softmax, or the logistic function for
    /// binary cross-entropy: columns [1−p, p]) or regression outputs. Row-major.
    @_specialize(exported: true, where Scalar == Float)
    @_specialize(exported: true, where Scalar == Double)
    public func predict(points: [Double], count: Int) -> [Double] {
        precondition(points.count == count * dataset.features, "predict: expected \(count * dataset.features) values")
        return network.predictions(inputs: networkInputs(points: points, count: count))
    }

    /// Raw points (`count` rows of `dataset.features` values) as the network is fed them: the
    /// input features computed, then standardised.
    public func networkInputs(points: [Double], count: Int) -> Matrix<Scalar> {
        let raw = dataset.features
        let f = featureMean.count
        var x = Matrix<Scalar>(rows: count, columns: f)
        for i in 0..<count {
            for j in 0..<f {
                let value = inputFeatures.map { $0[j].value(points[i * raw], points[i * raw + 1]) } ?? points[i * raw + j]
                x[i, j] = Scalar((value - featureMean[j]) / featureScale[j])
            }
        }
        return x
    }

    /// Replaces the network's parameters (a checkpoint being restored); shapes must match.
    public func restore(network other: Network<Scalar>) throws(NetworkError) {
        if other.hasBatchNormalization != network.hasBatchNormalization {
            throw .invalid(other.hasBatchNormalization
                ? "the network to restore is batch-normalised and this run's is not: set batch-norm on first"
                : "the network to restore has no batch normalisation and this run's has: set batch-norm off first")
        }
        guard other.layers.count == network.layers.count,
              zip(other.layers, network.layers).allSatisfy({ $0.weights.rows == $1.weights.rows && $0.weights.columns == $1.weights.columns
                  && $0.bias.count == $1.bias.count && $0.unitParameters.count == $1.unitParameters.count
                  && $0.normalization?.width == $1.normalization?.width })
        else { throw .invalid("checkpoint shape \(other.shapeDescription) does not match the network \(network.shapeDescription)") }
        network.assignValues(from: other)
        optimizer.resetState(for: network)
        firstLoss = nil
    }

    /// Sets one weight or bias by hand (the optimiser's state is kept); throws, changing nothing,
    /// for an index outside the network. Returns the value it replaced.
    @discardableResult
    public func set(_ parameter: HandSetParameter) throws(NetworkError) -> Double {
        try network.set(parameter)
    }

    /// Sets the epoch counter (a resumed session continues its numbering).
    public func continueNumbering(fromEpoch completed: Int) {
        epoch = max(completed, 0)
        position = 0
        batchInEpoch = 0
    }

    /// Clears a divergence or an early stop so that training can continue with the current weights.
    public func clearHalt() {
        status = .ready
    }
}
