import LinearAlgebra
import NeuralNetwork

/// Where in a run something happened: after `epoch` completed epochs and `batch` mini-batches of the
/// next, in the `generation`-th network of the experiment (1 for the first; each re-initialisation or
/// resume starts a new one).
public struct SessionPosition: Sendable, Equatable, Codable, CustomStringConvertible {
    public var generation: Int
    public var epoch: Int
    public var batch: Int

    public init(generation: Int, epoch: Int, batch: Int) {
        self.generation = generation
        self.epoch = epoch
        self.batch = batch
    }

    /// Where `experiment` stands now.
    public init(of experiment: Experiment) {
        self.init(generation: experiment.generation, epoch: experiment.trainer.epoch, batch: experiment.trainer.batchInEpoch)
    }

    public var description: String { "generation \(generation), epoch \(epoch), batch \(batch)" }
}
