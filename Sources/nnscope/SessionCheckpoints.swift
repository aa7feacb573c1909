import Landscape
import NeuralNetwork
import Sessions

/// A session's checkpoints, read for `landscape` and `curvature`: the one chosen by `--epoch`, the
/// trajectory leading to it (the same network generation's checkpoints up to it, in order) and the
/// configuration in force there (the header's with every earlier event applied).
struct SessionCheckpoints {
    var chosen: SessionCheckpoint
    var trajectory: [SessionCheckpoint]
    var configuration: TrainingConfiguration

    /// `epoch`: the last checkpoint at or before that epoch (nil: the session's last checkpoint).
    static func load(path: String, epoch: Int?) throws -> SessionCheckpoints {
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
            throw CLIError("\(path) has no checkpoints (record one with `nnscope train --record FILE`, which checkpoints the last epoch, or --checkpoint-every N)")
        }
        let index: Int
        if let epoch {
            guard let found = all.lastIndex(where: { $0.0.position.epoch <= epoch }) else {
                throw CLIError("epoch \(epoch) is before the first checkpoint of \(path) (epoch \(first.0.position.epoch))")
            }
            index = found
        } else {
            index = all.count - 1
        }
        let (chosen, config) = all[index]
        let trajectory = all[...index].map(\.0).filter { $0.position.generation == chosen.position.generation }
        return SessionCheckpoints(chosen: chosen, trajectory: trajectory, configuration: config)
    }

    /// The mean-training-loss problem at the chosen checkpoint (the split rebuilt in Double).
    func problem() throws -> TrainingLoss {
        let trainer: Trainer<Double>
        do { trainer = try Trainer<Double>(configuration: configuration) } catch {
            throw CLIError("cannot rebuild the session's training data: \(error)")
        }
        guard trainer.network.layers.count == chosen.network.layers.count,
              zip(trainer.network.layers, chosen.network.layers).allSatisfy({ $0.parameterCount == $1.parameterCount }) else {
            throw CLIError("the checkpoint's network \(chosen.network.shapeDescription) does not match the session's configuration \(trainer.network.shapeDescription)")
        }
        return TrainingLoss(trainer: trainer, network: chosen.network)
    }
}
