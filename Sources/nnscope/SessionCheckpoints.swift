import Landscape
import NeuralNetwork
import Sessions

extension SessionCheckpoints {
    /// `load`, with its errors as command-line errors.
    static func loadForCommand(path: String, epoch: Int?) throws -> SessionCheckpoints {
        do { return try load(path: path, epoch: epoch) } catch { throw CLIError("\(error)") }
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
