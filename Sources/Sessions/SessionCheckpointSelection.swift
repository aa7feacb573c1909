import NeuralNetwork

/// A checkpoint chosen by epoch and the experiment as it stood when it was written (configuration,
/// dataset, input standardisation): what `nnscope export --weights` and `nnscope predict` read.
public struct SessionCheckpointSelection {
    public let contents: SessionContents
    public let checkpoint: SessionCheckpoint
    /// Rebuilt from the header and the changes before the checkpoint, its network restored from it.
    public let experiment: Experiment

    /// The last checkpoint (in file order) at or before `epoch` (nil: the last one), with the
    /// experiment rebuilt to it. Reads every file the session's dataset came from (checked against
    /// their recorded sizes and hashes first).
    public static func open(path: String, atOrBefore epoch: Int?,
                            engineFactory: (@Sendable (GradientEngineKind) -> (any GradientEngine<Float>)?)? = nil) throws -> SessionCheckpointSelection {
        var contents: SessionContents?
        var first: SessionCheckpoint?
        var chosen: SessionCheckpoint?
        // The events and resumes recorded before the chosen checkpoint (records are in the order
        // things happened): how many of each.
        var before = (events: 0, resumes: 0)
        try SessionReader.stream(path: path) { item in
            if case let .record(.header(h), _, _) = item { contents = SessionContents(header: h); return }
            contents?.add(item)
            if case let .record(.checkpoint(c), _, _) = item {
                if first == nil { first = c }
                if epoch.map({ c.position.epoch <= $0 }) ?? true {
                    chosen = c
                    before = (contents?.events.count ?? 0, contents?.resumes.count ?? 0)
                }
            }
        }
        guard let contents else { throw SessionError("\(path): empty file; not a session") }
        guard let first else {
            throw SessionError("\(path) holds no checkpoint (`nnscope train --record` writes one after the last epoch, the TUI on save and quit)")
        }
        guard let chosen else {
            throw SessionError("\(path) has no checkpoint at or before epoch \(epoch ?? 0): the first one is at epoch \(first.position.epoch)")
        }
        for file in contents.header.dataFiles + contents.events.flatMap(\.dataFiles) { try file.check() }
        let experiment: Experiment
        do { experiment = try Experiment(configuration: contents.header.configuration, engineFactory: engineFactory) } catch {
            throw SessionError("\(path): cannot rebuild the session's experiment: \(error)")
        }
        let at = chosen.position
        var earlier = contents
        earlier.events = Array(contents.events.prefix(before.events))
        earlier.resumes = Array(contents.resumes.prefix(before.resumes))
        for change in SessionContinuation.changesInOrder(earlier) {
            switch change {
            case let .event(event):
                do { try event.apply(to: experiment) } catch {
                    throw SessionError("\(path): '\(event.command)' at \(event.position) could not be applied: \(error)")
                }
            case .resume:
                do { try experiment.reset() } catch { throw SessionError("\(path): \(error)") }
            }
        }
        guard experiment.generation == at.generation else {
            throw SessionError("\(path): the checkpoint at \(at) does not follow from the recorded changes (they reach generation \(experiment.generation))")
        }
        do { try experiment.trainer.restore(network: chosen.network) } catch {
            throw SessionError("\(path): the checkpoint at \(at) does not fit the session's network: \(error)")
        }
        return SessionCheckpointSelection(contents: contents, checkpoint: chosen, experiment: experiment)
    }
}
