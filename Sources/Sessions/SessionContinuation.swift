import NeuralNetwork

/// A recorded session continued where it stopped: `nnscope train --resume` and the REPL's `load`.
///
/// The experiment is rebuilt from the header's configuration and the recorded changes (each applied
/// through `SessionEvent.apply`, each earlier resume as a re-initialisation), so its configuration and
/// generation are those the replay (`SessionVerifier`) reaches. It then starts a new generation
/// from the last checkpoint (fresh optimiser state), numbering epochs on, and a `resume` record is
/// appended: exactly what the verifier re-runs.
public struct SessionContinuation {
    /// Appends to the session file, after the resume record.
    public let recorder: SessionRecorder
    /// The session as read (problems included: report them).
    public let contents: SessionContents
    /// The continued experiment, at `position`.
    public let experiment: Experiment
    /// Where the continuation starts: the new generation, the checkpoint's epoch, batch 0.
    public let position: SessionPosition
    /// The checkpoint it continues from.
    public let from: SessionPosition

    /// Opens `path` to continue it. Everything is checked (the file, its checkpoint, its data files,
    /// the rebuilt network) before the file is touched: when this throws, the file is unchanged.
    public static func open(path: String, programVersion: String,
                            engineFactory: (@Sendable (GradientEngineKind) -> (any GradientEngine<Float>)?)?) throws -> SessionContinuation {
        let contents = try SessionReader.read(path: path)
        let (experiment, checkpoint) = try rebuild(contents, name: path, engineFactory: engineFactory)
        let position = SessionPosition(generation: experiment.generation, epoch: checkpoint.position.epoch, batch: 0)
        let (recorder, reread) = try SessionRecorder.resume(path: path)
        try recorder.record(resumeFrom: checkpoint.position, position: position, programVersion: programVersion)
        return SessionContinuation(recorder: recorder, contents: reread, experiment: experiment, position: position,
                                   from: checkpoint.position)
    }

    /// The experiment continuing `contents` (already at the new generation, restored from the last
    /// checkpoint) and that checkpoint. Touches no file but the dataset's.
    public static func rebuild(_ contents: SessionContents, name: String,
                               engineFactory: (@Sendable (GradientEngineKind) -> (any GradientEngine<Float>)?)?) throws -> (Experiment, SessionCheckpoint) {
        guard let checkpoint = contents.lastCheckpoint else {
            throw SessionError("\(name) holds no checkpoint to continue from (`nnscope train --record` writes one after the last epoch, the REPL on save and quit)")
        }
        var configuration = contents.header.configuration
        configuration.dataset = try DataFileReference.locating(contents.header.dataFiles, in: configuration.dataset, sessionPath: name).spec
        let experiment: Experiment
        do { experiment = try Experiment(configuration: configuration, engineFactory: engineFactory) } catch {
            throw SessionError("\(name): cannot rebuild the session's experiment: \(error)")
        }
        for change in changesInOrder(contents) {
            switch change {
            case let .event(event):
                do {
                    try event.locatingDataFiles(sessionPath: name).event.apply(to: experiment)
                } catch {
                    throw SessionError("\(name): '\(event.command)' at \(event.position) could not be applied: \(error)")
                }
            case .resume:
                do { try experiment.reset() } catch { throw SessionError("\(name): \(error)") }
            }
        }
        guard checkpoint.position.generation == experiment.generation else {
            throw SessionError("\(name): the last checkpoint (\(checkpoint.position)) is older than the last network (generation \(experiment.generation)); nothing to continue from")
        }
        do {
            try experiment.reset()
            try experiment.trainer.restore(network: checkpoint.network)
        } catch {
            throw SessionError("\(name): cannot restore the checkpoint at \(checkpoint.position): \(error)")
        }
        experiment.trainer.continueNumbering(fromEpoch: checkpoint.position.epoch)
        return (experiment, checkpoint)
    }

    enum Change {
        case event(SessionEvent)
        case resume(SessionResume)

        var key: (Int, Int, Int, Int) {
            switch self {
            case let .event(e): return (e.position.generation, e.position.epoch, e.position.batch, 1)
            case let .resume(r): return (r.position.generation, r.position.epoch, r.position.batch, 0)
            }
        }
    }

    /// Events and resumes in the order they happened (positions only grow; a resume comes before
    /// the changes made at its own position).
    static func changesInOrder(_ contents: SessionContents) -> [Change] {
        let all = contents.events.map(Change.event) + contents.resumes.map(Change.resume)
        return all.enumerated().sorted { a, b in
            a.element.key != b.element.key ? a.element.key < b.element.key : a.offset < b.offset
        }.map(\.element)
    }
}
