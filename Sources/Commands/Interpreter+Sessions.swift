#if canImport(Glibc)
import Glibc
#endif
import Autodiff
import NeuralNetwork
import Sessions

extension Interpreter {
    // MARK: Commands

    /// `save FILE`: with a recording, checkpoints the current weights into it and copies it to FILE
    /// atomically; without one, writes the journal (header, every epoch, change and divergence, a
    /// checkpoint, a closing record) to FILE atomically.
    func save(to path: String, force: Bool) throws(CommandError) -> CommandResult {
        do {
            try saveTargets.check(path, force: force)
            if let recorder {
                try checkpoint(into: recorder)
                try recorder.save(to: path, status: closingStatus)
                saveTargets.remember(path)
                return CommandResult(lines: ["saved \(path): \(epochCount(recordedEpochs)) (recording continues in \(recorder.path))"])
            }
            guard journalIsComplete else {
                throw CommandError("save \(path): this run does not start from a fresh network and is not being recorded; nothing complete to save")
            }
            guard journal.droppedCount == 0 else {
                throw CommandError("save \(path): this run is recorded in \(externalRecordingPath ?? "another file"); copy that file")
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
    /// becomes the recording (a recording in progress is checkpointed and closed first). When
    /// anything is wrong, nothing changes: neither FILE nor the current run. A caller recording the
    /// run itself (`externalRecordingPath`) closes its recording and takes FILE over with
    /// `handOverRecorder()`, so the continued run is recorded once, into FILE.
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
        if let previous = finishRecordingReportingFailure() { lines.append("warning: \(previous)") }
        experiment = continuation.experiment
        journal = RunJournal(startConfiguration: experiment.configuration)
        journalIsComplete = false
        recorder = continuation.recorder
        externalRecordingPath = nil
        recordedEpochs = continuation.contents.epochs.count
        checkpointedAt = nil
        let at = continuation.position
        lines.insert("loaded \(path): \(epochCount(recordedEpochs)); continuing at epoch \(at.epoch) (generation \(at.generation)) "
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

    /// Starts recording into the session file `path` (`nnscope repl --record`). Anything already
    /// trained or changed is written first, so the file holds the whole run.
    public func startRecording(to path: String, programVersion: String? = nil, replacing: Bool = false) -> CommandResult {
        if let programVersion { self.programVersion = programVersion }
        if let recorder { return .failure(CommandError("record \(path): already recording into \(recorder.path)")) }
        guard journalIsComplete, journal.droppedCount == 0 else {
            return .failure(CommandError("record \(path): this run does not start from a fresh network; record from the start or `load` a session"))
        }
        do {
            let recorder = try SessionRecorder(path: path, configuration: journal.startConfiguration, programVersion: self.programVersion, replacing: replacing)
            try writeJournal(into: recorder)
            self.recorder = recorder
            recordedEpochs = journal.epochs.count
            checkpointedAt = nil
        } catch {
            return .failure(CommandError("record \(path): \(error)", kind: error is ExistingSessionFileError ? .existingFile : .general))
        }
        return CommandResult(lines: ["recording into \(path)"], changedState: true)
    }

    /// Finishes the recording, if any: a checkpoint of the current weights and the closing record.
    /// Call it on quit and at the end of input. Returns what went wrong, if anything.
    @discardableResult
    public func finishRecording() -> CommandResult {
        guard let failure = finishRecordingReportingFailure() else { return CommandResult() }
        return .failure(CommandError(failure))
    }

    /// The session file being recorded into, if any: the interpreter's own recording or the
    /// caller's (`externalRecordingPath`).
    public var recordingPath: String? { recorder?.path ?? externalRecordingPath }

    /// The caller recording this run (`externalRecordingPath`) has written the journal's entries
    /// before position `index` to its file: the journal forgets them, so memory stays flat however
    /// long the run. Ignored without an external recording (`save` then needs the whole journal).
    public func journalRecorded(upTo index: Int) {
        guard externalRecordingPath != nil else { return }
        journal.dropRecorded(upTo: index)
    }

    /// Hands the recording the interpreter writes (after `load`: the loaded file) to the caller,
    /// which records the run from then on (the TUI, on its own writer thread): the interpreter stops
    /// writing to it and treats it as `externalRecordingPath`. Nil when the interpreter records nothing.
    public func handOverRecorder() -> SessionRecorder? {
        guard let recorder else { return nil }
        self.recorder = nil
        externalRecordingPath = recorder.path
        checkpointedAt = nil
        return recorder
    }

    /// Whether two paths name the same file (the same text, or the same device and inode).
    static func isSameFile(_ a: String, _ b: String) -> Bool {
        if a == b { return true }
        var first = stat(), second = stat()
        guard stat(a, &first) == 0, stat(b, &second) == 0 else { return false }
        return first.st_dev == second.st_dev && first.st_ino == second.st_ino
    }

    func finishRecordingReportingFailure() -> String? {
        guard let recorder else { return nil }
        self.recorder = nil
        do {
            try checkpoint(into: recorder)
            try recorder.close(status: closingStatus)
            return nil
        } catch {
            return "closing the recording \(recorder.path): \(error)"
        }
    }

    /// Runs one recorder write; a failure stops the recording and is reported with the next result.
    func record(_ write: () throws -> Void) {
        do { try write() } catch {
            recordingFailure = "recording stopped (\(recorder?.path ?? "")): \(error)"
            recorder = nil
        }
    }

    /// Records the current weights unless they were recorded at this position already.
    func checkpoint(into recorder: SessionRecorder) throws {
        let now = SessionPosition(of: experiment)
        guard checkpointedAt != now else { return }
        try recorder.record(checkpoint: experiment.trainer.network, position: now)
        checkpointedAt = now
    }

    /// Writes every journal entry into `recorder`, in order.
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
