#if canImport(Glibc)
import Glibc
#endif
import Autodiff
import NeuralNetwork
import Sessions

extension Interpreter {
    // MARK: Commands

    /// `save FILE`: with a recording, copies it to FILE atomically, closed (after a checkpoint of the
    /// current weights, as the policy says); without one, writes the journal (header, every epoch,
    /// change and divergence, a checkpoint, a closing record) to FILE atomically.
    func save(to path: String, force: Bool) throws(CommandError) -> CommandResult {
        do {
            try saveTargets.check(path, force: force)
            if let recording {
                try recording.save(to: path, status: closingStatus, network: experiment.trainer.network, position: position)
                saveTargets.remember(path)
                return CommandResult(lines: ["saved \(path): \(epochCount(recording.epochCount)) (recording continues in \(recording.path))"])
            }
            guard journalIsComplete, journal.droppedCount == 0 else {
                throw CommandError("save \(path): this run does not start from a fresh network and is not being recorded; nothing complete to save")
            }
            try SessionRecorder.writeAtomically(to: path, configuration: journal.startConfiguration, programVersion: programVersion,
                                                status: closingStatus) { recorder in
                try writeJournal(into: recorder)
                try recorder.record(checkpoint: experiment.trainer.network, position: SessionPosition(of: experiment))
            }
            saveTargets.remember(path)
            return CommandResult(lines: ["saved \(path): \(epochCount(journal.epochs.count))"])
        } catch let error as CommandError {
            throw error
        } catch {
            throw CommandError("save \(path): \(error)")
        }
    }

    /// `load FILE`: continues the session from its last checkpoint (as `nnscope train --resume`
    /// does), numbering epochs on; from then on every epoch and change is appended to FILE, which
    /// becomes the recording (a recording in progress is closed first, with the state its run
    /// ended in). When anything is wrong, nothing changes: neither FILE nor the current run.
    func load(from path: String) throws(CommandError) -> CommandResult {
        if let current = recordingPath, Self.isSameFile(current, path) {
            throw CommandError("load \(path): this is the session being recorded; it is already loaded")
        }
        let continuation: SessionContinuation
        do {
            continuation = try SessionContinuation.open(path: path, programVersion: programVersion, engineFactory: Experiment.autodiffEngines)
        } catch {
            throw CommandError("load \(path): \(error)")
        }
        var lines: [String] = []
        if let previous = closeRecording() { lines.append("warning: \(previous)") }
        experiment = continuation.experiment
        journal = RunJournal(startConfiguration: experiment.configuration)
        journalIsComplete = false
        adopt(SessionRecording(continuing: continuation.recorder, epochs: continuation.contents.epochs.count, policy: recordingPolicy))
        let at = continuation.position
        lines.insert("loaded \(path): \(epochCount(continuation.contents.epochs.count)); continuing at epoch \(at.epoch) (generation \(at.generation)) "
            + "from the checkpoint at \(continuation.from), network \(experiment.trainer.network.shapeDescription); "
            + "new epochs and changes are appended to it", at: 0)
        lines += continuation.contents.problems.map { "warning: \($0)" }
        return CommandResult(lines: lines, changedState: true)
    }

    /// `replay FILE`: the session's summary (the TUI opens its replay screen instead).
    func replay(_ path: String) throws(CommandError) -> CommandResult {
        do {
            return CommandResult(lines: try SessionSummary.of(path: path).text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init))
        } catch {
            throw CommandError("replay \(path): \(error)")
        }
    }

    /// `export FILE.csv [from SESSION]`: the epochs of this run (the recording, or the journal) or of
    /// the session file SESSION as CSV (`SessionExport`), written atomically.
    func export(to path: String, from session: String?) throws(CommandError) -> CommandResult {
        let source = session ?? recordingPath
        if let source, Self.isSameFile(path, source) || recordingPath.map({ Self.isSameFile(path, $0) }) == true {
            throw CommandError("export \(path): that is the session file itself; give a .csv file name")
        }
        // Reading the recording: everything recorded must be in it.
        if session == nil { recording?.flush() }
        var problems: [SessionProblem] = []
        var rows = 0
        do {
            if let source {
                try AtomicFile.write(to: path) { write in
                    problems = try SessionExport.writeCSV(path: source) { text in
                        rows += text.utf8.reduce(0) { $0 + ($1 == 10 ? 1 : 0) }
                        try write(text)
                    }
                }
                rows -= 1  // the header line
            } else {
                let csv = SessionExport.csv(journalContents())
                try AtomicFile.write(to: path) { write in try write(csv) }
                rows = journal.epochs.count
            }
        } catch {
            throw CommandError("export \(path): \(error)")
        }
        let what = session.map { "of \($0)" } ?? "of this run"
        return CommandResult(lines: ["exported \(path): \(epochCount(rows)) \(what)"] + problems.map { "warning: \($0)" })
    }

    // MARK: Recording

    /// Starts recording into the session file `path` (`nnscope repl --record`, the TUI's recording)
    /// with `recordingPolicy`. Anything already trained or changed is written first, so the file
    /// holds the whole run.
    public func startRecording(to path: String, programVersion: String? = nil, replacing: Bool = false) -> CommandResult {
        if let programVersion { self.programVersion = programVersion }
        if let recording { return .failure(CommandError("record \(path): already recording into \(recording.path)")) }
        guard journalIsComplete, journal.droppedCount == 0 else {
            return .failure(CommandError("record \(path): this run does not start from a fresh network; record from the start or `load` a session"))
        }
        do {
            adopt(try SessionRecording(path: path, configuration: journal.startConfiguration, programVersion: self.programVersion,
                                       replacing: replacing, policy: recordingPolicy))
        } catch {
            return .failure(CommandError("record \(path): \(error)", kind: error is ExistingSessionFileError ? .existingFile : .general))
        }
        return CommandResult(lines: ["recording into \(path)"], changedState: true)
    }

    /// Records the run into `recording` from now on (a new file: the journal so far is written into it).
    public func adopt(_ recording: SessionRecording) {
        if recording.budget != nil { recording.budget = recordingBudget }
        for entry in journal.entries {
            switch entry {
            case let .epoch(metrics, generation): recording.record(epoch: metrics, generation: generation, network: nil)
            case let .event(command, position, time): recording.record(event: SessionEvent(position: position, command: command.text, time: time))
            case let .divergence(message, position): recording.record(divergence: message, position: position)
            }
        }
        self.recording = recording
        recordedPaths.append(recording.path)
        if journalForgetsRecordedEntries { journal.dropRecorded(upTo: journal.endIndex) }
    }

    /// Finishes the recording, if any: a checkpoint of the current weights (as the policy says) and
    /// the closing record with the run's state. Call it on quit and at the end of input. Returns
    /// what went wrong, if anything.
    @discardableResult
    public func finishRecording() -> CommandResult {
        guard let failure = closeRecording() else { return CommandResult() }
        return .failure(CommandError(failure))
    }

    /// The session file being recorded into, if any.
    public var recordingPath: String? { recording?.path }

    /// Whether two paths name the same file (the same text, or the same device and inode).
    static func isSameFile(_ a: String, _ b: String) -> Bool {
        if a == b { return true }
        var first = stat(), second = stat()
        guard stat(a, &first) == 0, stat(b, &second) == 0 else { return false }
        return first.st_dev == second.st_dev && first.st_ino == second.st_ino
    }

    /// Closes the recording (it is gone afterwards); what went wrong, if anything.
    func closeRecording() -> String? {
        guard let recording else { return nil }
        self.recording = nil
        do {
            try recording.close(status: closingStatus, network: experiment.trainer.network, position: position)
            return recording.takeMessage()
        } catch {
            return "closing the recording \(recording.path): \(error)"
        }
    }

    /// Writes every journal entry into `recorder`, in order (`save` without a recording).
    func writeJournal(into recorder: SessionRecorder) throws {
        for entry in journal.entries {
            switch entry {
            case let .epoch(metrics, generation):
                try recorder.record(epoch: metrics, generation: generation)
            case let .event(command, position, time):
                try recorder.record(event: SessionEvent(position: position, command: command.text, time: time))
            case let .divergence(message, position):
                try recorder.record(divergence: message, position: position)
            }
        }
    }

    /// The journal as session contents (for CSV export without a recording).
    func journalContents() -> SessionContents {
        var contents = SessionContents(header: SessionHeader(configuration: journal.startConfiguration, programVersion: programVersion, created: ""))
        for case let .epoch(metrics, generation) in journal.entries {
            contents.epochs.append(SessionEpoch(generation: generation, metrics: metrics))
        }
        return contents
    }

    /// The closing record's status for the trainer's state.
    var closingStatus: SessionCloseStatus { experiment.trainer.status.closeStatus }

    func epochCount(_ n: Int) -> String { "\(n) epoch\(n == 1 ? "" : "s")" }
}
