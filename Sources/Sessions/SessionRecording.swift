import Foundation
import LinearAlgebra
import NeuralNetwork

/// The one owner of "this run is recorded into FILE": epochs (thinned by `RecordingPolicy` when the
/// policy says so), changes, divergences, checkpoints, the size budget, saving a closed copy and
/// closing with a typed status. The REPL's `record`/`save`/`load`, the TUI (through the
/// interpreter, which owns its recording) and `nnscope train --record` all record through it; a
/// compared run B has a recording of its own. The records go to `SessionRecorder`, the one writer
/// of the file format, on a writer thread when the policy asks (so training never waits for the
/// disk), else at once.
///
/// Called from one thread (the one training the run). `@unchecked Sendable`: the queue, the size and
/// the failure shared with the writer thread are guarded by `condition`; the recorder is used by the
/// writer thread only (and by `save`/`close` after the queue has drained, while the writer waits).
public final class SessionRecording: @unchecked Sendable {
    /// What a recording keeps and how it writes.
    public struct Policy: Sendable, Equatable {
        /// Thin epochs out as the run grows (`RecordingPolicy.keepsEpoch`); false: every epoch.
        public var thinsEpochs: Bool
        /// Checkpoint the epochs `RecordingPolicy.checkpointsEpoch` picks (networks under
        /// `checkpointLimit` parameters), so replays draw decision maps.
        public var checkpointsEpochs: Bool
        /// Save and close add a checkpoint of the current weights (so the file can be continued from
        /// where it ends).
        public var checkpointsWhenClosing: Bool
        /// Write on a writer thread.
        public var writesInBackground: Bool
        /// Bytes after which nothing but the closing record is written (nil: no budget).
        public var budget: Int?

        public init(thinsEpochs: Bool, checkpointsEpochs: Bool, checkpointsWhenClosing: Bool, writesInBackground: Bool, budget: Int?) {
            self.thinsEpochs = thinsEpochs
            self.checkpointsEpochs = checkpointsEpochs
            self.checkpointsWhenClosing = checkpointsWhenClosing
            self.writesInBackground = writesInBackground
            self.budget = budget
        }

        /// The TUI's: thinned, checkpointed along the way, written in the background, within a budget.
        public static let interface = Policy(thinsEpochs: true, checkpointsEpochs: true, checkpointsWhenClosing: false,
                                             writesInBackground: true, budget: RecordingPolicy.defaultBudget)
        /// The REPL's and `nnscope train`'s: every epoch, written at once, a checkpoint when closing.
        public static let complete = Policy(thinsEpochs: false, checkpointsEpochs: false, checkpointsWhenClosing: true,
                                            writesInBackground: false, budget: nil)
    }

    /// Networks with at least this many parameters are not checkpointed every epoch.
    public static let checkpointLimit = 20_000

    public let path: String
    public let policy: Policy
    /// The size budget in bytes (`set recording-budget` changes it while recording).
    public var budget: Int?
    /// Epochs handed to the recording (a continued file's included), thinned-out ones too.
    public private(set) var epochCount: Int
    private let recorder: SessionRecorder
    private let condition = NSCondition()
    private var queue: [Record] = []
    private var writing = false
    private var writerStarted = false
    private var closed = false
    private var failureText: String?
    /// The newest message (failure or budget) not yet taken by `takeMessage()`.
    private var unreported: String?
    /// The file's size after the records written so far (the writer updates it).
    private var writtenSize = 0
    /// The file's size before this recording wrote its first record, the records written since,
    /// and those queued for the writer thread but not yet written: the budget counts the queued
    /// ones at the written ones' mean size, so a writer that lags behind (a loaded machine)
    /// cannot carry the file far past the budget.
    private var startSize = 0
    private var writtenRecords = 0
    private var queuedRecords = 0
    /// The newest epoch, left out unless the policy keeps it or something is recorded after it.
    private var pendingEpoch: (metrics: EpochMetrics, generation: Int)?
    /// Epochs of `skippedGeneration` left out since its last epoch record.
    private var skipped = 0
    private var skippedGeneration = 0
    /// Where the last checkpoint was recorded (the weights change only when the position does).
    private var checkpointedAt: SessionPosition?
    /// Set once the file reached the size budget: nothing but the closing record is written after.
    public private(set) var isFull = false

    private enum Record {
        case epoch(EpochMetrics, generation: Int, skipped: Int)
        case event(SessionEvent)
        case divergence(String, SessionPosition)
        case checkpoint(Network<Float>, SessionPosition)
    }

    /// Creates `path` (an existing file only when `replacing`: else `ExistingSessionFileError`) and
    /// writes the header for `configuration`.
    public init(path: String, configuration: TrainingConfiguration, programVersion: String, replacing: Bool = false,
                comparison: SessionComparison? = nil, policy: Policy) throws {
        recorder = try SessionRecorder(path: path, configuration: configuration, programVersion: programVersion,
                                       replacing: replacing, comparison: comparison)
        self.path = path
        self.policy = policy
        budget = policy.budget
        epochCount = 0
        writtenSize = recorder.size
        startSize = writtenSize
    }

    /// Records into a session file already open for appending (a continued one, `epochs` epochs in).
    public init(continuing recorder: SessionRecorder, epochs: Int, policy: Policy) {
        self.recorder = recorder
        path = recorder.path
        self.policy = policy
        budget = policy.budget
        epochCount = epochs
        writtenSize = recorder.size
        startSize = writtenSize
    }

    /// The file's size so far (bytes of the records written).
    public var size: Int {
        condition.lock()
        defer { condition.unlock() }
        return writtenSize
    }

    /// The size the file will have once the queued records are written (an estimate).
    private var expectedSize: Int {
        condition.lock()
        defer { condition.unlock() }
        let meanRecord = writtenRecords > 0 ? (writtenSize - startSize) / writtenRecords : 0
        return writtenSize + queuedRecords * meanRecord
    }

    /// The first write error, if any (recording stopped at it): "recording stopped: why".
    public var failure: String? {
        condition.lock()
        defer { condition.unlock() }
        return failureText
    }

    /// A problem to tell the user about (writing failed, the budget was reached), once.
    public func takeMessage() -> String? {
        condition.lock()
        defer { condition.unlock() }
        let message = unreported
        unreported = nil
        return message
    }

    // MARK: Recording

    /// Records an epoch that ended with `network` (checkpointed when the policy picks the epoch;
    /// nil: an epoch whose weights are gone, written out later).
    public func record(epoch metrics: EpochMetrics, generation: Int, network: Network<Float>?) {
        epochCount += 1
        var records: [Record] = []
        if generation != skippedGeneration {
            flushPending(into: &records)
            skipped = 0
            skippedGeneration = generation
        }
        if policy.thinsEpochs {
            if pendingEpoch != nil { skipped += 1 }
            pendingEpoch = (metrics, generation)
            if RecordingPolicy.keepsEpoch(metrics.epoch) || metrics.diverged != nil { flushPending(into: &records) }
        } else {
            records.append(.epoch(metrics, generation: generation, skipped: 0))
        }
        if policy.checkpointsEpochs, let network, network.parameterCount < Self.checkpointLimit, RecordingPolicy.checkpointsEpoch(metrics.epoch) {
            flushPending(into: &records)
            let position = SessionPosition(generation: generation, epoch: metrics.epoch, batch: 0)
            records.append(.checkpoint(network, position))
            checkpointedAt = position
        }
        submit(records, epoch: metrics.epoch)
    }

    /// Records a change made between steps.
    public func record(event: SessionEvent) {
        var records: [Record] = []
        flushPending(into: &records)
        records.append(.event(event))
        submit(records, epoch: event.position.epoch)
    }

    public func record(divergence message: String, position: SessionPosition) {
        var records: [Record] = []
        flushPending(into: &records)
        records.append(.divergence(message, position))
        submit(records, epoch: position.epoch)
    }

    /// Records `network` at `position` unless it was checkpointed there already.
    public func checkpoint(_ network: Network<Float>, at position: SessionPosition) {
        guard checkpointedAt != position else { return }
        var records: [Record] = []
        flushPending(into: &records)
        records.append(.checkpoint(network, position))
        checkpointedAt = position
        submit(records, epoch: position.epoch)
    }

    /// Waits until everything recorded so far is in the file (before a command reads it).
    public func flush() {
        flushPendingEpoch()
        drain()
    }

    /// Copies the session recorded so far to `destination` atomically, closed with `status` (after
    /// a checkpoint of `network` at `position` when the policy checkpoints when closing).
    public func save(to destination: String, status: SessionCloseStatus, network: Network<Float>, position: SessionPosition) throws {
        if policy.checkpointsWhenClosing { checkpoint(network, at: position) }
        flush()
        if let failure { throw SessionError(failure) }
        try recorder.save(to: destination, status: status)
    }

    /// Writes what is recorded, the closing record with `status` (after a checkpoint of `network`
    /// when the policy checkpoints when closing) and closes the file. Throws what went wrong.
    public func close(status: SessionCloseStatus, network: Network<Float>, position: SessionPosition) throws {
        if policy.checkpointsWhenClosing { checkpoint(network, at: position) }
        flush()
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
        // After a failure (already reported) the closing record is still tried, quietly.
        guard failure == nil else { try? recorder.close(status: status); return }
        try recorder.close(status: status)
    }

    // MARK: Writing

    /// Writes out the epoch being held back, with the count of epochs left out before it.
    private func flushPending(into records: inout [Record]) {
        guard let pending = pendingEpoch else { return }
        records.append(.epoch(pending.metrics, generation: pending.generation, skipped: skipped))
        pendingEpoch = nil
        skipped = 0
    }

    /// Queues the epoch being held back (before saving, closing or reading the file).
    private func flushPendingEpoch() {
        guard !isFull else { return }
        var records: [Record] = []
        flushPending(into: &records)
        enqueue(records)
    }

    /// Queues `records` unless the budget is reached (which is said once).
    private func submit(_ records: [Record], epoch: Int) {
        guard !isFull else { return }
        if let budget, expectedSize >= budget {
            isFull = true
            note("recording \(path) reached its budget of \(RecordingPolicy.sizeText(budget)) at epoch \(epoch): "
                + "nothing after it is recorded (training goes on; :set recording-budget N, in MB, sets the budget of the next recording)")
            return
        }
        enqueue(records)
    }

    private func note(_ message: String) {
        condition.lock()
        unreported = message
        condition.unlock()
    }

    private func enqueue(_ records: [Record]) {
        guard !records.isEmpty else { return }
        guard policy.writesInBackground else {
            write(records)
            return
        }
        condition.lock()
        queue += records
        queuedRecords += records.count
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
            condition.unlock()
            write(batch)
            condition.lock()
            queuedRecords -= batch.count
            writing = false
            condition.broadcast()
            condition.unlock()
        }
    }

    /// Writes `records` in order; the first failure stops the recording (the file keeps everything
    /// up to its last complete record) and is reported once.
    private func write(_ records: [Record]) {
        condition.lock()
        let failed = failureText != nil
        condition.unlock()
        var error: String?
        if !failed {
            do {
                for record in records { try write(record) }
            } catch let caught {
                error = "recording stopped: \(caught)"
            }
        }
        condition.lock()
        writtenSize = recorder.size
        writtenRecords += records.count
        if let error, failureText == nil {
            failureText = error
            unreported = error + "; training goes on, and \(path) keeps everything up to its last complete record"
        }
        condition.unlock()
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
