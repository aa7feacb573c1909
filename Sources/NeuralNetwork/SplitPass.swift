import LinearAlgebra
import Synchronization
import VectorKernels
#if canImport(Glibc)
import Glibc
#endif

/// A single-precision training step shared by two cores by rows (`Trainer.splitStep`), for
/// networks whose products are too small to cut into chunks (deep-sigmoid's 32 × 32 layers, digits'):
///
/// 1. each core runs the forward pass of its rows through every layer (product and epilogue);
/// 2. each core evaluates the softmax cross-entropy of its rows and its gradient, each row's loss
///    kept apart, so that this thread adds them up in row order as the one-core loss does;
/// 3. each core backpropagates δ through its rows, δ_{l−1} = (δ_l·W_lᵀ) ⊙ f′(z_{l−1});
/// 4. as soon as a core has its δ rows, it takes the rest piece by piece from the last layer down,
///    each piece waiting only for what it reads: the products ∂L/∂W = a_{l−1}ᵀ·δ_l over all rows
///    (a large one in blocks of its rows) and ∂L/∂b = Σₙ δ_l once both cores have δ_l; each layer's
///    SGD update of W (with its Σg²) and b once its gradient is there; and, within an epoch, the
///    next batch's gather once layer 1's gradient no longer reads the batch (whatever the batch's
///    size: as a piece it costs no hand-off of its own).
///
/// Every element is computed by the same kernel call it gets in the one-core step (a row of a
/// product does not depend on the other rows; a layer's gradient and update are one call), and
/// the epilogue's extremes combine in any order (an extreme of 0 is +0): the bits are those of the
/// one-core step, whichever core ran what. The pointers are taken at the start of a step from the
/// trainer's own buffers, which nothing resizes or copies during it, and used only until it ends.
final class SplitPass: @unchecked Sendable {
    /// False when the environment sets `NNSCOPE_SPLIT_STEP=0`.
    static let allowed: Bool = {
        guard let text = getenv("NNSCOPE_SPLIT_STEP") else { return true }
        return String(cString: text) != "0"
    }()

    /// One layer's pointers, constants and results.
    struct Layer {
        /// The batch (layer 0) or the layer below's a: rows × inputs.
        var input: UnsafePointer<Float>
        /// inputs × width, the network's current weights.
        var weights: UnsafePointer<Float>
        var bias: UnsafePointer<Float>
        var z: UnsafeMutablePointer<Float>
        var a: UnsafeMutablePointer<Float>
        var derivative: UnsafeMutablePointer<Float>
        var delta: UnsafeMutablePointer<Float>
        /// ∂L/∂a of the layer below (δ·Wᵀ before f′); nil for layer 0.
        var upstreamBelow: UnsafeMutablePointer<Float>?
        var weightGradient: UnsafeMutablePointer<Float>
        var biasGradient: UnsafeMutablePointer<Float>
        /// Where the updated weights and biases go (the trainer's spare network).
        var nextWeights: UnsafeMutablePointer<Float>
        var nextBias: UnsafeMutablePointer<Float>
        /// The epoch's liveness flags (this thread's rows) and the worker's own for its rows.
        var alive: UnsafeMutablePointer<UInt8>
        var workerAlive: UnsafeMutablePointer<UInt8>
        var inputs = 0, width = 0
        var unit = NNUnitNone
        var threshold: Float = 0
        /// Blocks of ∂L/∂W's rows in phase 4.
        var gradientBlocks = 1
        /// The extremes and counts of this thread's rows (index 0) and of the worker's (index 1).
        var lo: (Float, Float) = (.infinity, .infinity)
        var hi: (Float, Float) = (-.infinity, -.infinity)
        var counted: (Int, Int) = (0, 0)
    }

    let layers: UnsafeMutablePointer<Layer>
    let layerCount: Int
    /// Σg² and finiteness of each layer's weight update (2l) and bias update (2l + 1).
    let updates: UnsafeMutablePointer<NNSGDResult>
    /// The worker's liveness flags, every layer's units end to end.
    let workerAlive: UnsafeMutablePointer<UInt8>
    let aliveCount: Int
    /// Phase 4's pieces from the last layer down: layer l's gradient blocks (rows of ∂L/∂W, the
    /// bias's Σ with the first block), then layer l+1's update (so that another piece usually
    /// separates a gradient from its update), layer 0's update last; then the gather, when there is one.
    struct Piece {
        enum Kind { case gradient, update, gather }
        var kind: Kind
        var layer: Int
        var rows: Range<Int>
    }
    let pieces: UnsafeMutablePointer<Piece>
    let pieceCount: Int
    let gradientPieces: Int
    /// Per layer, gradient blocks finished in this step (a block adds 1; 0 at `begin`).
    let gradientBlocksDone: UnsafeMutablePointer<Atomic<Int>>
    /// Layers whose ∂L/∂W has at least this many elements are cut into `blocksPerGradient` blocks of
    /// rows (a multiple of 4): mnist-size's 784 × 256 and 256 × 128.
    static let blockedGradientElements = 1 << 15
    static let blocksPerGradient = 4
    /// The next batch's rows, copied after layer 0's gradient, or nil (the epoch's last batch).
    var gather: RowGather?
    /// The batch's labels, and each row's loss (grown with the batch size, kept between steps).
    var labels = UnsafePointer<Int32>(bitPattern: 16)!
    private(set) var rowLosses: UnsafeMutablePointer<Double>
    private var rowCapacity = 0
    /// Rows of the worker's the network predicted correctly.
    private(set) var workerCorrect = 0

    /// Set before each step is posted, read by both threads during it.
    private(set) var rows = 0, split = 0
    private(set) var learningRate: Float = 0, decay: Float = 0
    /// Whether each side's rows have a finite loss (else no weight is updated: the step is dropped);
    /// written before the side's first progress mark, read after it.
    var mainLossFinite = true, workerLossFinite = true
    var updatesWeights: Bool { mainLossFinite && workerLossFinite }
    /// Rows this thread takes beyond half the batch, moved by one after each step towards the side
    /// that waited less (the cores' speeds differ and drift); the bits do not depend on it.
    private(set) var balance = 0
    /// The worker's polls in its waits for this thread's δ rows in the last step.
    private(set) var workerPolls = 0
    /// Polls of the other side's flag that count as a real wait, not the hand-off's own latency.
    static let pollsToRebalance = 64

    /// Each side's progress through its rows in this step (this thread's at 0, the worker's at 1):
    /// k once its δ of the last k layers are there (k = 1 after the loss); 0 at `begin`.
    let progress: UnsafeMutablePointer<Atomic<Int>>
    /// The next piece to take in phase 4.
    let nextClaim = Atomic<Int>(0)

    /// Multiply-adds of the forward pass per row, and of its largest product per row.
    let multiplyAddsPerRow: Int
    let largestProductPerRow: Int

    /// For a network of these layers (inputs × width each; hidden layers have width units), their
    /// epilogues' units and saturation thresholds.
    init(layers shapes: [(inputs: Int, width: Int, unit: NNUnit, threshold: Float)]) {
        layerCount = shapes.count
        let none = UnsafeMutablePointer<Float>(bitPattern: 16)!
        aliveCount = shapes.reduce(0) { $0 + $1.width }
        multiplyAddsPerRow = shapes.reduce(0) { $0 + $1.inputs * $1.width }
        largestProductPerRow = shapes.map { $0.inputs * $0.width }.max() ?? 0
        workerAlive = .allocate(capacity: max(aliveCount, 1))
        layers = .allocate(capacity: layerCount)
        var offset = 0
        for (l, shape) in shapes.enumerated() {
            (layers + l).initialize(to: Layer(input: none, weights: none, bias: none, z: none, a: none, derivative: none,
                                              delta: none, weightGradient: none, biasGradient: none, nextWeights: none, nextBias: none,
                                              alive: workerAlive, workerAlive: workerAlive + offset, inputs: shape.inputs,
                                              width: shape.width, unit: shape.unit, threshold: shape.threshold))
            offset += shape.width
        }
        updates = .allocate(capacity: 2 * layerCount)
        updates.initialize(repeating: NNSGDResult(squares: 0, finite: 1), count: 2 * layerCount)
        var all: [Piece] = []
        for l in stride(from: layerCount - 1, through: 0, by: -1) {
            let inputs = shapes[l].inputs
            let blocks = inputs * shapes[l].width >= Self.blockedGradientElements ? Self.blocksPerGradient : 1
            let size = blocks == 1 ? inputs : (inputs / blocks + 3) / 4 * 4
            var count = 0
            for start in Swift.stride(from: 0, to: inputs, by: Swift.max(size, 1)) {
                all.append(Piece(kind: .gradient, layer: l, rows: start..<Swift.min(start + size, inputs)))
                count += 1
            }
            layers[l].gradientBlocks = count
            if l + 1 < layerCount { all.append(Piece(kind: .update, layer: l + 1, rows: 0..<0)) }
        }
        all.append(Piece(kind: .update, layer: 0, rows: 0..<0))
        gradientPieces = all.count - layerCount
        all.append(Piece(kind: .gather, layer: 0, rows: 0..<0))
        pieceCount = all.count
        pieces = .allocate(capacity: all.count)
        pieces.initialize(from: all, count: all.count)
        gradientBlocksDone = .allocate(capacity: layerCount)
        for l in 0..<layerCount { (gradientBlocksDone + l).initialize(to: Atomic(0)) }
        progress = .allocate(capacity: 2)
        for side in 0..<2 { (progress + side).initialize(to: Atomic(0)) }
        rowLosses = .allocate(capacity: 1)
    }

    deinit {
        layers.deallocate()
        updates.deallocate()
        workerAlive.deallocate()
        pieces.deallocate()
        gradientBlocksDone.deinitialize(count: layerCount)
        gradientBlocksDone.deallocate()
        progress.deinitialize(count: 2)
        progress.deallocate()
        rowLosses.deallocate()
    }

    /// Readies the next step of `rows` rows: this thread takes the first half plus `balance`. Every
    /// counter starts again from 0, so a step readied but never posted (the second core was busy:
    /// it ran on one core) leaves nothing for the next one to wait for.
    func begin(rows: Int, learningRate: Float, decay: Float) {
        if rows > rowCapacity {
            rowLosses.deallocate()
            rowLosses = .allocate(capacity: rows)
            rowCapacity = rows
        }
        self.rows = rows
        let most = rows / 4
        split = rows / 2 + Swift.max(-most, Swift.min(most, balance))
        self.learningRate = learningRate
        self.decay = decay
        for side in 0..<2 { progress[side].store(0, ordering: .relaxed) }
        for l in 0..<layerCount { gradientBlocksDone[l].store(0, ordering: .relaxed) }
        mainLossFinite = true
        workerLossFinite = true
        nextClaim.store(0, ordering: .relaxed)
        gather = nil
        workerAlive.update(repeating: 0, count: aliveCount)
    }

    /// Phases 1-3 for the worker's rows, then phase 4: the job posted to the second core.
    func runWorker() {
        workerCorrect = passRows(split..<rows, worker: true)
        workerPolls = takePieces(worker: true)
    }

    /// Phases 1-3 over `range` for one side, marking its progress; the rows predicted correctly.
    func passRows(_ range: Range<Int>, worker: Bool) -> Int {
        forward(rows: range, worker: worker)
        let correct = evaluateLoss(rows: range)
        var finite = true
        for r in range where !rowLosses[r].isFinite { finite = false }
        if worker { workerLossFinite = finite } else { mainLossFinite = finite }
        let side = worker ? 1 : 0
        progress[side].store(1, ordering: .releasing)
        backPropagate(rows: range) { k in progress[side].store(k, ordering: .releasing) }
        return correct
    }

    /// After a step in which this thread polled `polls` times for the worker's δ rows: one row
    /// more for the side that waited.
    func rebalance(afterPolls polls: Int) {
        let most = rows / 4
        if polls > workerPolls + Self.pollsToRebalance, split < rows / 2 + most {
            balance = split - rows / 2 + 1
        } else if workerPolls > polls + Self.pollsToRebalance, split > rows / 2 - most {
            balance = split - rows / 2 - 1
        }
    }

    /// Phase 1 over `range`: z = a·W + b, a = f(z), f′(z) and the activity statistics, layer by layer.
    func forward(rows range: Range<Int>, worker: Bool) {
        let r0 = range.lowerBound, m = range.count
        guard m > 0 else { return }
        for l in 0..<layerCount {
            let layer = layers[l]
            let width = layer.width
            nn_sgemm(0, 0, m, width, layer.inputs, 1, layer.input + r0 * layer.inputs, layer.inputs,
                     layer.weights, width, 0, layer.z + r0 * width, width)
            var sweep = NNEpilogue(z: layer.z + r0 * width, a: layer.a + r0 * width, d: layer.derivative + r0 * width,
                                   bias: layer.bias, alive: worker ? layer.workerAlive : layer.alive, rows: m, width: width,
                                   stride: width, threshold: layer.threshold, lo: worker ? .infinity : layer.lo.0,
                                   hi: worker ? -.infinity : layer.hi.0, counted: 0)
            nn_epilogue(&sweep, layer.unit, 1)
            if worker {
                layers[l].lo.1 = sweep.lo
                layers[l].hi.1 = sweep.hi
                layers[l].counted.1 = sweep.counted
            } else {
                layers[l].lo.0 = sweep.lo
                layers[l].hi.0 = sweep.hi
                layers[l].counted.0 = sweep.counted
            }
        }
    }

    /// Phase 2 over `range` (the last layer's z into its δ); the rows predicted correctly.
    func evaluateLoss(rows range: Range<Int>) -> Int {
        let r0 = range.lowerBound, m = range.count
        guard m > 0 else { return 0 }
        let output = layers[layerCount - 1], classes = output.width
        return softmaxCrossEntropyBatch(logits: output.z + r0 * classes, rows: m, columns: classes,
                                        labels: UnsafeBufferPointer(start: labels + r0, count: m),
                                        delta: output.delta + r0 * classes, scale: 1 / Float(Swift.max(rows, 1)),
                                        rowLosses: rowLosses + r0).correct
    }

    /// The loss of the whole batch, its rows' losses added in order (what `Loss.evaluate` gives).
    var lossSum: Double {
        var sum = 0.0
        for r in 0..<rows { sum += rowLosses[r] }
        return sum
    }

    /// Phase 3 over `range`: δ_{l−1} = (δ_l·W_lᵀ) ⊙ f′(z_{l−1}) from the last layer down, calling
    /// `done(k)` once the δ of the last k layers are there.
    func backPropagate(rows range: Range<Int>, _ done: (Int) -> Void) {
        let r0 = range.lowerBound, m = range.count
        guard m > 0 else { return }
        for l in stride(from: layerCount - 1, to: 0, by: -1) {
            let layer = layers[l], below = layers[l - 1]
            let upstream = layer.upstreamBelow! + r0 * layer.inputs
            nn_sgemm(0, 1, m, layer.inputs, layer.width, 1, layer.delta + r0 * layer.width, layer.width,
                     layer.weights, layer.width, 0, upstream, layer.inputs)
            nn_multiply(upstream, below.derivative + r0 * below.width, below.delta + r0 * below.width, m * below.width)
            done(layerCount - l + 1)
        }
    }

    /// Phase 4: the pieces, each taken by whichever thread is free. The bias's update is the
    /// weights' pass with λ = 0: w − η·(g + 0·w), the arithmetic of `Optimizer.step` for SGD (g·1 is
    /// g), so its bits are the same. Returns the polls spent waiting for the other side's δ rows.
    func takePieces(worker: Bool) -> Int {
        let count = gather == nil ? pieceCount - 1 : pieceCount
        let other = worker ? 0 : 1
        var polls = 0
        while true {
            let claim = nextClaim.wrappingAdd(1, ordering: .relaxed).oldValue
            guard claim < count else { return polls }
            let piece = pieces[claim], layer = layers[piece.layer]
            switch piece.kind {
            case .gradient:
                polls += wait(for: progress[other], atLeast: layerCount - piece.layer)
                let r0 = piece.rows.lowerBound
                nn_sgemm(1, 0, piece.rows.count, layer.width, rows, 1, layer.input + r0, layer.inputs, layer.delta, layer.width,
                         0, layer.weightGradient + r0 * layer.width, layer.width)
                if r0 == 0 { nn_column_sums(layer.delta, rows, layer.width, layer.biasGradient) }
                gradientBlocksDone[piece.layer].wrappingAdd(1, ordering: .releasing)
            case .update:
                wait(for: gradientBlocksDone[piece.layer], atLeast: layer.gradientBlocks)
                guard updatesWeights else { continue }
                let l = piece.layer
                updates[2 * l] = nn_sgd(layer.weights, layer.weightGradient, layer.nextWeights, layer.inputs * layer.width,
                                        learningRate, decay)
                updates[2 * l + 1] = nn_sgd(layer.bias, layer.biasGradient, layer.nextBias, layer.width, learningRate, 0)
            case .gather:
                wait(for: gradientBlocksDone[0], atLeast: layers[0].gradientBlocks)
                gather!.run()
            }
        }
    }

    /// Returns once `counter` is at least `target`, yielding the core now and then (the other side
    /// may have lost its own); the number of polls.
    @discardableResult
    func wait(for counter: borrowing Atomic<Int>, atLeast target: Int) -> Int {
        var polls = 0
        while counter.load(ordering: .acquiring) < target {
            polls += 1
            if polls % 20_000 == 0 { sched_yield() }
        }
        return polls
    }
}
