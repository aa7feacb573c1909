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
/// 2. this thread evaluates the loss over all rows (its sum keeps the rows' order);
/// 3. each core backpropagates δ through its rows, δ_{l−1} = (δ_l·W_lᵀ) ⊙ f′(z_{l−1});
/// 4. the cores take whole layers in turn: ∂L/∂W = a_{l−1}ᵀ·δ_l (all rows), ∂L/∂b = Σₙ δ_l and the
///    SGD update of W with its Σg².
///
/// Every element is computed by the same kernel call it gets in the one-core step (a row of a
/// product does not depend on the other rows; a layer's gradient and update are one call), and
/// the epilogue's extremes combine in any order (an extreme of 0 is +0): the bits are those of the
/// one-core step, whichever core ran what. The pointers are taken at the start of a step from the
/// trainer's own buffers, which nothing resizes or copies during it, and used only until it ends.
final class SplitPass: @unchecked Sendable {
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
        /// Where the updated weights go (the trainer's spare network).
        var nextWeights: UnsafeMutablePointer<Float>
        /// The epoch's liveness flags (this thread's rows) and the worker's own for its rows.
        var alive: UnsafeMutablePointer<UInt8>
        var workerAlive: UnsafeMutablePointer<UInt8>
        var inputs = 0, width = 0
        var unit = NNUnitNone
        var threshold: Float = 0
        /// The extremes and counts of this thread's rows (index 0) and of the worker's (index 1).
        var lo: (Float, Float) = (.infinity, .infinity)
        var hi: (Float, Float) = (-.infinity, -.infinity)
        var counted: (Int, Int) = (0, 0)
    }

    let layers: UnsafeMutablePointer<Layer>
    let layerCount: Int
    /// Σg² and finiteness of each layer's weight update.
    let updates: UnsafeMutablePointer<NNSGDResult>
    /// The worker's liveness flags, every layer's units end to end.
    let workerAlive: UnsafeMutablePointer<UInt8>
    let aliveCount: Int
    /// Phase 4's layers, largest first (ties: the later layer first), so the last one taken is small.
    let claimOrder: UnsafeMutablePointer<Int>

    /// Set before each step is posted, read by both threads during it.
    private(set) var rows = 0, split = 0, step = 0
    private(set) var learningRate: Float = 0, decay: Float = 0
    /// Whether phase 4 updates the weights (false when the loss is not finite: the step is dropped).
    var updatesWeights = true

    /// Each holds the number of the last step whose phase it marks as done.
    let workerForwardDone = Atomic<Int>(0)
    let lossDone = Atomic<Int>(0)
    let workerDeltaDone = Atomic<Int>(0)
    let mainDeltaDone = Atomic<Int>(0)
    /// The next entry of `claimOrder` to take in phase 4.
    let nextClaim = Atomic<Int>(0)

    /// For a network of these layers (inputs × width each; hidden layers have width units).
    init(shapes: [(inputs: Int, width: Int)]) {
        layerCount = shapes.count
        let none = UnsafeMutablePointer<Float>(bitPattern: 16)!
        aliveCount = shapes.reduce(0) { $0 + $1.width }
        workerAlive = .allocate(capacity: max(aliveCount, 1))
        layers = .allocate(capacity: layerCount)
        layers.initialize(repeating: Layer(input: none, weights: none, bias: none, z: none, a: none, derivative: none,
                                           delta: none, weightGradient: none, biasGradient: none, nextWeights: none,
                                           alive: workerAlive, workerAlive: workerAlive), count: layerCount)
        updates = .allocate(capacity: layerCount)
        updates.initialize(repeating: NNSGDResult(squares: 0, finite: 1), count: layerCount)
        var offset = 0
        for l in 0..<layerCount {
            layers[l].workerAlive = workerAlive + offset
            offset += shapes[l].width
        }
        claimOrder = .allocate(capacity: layerCount)
        let order = shapes.indices.sorted { i, j in
            let (x, y) = (shapes[i].inputs * shapes[i].width, shapes[j].inputs * shapes[j].width)
            return x != y ? x > y : i > j
        }
        claimOrder.initialize(from: order, count: layerCount)
    }

    deinit {
        layers.deallocate()
        updates.deallocate()
        workerAlive.deallocate()
        claimOrder.deallocate()
    }

    /// Readies the next step: `rows` rows, this thread taking the first `split`.
    func begin(rows: Int, split: Int, learningRate: Float, decay: Float) {
        self.rows = rows
        self.split = split
        self.learningRate = learningRate
        self.decay = decay
        step += 1
        updatesWeights = true
        nextClaim.store(0, ordering: .relaxed)
        workerAlive.update(repeating: 0, count: aliveCount)
    }

    /// Phases 1 and 3 for the worker's rows, then phase 4: the job posted to the second core.
    func runWorker() {
        let step = self.step
        forward(rows: split..<rows, worker: true)
        workerForwardDone.store(step, ordering: .releasing)
        wait(for: lossDone, step)
        backPropagate(rows: split..<rows)
        workerDeltaDone.store(step, ordering: .releasing)
        wait(for: mainDeltaDone, step)
        takeLayers()
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

    /// Phase 3 over `range`: δ_{l−1} = (δ_l·W_lᵀ) ⊙ f′(z_{l−1}) from the last layer down.
    func backPropagate(rows range: Range<Int>) {
        let r0 = range.lowerBound, m = range.count
        guard m > 0 else { return }
        for l in stride(from: layerCount - 1, to: 0, by: -1) {
            let layer = layers[l], below = layers[l - 1]
            let upstream = layer.upstreamBelow! + r0 * layer.inputs
            nn_sgemm(0, 1, m, layer.inputs, layer.width, 1, layer.delta + r0 * layer.width, layer.width,
                     layer.weights, layer.width, 0, upstream, layer.inputs)
            nn_multiply(upstream, below.derivative + r0 * below.width, below.delta + r0 * below.width, m * below.width)
        }
    }

    /// Phase 4: whole layers, taken in `claimOrder` by whichever thread is free.
    func takeLayers() {
        while true {
            let claim = nextClaim.wrappingAdd(1, ordering: .relaxed).oldValue
            guard claim < layerCount else { return }
            let l = claimOrder[claim], layer = layers[l]
            nn_sgemm(1, 0, layer.inputs, layer.width, rows, 1, layer.input, layer.inputs, layer.delta, layer.width, 0,
                     layer.weightGradient, layer.width)
            nn_column_sums(layer.delta, rows, layer.width, layer.biasGradient)
            if updatesWeights {
                updates[l] = nn_sgd(layer.weights, layer.weightGradient, layer.nextWeights, layer.inputs * layer.width,
                                    learningRate, decay)
            }
        }
    }

    /// Returns once `flag` holds `step`, yielding the core now and then (the other side may have lost its own).
    func wait(for flag: borrowing Atomic<Int>, _ step: Int) {
        var spins = 0
        while flag.load(ordering: .acquiring) != step {
            spins += 1
            if spins >= 20_000 {
                sched_yield()
                spins = 0
            }
        }
    }
}
