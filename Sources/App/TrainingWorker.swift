import Commands
import Foundation
import Landscape
import NeuralNetwork
import Sessions

/// Trains off the UI thread. The worker thread owns the `Interpreter` (and so the experiment):
/// every mutation happens there. The UI posts `WorkerRequest`s; the worker runs them between
/// mini-batches, trains batch after batch while running, and publishes an immutable `Snapshot`
/// (at most every ~100 ms while running, after every request otherwise) that the UI takes when
/// it draws, without ever waiting on training.
///
/// `@unchecked Sendable`: the mutable state shared between threads (`requests`, `replies`,
/// `latest`, `grid`, `stopRequested`, `finished`) is only touched with `condition` locked; the
/// interpreter is used by the worker thread alone once `start()` has been called.
public final class TrainingWorker: @unchecked Sendable {
    private let condition = NSCondition()
    private var requests: [WorkerRequest] = []
    private var replies: [WorkerReply] = []
    private var latest: Snapshot
    private var grid: GridSize
    private var stopRequested = false
    private var finished = false
    private var started = false
    private var statistics = RunStatistics()
    private var recordedFiles: [String] = []
    /// The files this run saved to (worker thread only).
    private var saveTargets = SaveTargets()
    /// Where `s` saves its fresh `nnscope-session-STAMP.jsonl` files (set before `start()`).
    public var saveFolder = "."

    let interpreter: Interpreter
    /// The comparison while `:compare` is on (worker thread only; see TrainingWorker+Compare).
    var comparison: Comparison?
    /// Run B's own interpreter (which owns B's recording) while comparing (worker thread only).
    var runB: Interpreter?
    /// Run B's last decision map (re-sampled at A's pace).
    var lastMapB: (view: DataView, generation: Int)?
    /// Session files of the comparisons' runs B, in order (guarded by `condition`).
    private var comparedFiles: [String] = []
    /// The landscape panel's computations (started by `.landscape` requests; read by the UI).
    public let landscape = LandscapeJob()
    /// Where the run is recorded: the interpreter owns it (worker thread only); `load` replaces it.
    var recording: SessionRecording? { interpreter.recording }
    /// How often a running worker publishes a snapshot.
    public static let publishInterval: Duration = .milliseconds(100)
    /// How often a running worker re-samples the decision map (the costliest part of a snapshot).
    public static let mapInterval: Duration = .milliseconds(300)

    /// Seconds spent running and epochs trained meanwhile (for throughput measurements).
    public struct RunStatistics: Sendable, Equatable {
        public var epochs = 0
        public var seconds = 0.0
        public var epochsPerSecond: Double? { seconds > 0 ? Double(epochs) / seconds : nil }
    }

    /// A worker for `interpreter`, recording into `recording` (neither may be used elsewhere
    /// after `start()`).
    public init(interpreter: Interpreter, recording: SessionRecording? = nil, grid: GridSize) {
        interpreter.runsInBackground = true
        interpreter.recordingPolicy = .interface
        interpreter.journalForgetsRecordedEntries = true
        interpreter.reportsRecordingProblems = false
        if let recording { interpreter.adopt(recording) }
        self.interpreter = interpreter
        recordedFiles = interpreter.recordedPaths
        self.grid = grid
        latest = Snapshot.capture(interpreter.experiment, version: 0, grid: grid)
        latest.speed = interpreter.speed
        latest.recordingSize = recording?.size
        latest.recordingPath = recording?.path
    }

    /// Starts the worker thread (once).
    public func start() {
        condition.lock()
        defer { condition.unlock() }
        guard !started else { return }
        started = true
        let thread = Thread { [self] in self.main() }
        thread.name = "nnscope training"
        thread.start()
    }

    /// Queues a request; returns at once.
    public func post(_ request: WorkerRequest) {
        condition.lock()
        requests.append(request)
        condition.signal()
        condition.unlock()
    }

    /// The newest snapshot (cheap: a copy of a value whose arrays are shared).
    public var snapshot: Snapshot {
        condition.lock()
        defer { condition.unlock() }
        return latest
    }

    /// Replies posted since the last call, oldest first.
    public func takeReplies() -> [WorkerReply] {
        condition.lock()
        defer { condition.unlock() }
        let taken = replies
        replies.removeAll()
        return taken
    }

    /// Every file the run has been recorded into, in order: the recording it started with, then
    /// each session `load` continued.
    public var comparedRecordingPaths: [String] {
        condition.lock()
        defer { condition.unlock() }
        return comparedFiles
    }

    /// Notes a file run B is recorded into (for `comparedRecordingPaths`).
    func noteComparedFile(_ path: String) {
        condition.lock()
        comparedFiles.append(path)
        condition.unlock()
    }

    /// Every file the run has been recorded into.
    public var recordingPaths: [String] {
        condition.lock()
        defer { condition.unlock() }
        return recordedFiles
    }

    /// Time spent running and epochs trained meanwhile, so far.
    public var runStatistics: RunStatistics {
        condition.lock()
        defer { condition.unlock() }
        return statistics
    }

    /// Runs the requests already queued, stops training, finishes the recording and ends the
    /// thread; returns when it has. Safe to call twice. Without `start()` nothing runs.
    public func stop() {
        condition.lock()
        stopRequested = true
        condition.broadcast()
        if started {
            while !finished { condition.wait() }
        }
        condition.unlock()
    }

    // MARK: The worker thread

    private var running = false
    private var remainingEpochs: Int?
    private var version = 0
    private var lastPublish = ContinuousClock.now
    private var rateWindowStart = ContinuousClock.now
    private var rateWindowEpochs = 0
    private var epochsPerSecond: Double?
    private var runStart: ContinuousClock.Instant?
    private var hasUnsavedChanges = false
    /// The speed limit's schedule: when the next mini-batch may start.
    private var nextBatchDue: ContinuousClock.Instant?
    private var lastMap: (view: DataView, time: ContinuousClock.Instant, generation: Int, grid: GridSize)?
    /// What the open inside views need; the network picture is re-made like the decision map.
    private var inside = InsideRequest()
    /// The training split's points, made once per trainer.
    private var lastPoints: (points: TrainingPoints?, trainer: Trainer<Float>)?
    private var lastPicture: (picture: NetworkPicture, time: ContinuousClock.Instant, generation: Int, request: InsideRequest, grid: GridSize)?
    typealias DistributionCache = (distribution: ZDistribution?, time: ContinuousClock.Instant, generation: Int, layer: Int)
    private var lastDistribution: DistributionCache?
    /// Run B's z histogram while comparing, like `lastDistribution`.
    private var lastDistributionB: DistributionCache?

    private func main() {
        while true {
            condition.lock()
            while requests.isEmpty && !stopRequested {
                if !running {
                    condition.wait()
                    continue
                }
                // A speed limit: wait for the next mini-batch's turn, answering requests meanwhile.
                let now = ContinuousClock.now
                guard let due = nextBatchDue, due > now else { break }
                _ = condition.wait(until: Date().addingTimeInterval((due - now).seconds))
            }
            let pending = requests
            requests.removeAll()
            let stopping = stopRequested
            condition.unlock()

            var changed = !pending.isEmpty
            for request in pending { handle(request) }
            if stopping { break }
            if running, nextBatchDue.map({ $0 <= ContinuousClock.now }) ?? true {
                changed = trainOneBatch() || changed
                pace()
                let now = ContinuousClock.now
                if changed || now - lastPublish >= publishInterval { publish() }
            } else if running {
                if changed { publish() }
            } else if changed {
                publish()
            }
        }
        setRunning(false)
        // The last snapshot still names the recording, closed right after it.
        publish()
        if let problem = interpreter.finishRecording().error { reply(WorkerReply(lines: [problem.message], isError: true)) }
        closeRunB()
        condition.lock()
        finished = true
        condition.broadcast()
        condition.unlock()
    }

    /// Trains one mini-batch; true when running stopped (divergence, early stop, epochs done).
    private func trainOneBatch() -> Bool {
        hasUnsavedChanges = true
        let outcome: StepOutcome
        if let comparison {
            guard let stepped = trainComparedBatch(comparison) else { return false }
            outcome = stepped
        } else {
            outcome = interpreter.trainBatch()
        }
        reportRecordingProblem()
        switch outcome {
        case .batch:
            return false
        case let .epoch(metrics):
            rateWindowEpochs += 1
            noteRate()
            condition.lock()
            statistics.epochs += 1
            condition.unlock()
            if let remaining = remainingEpochs {
                remainingEpochs = remaining - 1
                if remaining - 1 <= 0 { setRunning(false); return true }
            }
            if let message = metrics.diverged {
                setRunning(false)
                reply(WorkerReply(lines: [message + "; lower the learning rate (-) and reset (R)"], isError: true))
                return true
            }
            if !interpreter.experiment.trainer.status.isReady {
                setRunning(false)
                return true
            }
            return false
        case let .halted(status):
            setRunning(false)
            if case let .stoppedEarly(message) = status { reply(WorkerReply(lines: [message])) }
            return true
        }
    }

    /// When the next mini-batch may start under the speed limit (nil: at once). Lateness is not
    /// made up by a burst beyond one batch.
    private func pace() {
        let trainer = interpreter.experiment.trainer
        guard running, let interval = interpreter.speed.secondsPerBatch(batchesPerEpoch: trainer.batchesPerEpoch) else {
            nextBatchDue = nil
            return
        }
        let now = ContinuousClock.now
        let step = Duration.seconds(interval)
        let base = nextBatchDue.map { $0 + step > now ? $0 : now } ?? now
        nextBatchDue = base + step
    }

    /// Snapshots go out every `publishInterval`, or once an epoch under a speed limit of 10 to 30
    /// epochs a second (the screen draws at most about 30 frames a second).
    private var publishInterval: Duration {
        guard case let .epochsPerSecond(rate) = interpreter.speed else { return TrainingWorker.publishInterval }
        return max(.milliseconds(33), min(TrainingWorker.publishInterval, .seconds(1 / rate)))
    }

    /// The decision map is re-sampled every `mapInterval`, or every epoch when training is slower.
    private var mapRefreshInterval: Duration {
        guard case let .epochsPerSecond(rate) = interpreter.speed else { return TrainingWorker.mapInterval }
        return min(TrainingWorker.mapInterval, max(.milliseconds(33), .seconds(1 / rate)))
    }

    private func noteRate() {
        let now = ContinuousClock.now
        let elapsed = now - rateWindowStart
        if elapsed >= .seconds(1) {
            epochsPerSecond = Double(rateWindowEpochs) / elapsed.seconds
            rateWindowStart = now
            rateWindowEpochs = 0
        }
    }

    private func setRunning(_ value: Bool) {
        guard value != running else { return }
        running = value
        let now = ContinuousClock.now
        nextBatchDue = nil
        if value {
            rateWindowStart = now
            rateWindowEpochs = 0
            epochsPerSecond = nil
            runStart = now
        } else {
            remainingEpochs = nil
            epochsPerSecond = nil
            if let start = runStart {
                condition.lock()
                statistics.seconds += (now - start).seconds
                condition.unlock()
            }
            runStart = nil
        }
    }

    private func handle(_ request: WorkerRequest) {
        switch request {
        case let .command(command):
            execute(command)
        case let .comparison(command):
            handle(command)
        case .action(.toggleRun):
            if running {
                setRunning(false)
                reply(WorkerReply(lines: ["paused"]))
            } else {
                execute(.run(epochs: nil))
            }
        case .action(.saveCopy):
            save(to: SaveTargets.freshPath(stamp: SessionFiles.stamp(), folder: saveFolder), force: false)
        case let .action(.changeSpeed(faster)):
            let speed = interpreter.speed
            execute(.setInterface(.speed(faster ? speed.faster : speed.slower)))
        case let .action(action):
            do {
                guard let command = try action.command(configuration: interpreter.experiment.configuration) else { return }
                execute(command)
            } catch {
                reply(WorkerReply(lines: [error.message], isError: true))
            }
        case let .setGrid(size):
            condition.lock()
            grid = size
            condition.unlock()
        case let .landscape(directions):
            guard let directions else { return landscape.cancel() }
            // A copy of the weights, taken between mini-batches; the job computes on its own thread.
            recording?.flush()
            let experiment = interpreter.experiment
            landscape.start(LandscapeRequest(network: experiment.trainer.network, configuration: experiment.configuration,
                                             epoch: experiment.trainer.epoch, generation: experiment.generation,
                                             recordingPath: recording?.path, directions: directions))
        case let .setInside(request):
            inside = request
        }
    }

    /// Tells the user, once, when the recording stopped (a failed write, its budget).
    private func reportRecordingProblem() {
        if let problem = recording?.takeMessage() {
            reply(WorkerReply(lines: [problem], isError: true))
        }
    }

    /// `save FILE` copies the recording (the interpreter itself keeps no file), closed: a saved file
    /// is complete. It never replaces a file this run did not save, unless `force`.
    private func save(to path: String, force: Bool) {
        guard let recording else {
            reply(WorkerReply(lines: ["save \(path): this session is not being recorded, so there is nothing to save"], isError: true))
            return
        }
        do {
            try saveTargets.check(path, force: force)
            try recording.save(to: path, status: interpreter.experiment.trainer.status.closeStatus,
                               network: interpreter.experiment.trainer.network, position: interpreter.position)
            saveTargets.remember(path)
            hasUnsavedChanges = false
            let shown = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
            reply(WorkerReply(lines: ["saved the session (closed, \(interpreter.experiment.trainer.epoch) epoch\(interpreter.experiment.trainer.epoch == 1 ? "" : "s")) to \(shown); recording continues in \(recording.path)"]))
        } catch {
            reply(WorkerReply(lines: ["save \(path): \(error)"], isError: true))
        }
    }

    /// `load FILE`: the interpreter continues FILE, which becomes its recording (the one it had is
    /// closed first); the files recorded into are listed for the farewell.
    private func load(_ command: Command) {
        let result = interpreter.execute(command)
        if !result.isError, let path = interpreter.recordingPath {
            condition.lock()
            if recordedFiles.last != path { recordedFiles.append(path) }
            condition.unlock()
        }
        finish(result)
    }

    /// Runs a command on run A (the interpreter); `save` and `load` are the recording's business.
    func execute(_ command: Command) {
        defer { followRunA(after: command) }
        let speedBefore = interpreter.speed
        defer { if interpreter.speed != speedBefore { nextBatchDue = nil } }
        switch command {
        case let .save(path, force):
            save(to: path, force: force)
            return
        case .load:
            load(command)
            return
        default:
            break
        }
        finish(interpreter.execute(command))
    }

    /// Records what a command did, applies its run request and replies with its output.
    func finish(_ result: CommandResult) {
        reportRecordingProblem()
        if let request = result.runRequest {
            switch request {
            case let .start(epochs):
                setRunning(true)
                remainingEpochs = epochs
            case .pause:
                setRunning(false)
            }
        }
        if result.changedState { hasUnsavedChanges = true }
        reply(WorkerReply(lines: result.lines, isError: result.isError, quit: result.quit))
    }

    func reply(_ reply: WorkerReply) {
        condition.lock()
        replies.append(reply)
        condition.unlock()
    }

    private func publish() {
        condition.lock()
        let size = grid
        condition.unlock()
        version += 1
        let now = ContinuousClock.now
        let experiment = interpreter.experiment
        var reused: DataView?
        if running, let lastMap, lastMap.generation == experiment.generation, lastMap.grid == size,
           now - lastMap.time < mapRefreshInterval {
            reused = lastMap.view
        }
        var snapshot = Snapshot.capture(experiment, version: version, grid: size, isRunning: running,
                                        epochsPerSecond: epochsPerSecond, dataView: reused)
        if reused == nil { lastMap = (snapshot.dataView, now, experiment.generation, size) }
        if let comparison {
            let mapB = reused != nil && lastMapB?.generation == comparison.b.generation ? lastMapB?.view : nil
            var compared = ComparedSnapshot.capture(comparison, version: version, grid: size, isRunning: running, dataView: mapB,
                                                    recordingPath: runB?.recording?.path)
            var b = compared.b
            b.zDistribution = distribution(of: comparison.b, history: b.history, now: now, cache: &lastDistributionB)
            // The inspector and the network view follow run B (key `B`).
            if inside.runB { addInspection(to: &b, experiment: comparison.b, now: now, grid: size) }
            compared = compared.with(b: b)
            snapshot.compared = compared
            lastMapB = (compared.b.dataView, comparison.b.generation)
        }
        snapshot.hasUnsavedChanges = hasUnsavedChanges
        addInsideViews(to: &snapshot, now: now, grid: size, inspecting: comparison == nil || !inside.runB)
        snapshot.speed = interpreter.speed
        snapshot.recordingSize = recording?.size
        snapshot.recordingPath = recording?.path
        snapshot.recordingIsFull = recording?.isFull ?? false
        lastPublish = ContinuousClock.now
        condition.lock()
        latest = snapshot
        condition.unlock()
    }
}

extension TrainingWorker {
    /// The inspector's numbers (cheap: one example) at every publication; the network picture at
    /// most every `mapInterval` while running, like the decision map.
    fileprivate func addInsideViews(to snapshot: inout Snapshot, now: ContinuousClock.Instant, grid: GridSize, inspecting: Bool) {
        let experiment = interpreter.experiment
        snapshot.zDistribution = distribution(of: experiment, history: snapshot.history, now: now, cache: &lastDistribution)
        if inspecting { addInspection(to: &snapshot, experiment: experiment, now: now, grid: grid) }
    }

    /// The activation panel's z histogram of `experiment` (run A, or B while comparing), re-made
    /// at most every `mapInterval` while running.
    func distribution(of experiment: Experiment, history: [EpochMetrics], now: ContinuousClock.Instant,
                      cache: inout DistributionCache?) -> ZDistribution? {
        if running, let cached = cache, cached.generation == experiment.generation,
           cached.layer == inside.distributionLayer, now - cached.time < TrainingWorker.mapInterval {
            return cached.distribution
        }
        let range = ZDistribution.panelRange(history: history)
        let made = ZDistribution.make(trainer: experiment.trainer, layer: inside.distributionLayer, range: range)
        cache = (made, now, experiment.generation, inside.distributionLayer)
        return made
    }

    /// The inspector's numbers (cheap: one example) at every publication; the network picture at
    /// most every `mapInterval` while running, like the decision map. Of `experiment`: run A, or
    /// run B when the views follow it.
    fileprivate func addInspection(to snapshot: inout Snapshot, experiment: Experiment, now: ContinuousClock.Instant, grid: GridSize) {
        let trainer = experiment.trainer
        if let example = inside.inspectedExample {
            snapshot.inspector = InspectorData.make(trainer: trainer, example: example)
        }
        if lastPoints?.trainer !== trainer {
            lastPoints = (TrainingPoints.make(trainer: trainer), trainer)
        }
        snapshot.trainingPoints = lastPoints?.points
        guard let selection = inside.network else {
            lastPicture = nil
            return
        }
        if running, let lastPicture, lastPicture.generation == experiment.generation, lastPicture.request == inside,
           lastPicture.grid == grid, now - lastPicture.time < TrainingWorker.mapInterval {
            snapshot.network = lastPicture.picture
            return
        }
        let picture = NetworkPicture.make(trainer: trainer, selection: selection, grid: grid, example: inside.inspectedExample ?? 0)
        lastPicture = (picture, now, experiment.generation, inside, grid)
        snapshot.network = picture
    }
}

extension Duration {
    /// The duration in seconds.
    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) * 1e-18
    }
}
