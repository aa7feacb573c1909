import Commands
import Foundation
import NeuralNetwork
import Sessions

/// Records the TUI's run into a session file: the one adapter between the interpreter's journal
/// (every epoch, change and divergence, in order) and the Sessions module's `SessionRecorder`.
/// After each step the worker calls `sync`, which queues the journal entries added since the last
/// call, plus a checkpoint of the network after new epochs (see `isCheckpointEpoch`) while the
/// network has fewer than `checkpointLimit` parameters (so replays can draw decision maps). A writer thread encodes and
/// writes them in order, so training does not wait for the disk or for checkpoint encoding.
///
/// `sync`, `save` and `close` are called from one thread (the training worker).
/// `@unchecked Sendable`: the queue and the failure shared with the writer thread are guarded by
/// `condition`; the recorder is used by the writer thread only (and by `save`/`close` after the
/// queue has drained, while the writer waits).
public final class SessionRecording: @unchecked Sendable {
    /// Networks with at least this many parameters are not checkpointed every epoch.
    public static let checkpointLimit = 20_000

    /// Checkpoints thin out as a run grows, keeping files and replays small (`RecordingPolicy`:
    /// every epoch up to 500, every 10th up to 5,000, every 100th up to 50,000, ...; replay shows
    /// the newest one at or before a frame).
    public static func isCheckpointEpoch(_ epoch: Int) -> Bool {
        RecordingPolicy.checkpointsEpoch(epoch)
    }

    public let path: String
    /// The program named in the header ("nnscope 0.3.0"; a compared run's file names the same).
    public let programVersion: String
    private let recorder: SessionRecorder
    private var recordedEntries = 0
    private let condition = NSCondition()
    private var queue: [Record] = []
    private var writing = false
    private var writerStarted = false
    private var closed = false
    private var failureText: String?
    private var failureReported = false
    /// The file's size after the records written so far (the writer updates it).
    private var writtenSize = 0
    /// The newest epoch, left out unless the policy keeps it or something is recorded after it.
    private var pendingEpoch: (metrics: EpochMetrics, generation: Int)?
    /// Epochs of `skippedGeneration` left out since its last epoch record.
    private var skipped = 0
    private var skippedGeneration = 0
    /// Set once the file reached the size budget: nothing but the closing record is written after.
    private var budgetReached = false

    private enum Record {
        case epoch(EpochMetrics, generation: Int, skipped: Int)
        case event(SessionEvent)
        case divergence(String, SessionPosition)
        case checkpoint(Network<Float>, SessionPosition)
    }

    /// Creates `path` (an existing file only when `replacing`) and writes the header for
    /// `interpreter`'s configuration (with `comparison`: the header's link to the other run).
    public init(path: String, interpreter: Interpreter, programVersion: String, replacing: Bool = false,
                comparison: SessionComparison? = nil) throws {
        self.path = path
        self.programVersion = programVersion
        recorder = try SessionRecorder(path: path, configuration: interpreter.journal.startConfiguration, programVersion: programVersion,
                                       replacing: replacing, comparison: comparison)
        writtenSize = recorder.size
    }

    /// Records into `recorder`, a session file already open for appending: the file `load` continued,
    /// taken over with `Interpreter.handOverRecorder()`. `load` starts the interpreter's journal
    /// afresh, so everything in the journal from then on goes to the file, once.
    public init(continuing recorder: SessionRecorder, programVersion: String = "nnscope") {
        path = recorder.path
        self.programVersion = programVersion
        self.recorder = recorder
        writtenSize = recorder.size
    }

    /// The file's size so far (bytes of the records written).
    public var size: Int {
        condition.lock()
        defer { condition.unlock() }
        return writtenSize
    }

    /// Waits until everything queued so far is in the file (before a command reads it).
    public func flush() {
        flushPendingEpoch()
        drain()
    }

    /// The first recording error, if any (recording stops after it).
    public var failure: String? {
        condition.lock()
        defer { condition.unlock() }
        return failureText
    }

    /// Queues what the interpreter did since the last call. Returns an error message once, the
    /// first time writing has failed (the disk filled up, the file was removed...), nil otherwise.
    @discardableResult
    public func sync(_ interpreter: Interpreter) -> String? {
        var budgetMessage: String?
        if recordedEntries < interpreter.journal.endIndex {
            let journal = interpreter.journal
            let experiment = interpreter.experiment
            var records: [Record] = []
            var newestEpoch: (metrics: EpochMetrics, generation: Int)?
            for entry in journal.entries[max(recordedEntries - journal.droppedCount, 0)...] {
                switch entry {
                case let .epoch(metrics, generation):
                    if generation != skippedGeneration {
                        flushPending(into: &records)
                        skipped = 0
                        skippedGeneration = generation
                    }
                    if pendingEpoch != nil { skipped += 1 }
                    pendingEpoch = (metrics, generation)
                    if RecordingPolicy.keepsEpoch(metrics.epoch) || metrics.diverged != nil { flushPending(into: &records) }
                    newestEpoch = (metrics, generation)
                case let .event(command, position, time):
                    flushPending(into: &records)
                    records.append(.event(SessionEvent(position: Self.position(position), command: command, time: time)))
                case let .divergence(message, position):
                    flushPending(into: &records)
                    records.append(.divergence(message, Self.position(position)))
                }
            }
            recordedEntries = journal.endIndex
            if let newestEpoch, newestEpoch.generation == experiment.generation,
               newestEpoch.metrics.epoch == experiment.trainer.epoch,
               experiment.trainer.network.parameterCount < Self.checkpointLimit,
               Self.isCheckpointEpoch(newestEpoch.metrics.epoch) {
                flushPending(into: &records)
                records.append(.checkpoint(experiment.trainer.network,
                                           SessionPosition(generation: newestEpoch.generation, epoch: newestEpoch.metrics.epoch, batch: 0)))
            }
            if !budgetReached && size >= interpreter.recordingBudget {
                budgetReached = true
                let epoch = experiment.trainer.epoch
                budgetMessage = "recording \(path) reached its budget of \(RecordingPolicy.sizeText(interpreter.recordingBudget)) at epoch \(epoch): "
                    + "nothing after it is recorded (training goes on; :set recording-budget N, in MB, sets the budget of the next recording)"
            }
            if !budgetReached { enqueue(records) }
        }
        interpreter.journalRecorded(upTo: recordedEntries)
        condition.lock()
        defer { condition.unlock() }
        guard let failureText, !failureReported else { return budgetMessage }
        failureReported = true
        return failureText
    }

    /// Queues what `interpreter` did so far, then its network as the starting weights of the
    /// current generation (a checkpoint at batch 0 of epoch 0): run B of a comparison, given A's
    /// initial weights, which `replay --verify` adopts from there.
    @discardableResult
    public func recordStartingWeights(_ interpreter: Interpreter) -> String? {
        let problem = sync(interpreter)
        let experiment = interpreter.experiment
        guard !budgetReached, experiment.trainer.epoch == 0, experiment.trainer.batchInEpoch == 0 else { return problem }
        var records: [Record] = []
        flushPending(into: &records)
        records.append(.checkpoint(experiment.trainer.network, SessionPosition(generation: experiment.generation, epoch: 0, batch: 0)))
        enqueue(records)
        return problem
    }

    /// Writes out the epoch being held back, with the count of epochs left out before it.
    private func flushPending(into records: inout [Record]) {
        guard let pending = pendingEpoch else { return }
        records.append(.epoch(pending.metrics, generation: pending.generation, skipped: skipped))
        pendingEpoch = nil
        skipped = 0
    }

    /// Queues the epoch being held back (before saving, closing or reading the file).
    private func flushPendingEpoch() {
        guard !budgetReached else { return }
        var records: [Record] = []
        flushPending(into: &records)
        enqueue(records)
    }

    /// True once the recording stopped at its size budget.
    public var isFull: Bool { budgetReached }

    /// Copies the session recorded so far to `destination` atomically (after the queued records).
    public func save(to destination: String, status: TrainerStatus) throws {
        flushPendingEpoch()
        drain()
        if let failure { throw SessionFileError(description: failure) }
        try recorder.save(to: destination, status: status.closeStatus)
    }

    /// Writes what is queued, then the closing record with the run's state, and closes the file.
    public func close(status: TrainerStatus) {
        flushPendingEpoch()
        drain()
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
        try? recorder.close(status: status.closeStatus)
    }

    static func position(_ position: RunPosition) -> SessionPosition {
        SessionPosition(generation: position.generation, epoch: position.epoch, batch: position.batch)
    }

    private func enqueue(_ records: [Record]) {
        guard !records.isEmpty else { return }
        condition.lock()
        queue += records
        if !writerStarted {
            writerStarted = true
            let thread = Thread { [self] in self.writerLoop() }
            thread.name = "nnscope session writer"
            thread.start()
        }
        condition.broadcast()
        condition.unlock()
    }

    /// Waits until the writer has written everything queued.
    private func drain() {
        condition.lock()
        while !queue.isEmpty || writing { condition.wait() }
        condition.unlock()
    }

    private func writerLoop() {
        while true {
            condition.lock()
            while queue.isEmpty && !closed { condition.wait() }
            if queue.isEmpty && closed {
                condition.unlock()
                return
            }
            let batch = queue
            queue.removeAll()
            writing = true
            let failed = failureText != nil
            condition.unlock()

            var error: String?
            if !failed {
                do {
                    for record in batch { try write(record) }
                } catch let caught {
                    error = "recording stopped: \(caught); training goes on, and \(path) keeps everything up to its last complete record"
                }
            }
            condition.lock()
            writtenSize = recorder.size
            if let error, failureText == nil { failureText = error }
            writing = false
            condition.broadcast()
            condition.unlock()
        }
    }

    private func write(_ record: Record) throws {
        switch record {
        case let .epoch(metrics, generation, skipped): try recorder.record(epoch: metrics, generation: generation, skipped: skipped)
        case let .event(event): try recorder.record(event: event)
        case let .divergence(message, position): try recorder.record(divergence: message, position: position)
        case let .checkpoint(network, position): try recorder.record(checkpoint: network, position: position)
        }
    }
}
