import NeuralNetwork

/// A session's checkpoints, read for `landscape` and `curvature`: the one chosen by `--epoch`, the
/// trajectory leading to it (the same network generation's checkpoints up to it, in order) and the
/// configuration in force there (the header's with every earlier event applied). Read for
/// `nnscope landscape`, `nnscope curvature` and the TUI's landscape panel.
public struct SessionCheckpoints: Sendable {
    public var chosen: SessionCheckpoint
    public var trajectory: [SessionCheckpoint]
    public var configuration: TrainingConfiguration

    /// `epoch`: the last checkpoint at or before that epoch (nil: the session's last checkpoint).
    public static func load(path: String, epoch: Int?) throws -> SessionCheckpoints {
        var configuration: TrainingConfiguration?
        var all: [(SessionCheckpoint, TrainingConfiguration)] = []
        try SessionReader.stream(path: path) { item in
            guard case let .record(record, _, _) = item else { return }
            switch record {
            case let .header(h): configuration = h.configuration
            case let .event(e): try e.apply(to: &configuration!)
            case let .checkpoint(c): all.append((c, configuration!))
            default: break
            }
        }
        guard let first = all.first else {
            throw SessionError("\(path) has no checkpoints (record one with `nnscope train --record FILE`, which checkpoints the last epoch, or --checkpoint-every N)")
        }
        let index: Int
        if let epoch {
            guard let found = all.lastIndex(where: { $0.0.position.epoch <= epoch }) else {
                throw SessionError("epoch \(epoch) is before the first checkpoint of \(path) (epoch \(first.0.position.epoch))")
            }
            index = found
        } else {
            index = all.count - 1
        }
        let (chosen, config) = all[index]
        let trajectory = all[...index].map(\.0).filter { $0.position.generation == chosen.position.generation }
        return SessionCheckpoints(chosen: chosen, trajectory: trajectory, configuration: config)
    }

}

extension SessionCheckpoints {
    /// Every checkpoint of network `generation` in the session at `path`, in order (none when the
    /// file cannot be read: a live recording may not have reached the disk yet).
    public static func trajectory(path: String, generation: Int) -> [SessionCheckpoint] {
        var found: [SessionCheckpoint] = []
        _ = try? SessionReader.stream(path: path) { item in
            if case let .record(.checkpoint(c), _, _) = item, c.position.generation == generation { found.append(c) }
        }
        return found
    }
}
